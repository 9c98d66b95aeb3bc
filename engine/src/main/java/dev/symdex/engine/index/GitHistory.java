package dev.symdex.engine.index;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.extract.FactExtractor;
import dev.symdex.engine.git.GitHead;
import dev.symdex.engine.model.Definition;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an engine keeps for questions about git revisions (a Delta): the repository, the extractor
 * that parses revision content never indexed, the definitions of such content parsed before (the
 * {@value #PARSED_KEPT} most recent), and the files that may differ from git's index, carried from
 * one generation to the next by each apply. One per engine of a git working tree; thread-safe.
 */
public final class GitHistory {
  static final int PARSED_KEPT = 4096;

  private final Path root;
  private final GitHead git;
  private final FactExtractor extractor;
  private final long maxFileBytes;
  private final Map<String, List<Definition>> parsedRevisionContent =
      Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Definition>> eldest) {
          return size() > PARSED_KEPT;
        }
      });
  /** The files that may differ from git's index, as of the last Delta, carried by each apply. */
  private volatile WorkingCandidates workingCandidates;

  GitHistory(Path root, GitHead git, FactExtractor extractor, long maxFileBytes) {
    this.root = root;
    this.git = git;
    this.extractor = extractor;
    this.maxFileBytes = maxFileBytes;
  }

  /** The top of the working tree. */
  public Path root() {
    return root;
  }

  public GitHead git() {
    return git;
  }

  /** Parses revision content for its definitions. */
  public FactExtractor extractor() {
    return extractor;
  }

  /** Content larger than this is not parsed (as in the index). */
  public long maxFileBytes() {
    return maxFileBytes;
  }

  /**
   * Definitions of revision content parsed by earlier deltas, by language and content hash
   * (shared, thread-safe, bounded): asking again parses nothing.
   */
  public Map<String, List<Definition>> parsedRevisionContent() {
    return parsedRevisionContent;
  }

  /**
   * The files of {@code s} that may differ from git's {@code index}: the ones carried to this
   * generation when there are, else computed by a merge of git's index with the files table.
   */
  public WorkingCandidates workingCandidates(IndexSnapshot s, GitHead.Index index) throws SymdexException {
    WorkingCandidates w = workingCandidates;
    if (w != null && w.generation() == s.generation() && w.index() == index) {
      return w;
    }
    w = WorkingCandidates.of(s, index);
    workingCandidates = w;
    return w;
  }

  /**
   * True when there are working candidates to carry from generation {@code before}; the engine
   * then calls {@link #carry} after its apply.
   */
  boolean hasCandidates() {
    return workingCandidates != null;
  }

  /**
   * Carries the working candidates from generation {@code before} to the generation {@code r}
   * made, over {@code after} (a snapshot of the index after the apply); drops them when that
   * cannot be done exactly (several generations, or too many changes listed).
   */
  void carry(long before, ApplyResult r, IndexSnapshot after) throws SymdexException {
    WorkingCandidates w = workingCandidates;
    if (w == null || r.generation() == w.generation()) {
      return;
    }
    workingCandidates = null;
    if (w.generation() != before || r.generation() != before + 1 || r.changesTruncated()) {
      return; // several generations (a checkpointed change) or too many changes listed: merge again
    }
    if (after.generation() == r.generation()) {
      workingCandidates = w.carriedTo(after, r.changes().stream().map(FileChange::path).toList());
    }
  }
}
