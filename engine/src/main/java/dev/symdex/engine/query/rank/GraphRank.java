package dev.symdex.engine.query.rank;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Personalized PageRank over a {@link FileGraph}, by power iteration. A walker at a file follows
 * one of its out-edges with probability {@code damping} (chosen in proportion to edge weight;
 * with {@link Params#backwardWeight} {@code > 0}, in-edges too, scaled by that factor), or jumps
 * back to the seeds otherwise. The seeds are a distribution over files (the given weights,
 * normalized; uniform over all files when there are none), and a file with no edge to follow
 * gives all of its mass to the seeds ("dangling" mass), so ranks always sum to 1.
 *
 * <p>Iterates until the L1 distance between two rank vectors is below {@link Params#tolerance},
 * or {@link Params#maxIterations}. Deterministic: the same graph, seeds and params give the same
 * ranks bit for bit (a fixed summation order over ids). Stateless and thread-safe.
 */
public final class GraphRank {
  /**
   * @param damping probability of following an edge rather than jumping to the seeds, in (0, 1)
   * @param tolerance stop when the L1 change of one iteration falls below it, {@code > 0}
   * @param maxIterations iterations at most, {@code >= 1}
   * @param backwardWeight factor of an edge's weight when walked backwards (to an importer or
   *     caller), {@code >= 0}; 0 walks imports and calls forwards only, as Aider's repo map does
   */
  public record Params(double damping, double tolerance, int maxIterations, double backwardWeight) {
    public static final Params DEFAULTS = new Params(0.85, 1e-6, 200, 0.0);

    public Params {
      if (!(damping > 0 && damping < 1) || !(tolerance > 0) || maxIterations < 1 || !(backwardWeight >= 0)) {
        throw new IllegalArgumentException("bad params " + damping + ", " + tolerance + ", " + maxIterations + ", " + backwardWeight);
      }
    }
  }

  /** A file and its rank. */
  public record Ranked(String path, double rank) {}

  private final Params params;

  public GraphRank(Params params) {
    this.params = params;
  }

  /**
   * The ranks of every file of {@code graph} under {@code seeds} (file → weight {@code > 0};
   * files not in the graph and weights {@code <= 0} are ignored; when none is left, restarts are
   * uniform over all files).
   */
  public Ranks rank(FileGraph graph, Map<String, Double> seeds) {
    int n = graph.size();
    double[] restart = restart(graph, new TreeMap<>(seeds));
    if (n == 0) {
      return new Ranks(graph, restart, 0, true);
    }
    double b = params.backwardWeight();
    double d = params.damping();
    int[] outStart = graph.outStart();
    int[] outTo = graph.outTo();
    double[] outWeight = graph.outWeight();
    int[] inStart = graph.inStart();
    int[] inFrom = graph.inFrom();
    double[] inWeight = graph.inWeight();
    double[] leaving = new double[n]; // total weight a walker at i chooses among
    double[] inTotal = graph.inTotal();
    for (int i = 0; i < n; i++) {
      leaving[i] = graph.outTotal()[i] + b * inTotal[i];
    }
    double[] rank = restart.clone();
    double[] next = new double[n];
    double[] share = new double[n]; // rank[i] / leaving[i]
    int iterations = 0;
    boolean converged = false;
    while (iterations < params.maxIterations() && !converged) {
      iterations++;
      double dangling = 0;
      for (int i = 0; i < n; i++) {
        if (leaving[i] > 0) {
          share[i] = rank[i] / leaving[i];
        } else {
          share[i] = 0;
          dangling += rank[i];
        }
      }
      double delta = 0;
      for (int v = 0; v < n; v++) {
        double flow = 0;
        for (int e = inStart[v]; e < inStart[v + 1]; e++) {
          flow += share[inFrom[e]] * inWeight[e];
        }
        if (b > 0) {
          for (int e = outStart[v]; e < outStart[v + 1]; e++) {
            flow += share[outTo[e]] * b * outWeight[e];
          }
        }
        next[v] = d * flow + (d * dangling + (1 - d)) * restart[v];
        delta += Math.abs(next[v] - rank[v]);
      }
      double[] swap = rank;
      rank = next;
      next = swap;
      converged = delta < params.tolerance();
    }
    return new Ranks(graph, rank, iterations, converged);
  }

  private static double[] restart(FileGraph graph, TreeMap<String, Double> seeds) {
    int n = graph.size();
    double[] p = new double[n];
    double total = 0;
    for (Map.Entry<String, Double> seed : seeds.entrySet()) { // path order: a fixed sum
      OptionalInt id = graph.id(seed.getKey());
      if (id.isPresent() && seed.getValue() != null && seed.getValue() > 0 && Double.isFinite(seed.getValue())) {
        p[id.getAsInt()] += seed.getValue();
        total += seed.getValue();
      }
    }
    if (total == 0) {
      Arrays.fill(p, n == 0 ? 0 : 1.0 / n);
      return p;
    }
    for (int i = 0; i < n; i++) {
      p[i] /= total;
    }
    return p;
  }

  /** The ranks of one run, by file id; immutable. */
  public static final class Ranks {
    private final FileGraph graph;
    private final double[] rank;
    private final int iterations;
    private final boolean converged;

    Ranks(FileGraph graph, double[] rank, int iterations, boolean converged) {
      this.graph = graph;
      this.rank = rank;
      this.iterations = iterations;
      this.converged = converged;
    }

    /** The rank of {@code path}; 0 when it is not a node of the graph. */
    public double of(String path) {
      OptionalInt id = graph.id(path);
      return id.isPresent() ? rank[id.getAsInt()] : 0;
    }

    /** The {@code limit} highest ranked files, highest first; equal ranks by path. */
    public List<Ranked> top(int limit) {
      List<Integer> ids = new ArrayList<>(rank.length);
      for (int i = 0; i < rank.length; i++) {
        ids.add(i);
      }
      ids.sort(Comparator.<Integer>comparingDouble(i -> -rank[i]).thenComparingInt(i -> i));
      List<Ranked> out = new ArrayList<>(Math.min(limit, ids.size()));
      for (int i = 0; i < Math.min(limit, ids.size()); i++) {
        out.add(new Ranked(graph.path(ids.get(i)), rank[ids.get(i)]));
      }
      return out;
    }

    /** Sum of all ranks: 1 up to rounding (0 for an empty graph). */
    public double total() {
      double sum = 0;
      for (double r : rank) {
        sum += r;
      }
      return sum;
    }

    public int iterations() {
      return iterations;
    }

    /** False when the iteration cap stopped it before the tolerance was met. */
    public boolean converged() {
      return converged;
    }
  }
}
