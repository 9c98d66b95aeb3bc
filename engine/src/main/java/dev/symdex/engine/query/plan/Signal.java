package dev.symdex.engine.query.plan;

/** The evidence Plan weighs; each can be turned off (for ablations and for callers that want one). */
public enum Signal {
  /** BM25F of the task's terms over file names, directories, definition names and the names each file uses ({@link LexicalIndex}). */
  LEXICAL,
  /** Personalized PageRank over the resolved import + call graph, seeded by the lexical matches. */
  GRAPH,
  /** Files that changed in the same commits as the lexical matches (git history). */
  COCHANGE,
  /** Files changed in recent commits or not committed yet. */
  RECENCY,
  /** A test file next to its subject, and a subject next to its test. */
  TESTS,
  /** Files changed by past commits whose messages read like the task (git history). */
  COMMITS
}
