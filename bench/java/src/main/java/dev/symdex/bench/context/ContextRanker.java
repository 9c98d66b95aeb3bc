package dev.symdex.bench.context;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.query.Searcher;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Ranks the files of an index for a task: what an agent should read first. Implementations are
 * deterministic (same index, same task, same answer) and may keep caches across calls; they are
 * called from one thread.
 */
public interface ContextRanker {
  /** Short name shown in the report ({@code bm25}, {@code plan}). */
  String name();

  /**
   * The files of {@code searcher}'s index ranked for {@code task}, best first.
   *
   * @param task the task's text (a commit message)
   * @param searcher the index at the task's parent commit
   * @param root the working tree the index was built from (for rankers that read files)
   */
  Ranking rank(String task, Searcher searcher, Path root) throws SymdexException, IOException;
}
