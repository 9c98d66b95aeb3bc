package dev.symdex.engine.query.explore;

import dev.symdex.engine.query.rank.GraphRank;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The centrality of the files one map looks at, read from {@link GraphRank.Ranks} once (a lookup
 * there is a binary search over every path; sorting thousands of files would do it millions of
 * times). Files not in the graph rank 0.
 */
final class FileRanks {
  /** No ranks at all: every file ranks 0 (orders fall back to their next key). */
  static final FileRanks NONE = new FileRanks(Map.of());

  private final Map<String, Double> ranks;

  private FileRanks(Map<String, Double> ranks) {
    this.ranks = ranks;
  }

  FileRanks(GraphRank.Ranks ranks, Collection<String> files) {
    this.ranks = new HashMap<>(files.size() * 2);
    for (String f : files) {
      this.ranks.put(f, ranks.of(f));
    }
  }

  /** The rank of {@code path}; 0 when it was not among the files or is not in the graph. */
  double of(String path) {
    return ranks.getOrDefault(path, 0.0);
  }

  /** {@code paths} (each once), most central first, equal ranks by path. */
  List<String> mostCentralFirst(Collection<String> paths) {
    return paths.stream().sorted(Comparator.comparingDouble((String p) -> -of(p)).thenComparing(p -> p)).toList();
  }
}
