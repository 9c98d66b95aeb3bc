package dev.symdex.engine.query.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Forward-push PageRank against the power iteration it approximates: on seeded random graphs its
 * ranks are within the stated L1 bound, the top files agree where the ranks are clearly apart, and
 * it is deterministic and local.
 */
class PushRankTest {
  private static final double[] BACKWARD = {0.0, 0.5, 1.0};

  /** A random graph: {@code n} files, about {@code n * fanOut} weighted edges, some files with none. */
  private static FileGraph randomGraph(Random random, int n, int fanOut) {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      paths.add(String.format(Locale.ROOT, "f%04d", i));
    }
    List<FileGraph.Edge> edges = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (random.nextInt(5) == 0) {
        continue; // no out-edges: dangling when walked forwards only
      }
      int out = 1 + random.nextInt(2 * fanOut);
      for (int k = 0; k < out; k++) {
        int to = random.nextInt(4) == 0 ? random.nextInt(n) : Math.floorMod(i + random.nextInt(11) - 5, n); // mostly near: clusters
        edges.add(new FileGraph.Edge(paths.get(i), paths.get(to), random.nextBoolean() ? FileGraph.IMPORT_WEIGHT : 0.1 + random.nextDouble()));
      }
    }
    return FileGraph.of(1, paths, edges);
  }

  private static Map<String, Double> randomSeeds(Random random, FileGraph g) {
    Map<String, Double> seeds = new TreeMap<>();
    int count = 1 + random.nextInt(5);
    for (int k = 0; k < count; k++) {
      seeds.put(g.path(random.nextInt(g.size())), 0.1 + random.nextDouble() * 3);
    }
    return seeds;
  }

  /** Summed degree (edges walked, at least 1) of every file: the bound's factor. */
  private static double degreeSum(FileGraph g, double backward) {
    double sum = 0;
    for (int i = 0; i < g.size(); i++) {
      int d = g.outStart()[i + 1] - g.outStart()[i] + (backward > 0 ? g.inStart()[i + 1] - g.inStart()[i] : 0);
      sum += Math.max(1, d);
    }
    return sum;
  }

  private static double l1(FileGraph g, GraphRank.Ranks exact, PushRank.Ranks push) {
    double sum = 0;
    for (int i = 0; i < g.size(); i++) {
      sum += Math.abs(exact.of(g.path(i)) - push.of(g.path(i)));
    }
    return sum;
  }

  @Test
  void onRandomGraphsTheRanksAreWithinTheStatedL1BoundOfThePowerIteration() {
    Random random = new Random(13);
    for (int round = 0; round < 60; round++) {
      FileGraph g = randomGraph(random, 20 + random.nextInt(280), 1 + random.nextInt(4));
      double backward = BACKWARD[round % BACKWARD.length];
      double epsilon = round % 2 == 0 ? 1e-4 : 1e-7;
      Map<String, Double> seeds = randomSeeds(random, g);
      GraphRank.Ranks exact = new GraphRank(new GraphRank.Params(0.85, 1e-13, 100_000, backward)).rank(g, seeds);
      assertTrue(exact.converged());
      PushRank.Ranks push = new PushRank(new PushRank.Params(0.85, epsilon, backward)).rank(g, seeds);

      String label = "round " + round + ", epsilon " + epsilon + ", backward " + backward;
      double distance = l1(g, exact, push);
      assertEquals(push.residual(), distance, 1e-9, "the residual is the L1 distance: " + label);
      assertTrue(push.residual() <= epsilon * degreeSum(g, backward) + 1e-12, "L1 <= epsilon * summed degrees: " + label);
      assertEquals(1.0, push.total() + push.residual(), 1e-9, label);
      for (int i = 0; i < g.size(); i++) {
        assertTrue(push.of(g.path(i)) <= exact.of(g.path(i)) + 1e-12, "never above the exact rank: " + label + ", " + g.path(i));
      }
      if (epsilon < 1e-6) {
        assertTrue(distance < 1e-3, "a small epsilon is close: " + distance + ", " + label);
      }
    }
  }

  @Test
  void theTopFilesAgreeWhereTheRanksAreClearlyApart() {
    Random random = new Random(7);
    int compared = 0;
    for (int round = 0; round < 40; round++) {
      FileGraph g = randomGraph(random, 50 + random.nextInt(150), 2);
      double backward = BACKWARD[round % BACKWARD.length];
      Map<String, Double> seeds = randomSeeds(random, g);
      GraphRank.Ranks exact = new GraphRank(new GraphRank.Params(0.85, 1e-13, 100_000, backward)).rank(g, seeds);
      PushRank.Ranks push = new PushRank(new PushRank.Params(0.85, 1e-6, backward)).rank(g, seeds);
      List<GraphRank.Ranked> exactTop = exact.top(g.size());
      for (int k = 1; k <= 10; k++) {
        // Each rank is off by at most the residual: a gap above twice that cannot reorder across k.
        if (exactTop.get(k - 1).rank() - exactTop.get(k).rank() > 2 * push.residual()) {
          assertEquals(paths(exactTop.subList(0, k)), paths(push.top(k)), "top " + k + " of round " + round);
          compared++;
        }
      }
    }
    assertTrue(compared > 100, "enough clear cases were compared: " + compared);
  }

  private static Set<String> paths(List<GraphRank.Ranked> ranked) {
    Set<String> out = new HashSet<>();
    ranked.forEach(r -> out.add(r.path()));
    return out;
  }

  @Test
  void aHubAndASeedRankAsThePowerIterationRanksThem() {
    // a -> hub, b -> hub, c -> hub, hub -> leaf; d alone. Seeded on a, forwards only.
    List<String> paths = List.of("a", "b", "c", "d", "hub", "leaf");
    List<FileGraph.Edge> edges = List.of(new FileGraph.Edge("a", "hub", 1), new FileGraph.Edge("b", "hub", 1),
        new FileGraph.Edge("c", "hub", 1), new FileGraph.Edge("hub", "leaf", 1));
    FileGraph g = FileGraph.of(1, paths, edges);
    PushRank.Ranks push = new PushRank(new PushRank.Params(0.85, 1e-9, 0.0)).rank(g, Map.of("a", 1.0));
    GraphRank.Ranks exact = new GraphRank(new GraphRank.Params(0.85, 1e-12, 10_000, 0.0)).rank(g, Map.of("a", 1.0));
    assertEquals(List.of("a", "hub", "leaf"), push.top(10).stream().map(GraphRank.Ranked::path).toList());
    assertEquals(exact.top(3).stream().map(GraphRank.Ranked::path).toList(), push.top(3).stream().map(GraphRank.Ranked::path).toList());
    assertEquals(3, push.size(), "only the files the walk reaches have a rank");
    assertEquals(0, push.of("b"));
    assertEquals(0, push.of("no/such"));

    PushRank.Ranks both = new PushRank(new PushRank.Params(0.85, 1e-9, 1.0)).rank(g, Map.of("a", 1.0));
    assertTrue(both.of("b") > 0, "walking backwards reaches the hub's other importers");
    assertTrue(both.of("d") == 0, "never a file with no path from the seed");
  }

  @Test
  void theSameGraphAndSeedsGiveTheSameRanksWhateverTheSeedMapOrder() {
    Random random = new Random(3);
    FileGraph g = randomGraph(random, 500, 3);
    Map<String, Double> seeds = randomSeeds(new Random(5), g);
    Map<String, Double> reversed = new LinkedHashMap<>();
    new ArrayList<>(seeds.keySet()).reversed().forEach(p -> reversed.put(p, seeds.get(p)));
    PushRank rank = new PushRank(new PushRank.Params(0.85, 1e-6, 0.5));
    PushRank.Ranks first = rank.rank(g, seeds);
    PushRank.Ranks second = rank.rank(randomGraph(new Random(3), 500, 3), reversed);
    assertEquals(first.top(g.size()), second.top(g.size()), "bit for bit, in the same order");
    assertEquals(first.residual(), second.residual());
    assertEquals(first.pushes(), second.pushes());
  }

  @Test
  void noValidSeedRanksNothing() {
    FileGraph g = randomGraph(new Random(1), 100, 2);
    PushRank rank = new PushRank(PushRank.Params.DEFAULTS);
    for (Map<String, Double> seeds : List.of(Map.<String, Double>of(), Map.of("not/a/node", 1.0), Map.of(g.path(3), 0.0),
        Map.of(g.path(4), -1.0), Map.of(g.path(5), Double.NaN))) {
      PushRank.Ranks ranks = rank.rank(g, seeds);
      assertEquals(List.of(), ranks.top(5), seeds.toString());
      assertEquals(0, ranks.total());
      assertEquals(0, ranks.residual());
      assertEquals(0, ranks.of(g.path(3)));
    }
    PushRank.Ranks empty = rank.rank(FileGraph.of(1, List.of(), List.of()), Map.of("x", 1.0));
    assertEquals(List.of(), empty.top(5));
  }

  @Test
  void aSeedWithNoEdgesKeepsAllItsMass() {
    FileGraph g = FileGraph.of(1, List.of("a", "b"), List.of(new FileGraph.Edge("b", "a", 1)));
    PushRank.Ranks ranks = new PushRank(new PushRank.Params(0.85, 1e-9, 0.0)).rank(g, Map.of("a", 1.0));
    assertEquals(1.0, ranks.of("a"), 1e-8, "its mass returns to it (the seed) on every step");
    assertEquals(0, ranks.of("b"));
  }
}
