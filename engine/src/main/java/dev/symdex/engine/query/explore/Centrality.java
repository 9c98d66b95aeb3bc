package dev.symdex.engine.query.explore;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.rank.FileGraph;
import dev.symdex.engine.query.rank.GraphRank;
import java.util.Map;
import java.util.Optional;

/**
 * Where Explore gets the global centrality of files: PageRank with uniform seeds over the resolved
 * import + call graph of the searcher's generation. A seam, so that a holder cached per generation
 * can stand in for {@link #builtPerCall()}.
 */
@FunctionalInterface
public interface Centrality {
  /**
   * The ranks of every indexed file of {@code searcher}'s generation (summing to 1); empty while
   * they are not to be had on the request path (a large project's first graph, built in the
   * background).
   *
   * @throws SymdexException.Cancelled when the searcher is cancelled while the graph is built
   */
  Optional<GraphRank.Ranks> ranks(Searcher searcher) throws SymdexException;

  /**
   * Builds the file graph ({@link FileGraph#build}) and ranks it ({@link GraphRank.Params#DEFAULTS},
   * uniform seeds) on every call: correct, but it reads every file's facts, so a server should
   * pass a cached one instead.
   */
  static Centrality builtPerCall() {
    return searcher -> Optional.of(new GraphRank(GraphRank.Params.DEFAULTS).rank(FileGraph.build(searcher), Map.of()));
  }
}
