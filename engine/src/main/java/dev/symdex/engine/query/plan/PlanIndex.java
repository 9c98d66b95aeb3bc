package dev.symdex.engine.query.plan;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.git.ChangeHistory;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.query.Delta;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.rank.FileGraph;
import dev.symdex.engine.query.rank.GraphRank;
import dev.symdex.engine.query.rank.RankCache;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

/**
 * What Plan keeps for one project between requests: the {@link LexicalIndex}, the file graph and
 * the git history, each brought to the generation (or HEAD) of the request that needs it, in
 * proportion to what changed since: nothing is recomputed from scratch on the request path once
 * built. One per project; thread-safe (requests are serialized on it: a plan takes milliseconds).
 */
public final class PlanIndex {
  /** Commits of history read for co-change and recency. */
  static final int HISTORY_COMMITS = 1000;
  /**
   * Projects of at most this many indexed files build their file graph on the request that first
   * needs it (well under a second); larger ones only off the request path ({@link #warm}), and
   * answer without it meanwhile (resolving every call site of OpenJDK's 56k files takes a minute).
   */
  public static final long GRAPH_ON_REQUEST_MAX_FILES = 10_000;
  private final Path root;
  private final LexicalIndex lexical = new LexicalIndex();
  /** The project's file graph and global ranks, shared with Explore (its own lock: never waits on a plan). */
  private final RankCache ranks = new RankCache(GraphRank.Params.DEFAULTS);
  private volatile ChangeHistory history = ChangeHistory.EMPTY;
  private CommitIndex commits = CommitIndex.of(ChangeHistory.EMPTY);
  /** Uncommitted files read per generation for {@link View#editedNow} (more: the rest are left out). */
  static final int UNCOMMITTED_READ_LIMIT = 2_000;
  private Set<String> edited = Set.of();
  private long editedGeneration = -1;

  /** @param root the project's working tree (files are read from it for spans and whole-file text) */
  public PlanIndex(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /**
   * What this index holds in memory, estimated (lexical index, file graph and ranks, the git
   * history read: a commit at 64 bytes a path): for the daemon's memory cap, not a measurement.
   */
  public long estimatedBytes() {
    long historyBytes = 0;
    for (ChangeHistory.Commit c : history.commits()) { // never waits for a plan (or the seconds of a first lexical index)
      historyBytes += 200 + c.paths().size() * 64L + c.message().length() * 2L;
    }
    return lexical.estimatedBytes() + ranks.estimatedBytes() + historyBytes;
  }

  /** The file graph and global ranks of the project, per generation (for Explore's centrality too). */
  public RankCache ranks() {
    return ranks;
  }

  /**
   * The file graph and global ranks at {@code searcher}'s generation, for a request: moved there
   * from the last complete state (or that state while another thread moves it); built here the
   * first time only in a project of at most {@link #GRAPH_ON_REQUEST_MAX_FILES} files; else empty
   * until {@link #warm} has built it.
   */
  public Optional<RankCache.Current> graphFor(Searcher searcher) throws SymdexException {
    Optional<RankCache.Current> built = ranks.ifBuilt(searcher);
    if (built.isPresent() || searcher.snapshot().counts().files() > GRAPH_ON_REQUEST_MAX_FILES) {
      return built;
    }
    return Optional.of(ranks.at(searcher));
  }

  /**
   * Builds (or moves) everything a request would otherwise build on its path: the lexical index
   * (seconds on OpenJDK; a Plan waits for it), then the file graph and its ranks (a minute; Plan
   * and Explore answer without it meanwhile), at {@code searcher}'s generation. For a background
   * thread; requests meanwhile answer as {@link #graphFor} says.
   */
  public void warm(Searcher searcher) throws SymdexException {
    with(searcher, view -> null);
    ranks.refresh(searcher);
  }

  /**
   * Brings the lexical index to {@code searcher}'s generation and runs {@code work} on this index
   * while no other request does.
   */
  public synchronized <T> T with(Searcher searcher, Work<T> work) throws SymdexException {
    lexical.update(searcher.snapshot());
    return work.run(new View(searcher));
  }

  /** Work on a project's plan index. */
  public interface Work<T> {
    T run(View view) throws SymdexException;
  }

  /** The index as of one request (valid inside {@link #with} only). */
  public final class View {
    private final Searcher searcher;

    private View(Searcher searcher) {
      this.searcher = searcher;
    }

    public Searcher searcher() {
      return searcher;
    }

    public Path root() {
      return root;
    }

    public LexicalIndex lexical() {
      return lexical;
    }

    /** The git history at the current HEAD (moved forward from the last one read when HEAD did). */
    public ChangeHistory history() throws SymdexException {
      history = ChangeHistory.update(history, root, HISTORY_COMMITS);
      return history;
    }

    /** The messages of {@code h}'s commits ({@code h} as {@link #history()} returned it), indexed once per history. */
    CommitIndex commits(ChangeHistory h) {
      if (commits.history() != h) {
        commits = CommitIndex.of(h);
      }
      return commits;
    }

    /**
     * The files edited in the working tree since HEAD last moved ({@link ChangeHistory#editedNow}),
     * among those that differ from HEAD (uncommitted, as {@code Delta(since HEAD)} sees them): a
     * fresh clone or checkout, whose files were all written after HEAD moved, has none. Read once
     * per generation; empty outside git.
     */
    public Set<String> editedNow() throws SymdexException {
      if (editedGeneration != searcher.generation()) {
        Map<String, Long> changed = new HashMap<>();
        Delta uncommitted;
        try {
          uncommitted = searcher.delta("HEAD", UNCOMMITTED_READ_LIMIT);
        } catch (SymdexException.InvalidQuery notGit) {
          uncommitted = null;
        }
        if (uncommitted != null) {
          for (Delta.FileDelta f : uncommitted.files()) {
            Optional<FileState> state = searcher.snapshot().file(f.path());
            if (state.isPresent() && state.get().status().isIndexed()) {
              changed.put(f.path(), state.get().mtimeNanos());
            }
          }
        }
        edited = changed.isEmpty() ? Set.of() : history().editedNow(changed);
        editedGeneration = searcher.generation();
      }
      return edited;
    }

    /**
     * The file graph: this generation's, or while another request moves it, the last complete
     * one; empty while a large project's first graph is built off the request path ({@link #graphFor}).
     */
    public Optional<FileGraph> graph() throws SymdexException {
      return graphFor(searcher).map(RankCache.Current::graph);
    }
  }
}
