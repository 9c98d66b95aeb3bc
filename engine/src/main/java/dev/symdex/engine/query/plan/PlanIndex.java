package dev.symdex.engine.query.plan;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.git.ChangeHistory;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.rank.FileGraph;
import dev.symdex.engine.query.rank.GraphRank;
import dev.symdex.engine.query.rank.RankCache;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What Plan keeps for one project between requests: the {@link LexicalIndex}, the file graph and
 * the git history, each brought to the generation (or HEAD) of the request that needs it, in
 * proportion to what changed since: nothing is recomputed from scratch on the request path once
 * built. One per project; thread-safe (requests are serialized on it: a plan takes milliseconds).
 */
public final class PlanIndex {
  /** Commits of history read for co-change and recency. */
  static final int HISTORY_COMMITS = 1000;
  private final Path root;
  private final LexicalIndex lexical = new LexicalIndex();
  /** The project's file graph and global ranks, shared with Explore (its own lock: never waits on a plan). */
  private final RankCache ranks = new RankCache(GraphRank.Params.DEFAULTS);
  private ChangeHistory history = ChangeHistory.EMPTY;
  private Map<String, Long> mtimes = Map.of();
  private long mtimesGeneration = -1;

  /** @param root the project's working tree (files are read from it for spans and whole-file text) */
  public PlanIndex(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** The file graph and global ranks of the project, per generation (for Explore's centrality too). */
  public RankCache ranks() {
    return ranks;
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

    /** Each indexed file's modification time as the index saw it (epoch nanoseconds), at this generation. */
    public Map<String, Long> mtimes() throws SymdexException {
      if (mtimesGeneration != searcher.generation()) {
        Map<String, Long> m = new HashMap<>();
        searcher.snapshot().forEachFile((path, state) -> {
          if (state.status().isIndexed()) {
            m.put(path, state.mtimeNanos());
          }
          return true;
        });
        mtimes = m;
        mtimesGeneration = searcher.generation();
      }
      return mtimes;
    }

    /** The file graph: this generation's, or while another request moves it, the last complete one. */
    public FileGraph graph() throws SymdexException {
      return ranks.at(searcher).graph();
    }
  }
}
