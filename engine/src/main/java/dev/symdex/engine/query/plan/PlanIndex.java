package dev.symdex.engine.query.plan;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.git.ChangeHistory;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.rank.FileGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
  private FileGraph graph;
  /** Files changed since {@link #graph} was last moved. */
  private final Set<String> graphBehind = new TreeSet<>();
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

  /**
   * Brings the lexical index to {@code searcher}'s generation and runs {@code work} on this index
   * while no other request does.
   */
  public synchronized <T> T with(Searcher searcher, Work<T> work) throws SymdexException {
    List<String> changed = lexical.update(searcher.snapshot());
    if (graph != null) {
      graphBehind.addAll(changed);
    }
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

    /** The file graph at this generation: built on first use, then moved by the files changed since. */
    public FileGraph graph() throws SymdexException {
      if (graph == null) {
        graph = FileGraph.build(searcher);
      } else if (!graphBehind.isEmpty() || graph.generation() != searcher.generation()) {
        Collection<String> changed = new ArrayList<>(graphBehind);
        graph = graph.update(searcher, changed);
        graphBehind.clear();
      }
      return graph;
    }
  }
}
