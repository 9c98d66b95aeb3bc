package dev.symdex.engine.query.rank;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Approximate personalized PageRank over a {@link FileGraph} by forward push (Andersen, Chung and
 * Lang, 2006), with the walk of {@link GraphRank}: from a file, follow an out-edge (in proportion
 * to its weight; in-edges too, scaled by {@code backwardWeight}) with probability {@code damping},
 * else jump back to the seeds; a file with no edge to follow sends all its mass to the seeds.
 *
 * <p>Local: it keeps a rank and a residual for the files the walk reaches, no per-file array, so
 * its cost follows the seeds' neighbourhood, not the graph's size: at most {@code 1 / ((1 -
 * damping) * epsilon)} edge visits. It starts with the seeds' weights as residual and pushes, in a
 * fixed first-in first-out order, every file whose residual exceeds {@code epsilon} times its
 * degree (its edges walked, at least 1): a push keeps {@code 1 - damping} of the residual as rank
 * and spreads the rest over the file's edges.
 *
 * <p>Error: the exact ranks are the ranks found plus the PageRank of what is left in the
 * residuals, so the L1 distance to the exact ranks is exactly {@link Ranks#residual()}, which is at
 * most {@code epsilon} times the summed degrees of the files reached. Every rank found is at most
 * its exact value.
 *
 * <p>Deterministic (the same graph, seeds and params give the same ranks bit for bit), stateless
 * and thread-safe. Without any valid seed it ranks nothing: a uniform restart is not local (use
 * {@link GraphRank}).
 */
public final class PushRank {
  /**
   * @param damping probability of following an edge rather than jumping to the seeds, in (0, 1)
   * @param epsilon a file is pushed while its residual exceeds {@code epsilon} times its degree,
   *     {@code > 0}; smaller is closer and slower
   * @param backwardWeight factor of an edge's weight when walked backwards, {@code >= 0} (as in
   *     {@link GraphRank.Params})
   */
  public record Params(double damping, double epsilon, double backwardWeight) {
    public static final Params DEFAULTS = new Params(0.85, 1e-6, 0.0);

    public Params {
      if (!(damping > 0 && damping < 1) || !(epsilon > 0) || !(backwardWeight >= 0)) {
        throw new IllegalArgumentException("bad params " + damping + ", " + epsilon + ", " + backwardWeight);
      }
    }

    /** The walk of {@code walk} (damping, backward weight), pushed down to {@code epsilon}. */
    public static Params of(GraphRank.Params walk, double epsilon) {
      return new Params(walk.damping(), epsilon, walk.backwardWeight());
    }
  }

  private final Params params;

  public PushRank(Params params) {
    this.params = params;
  }

  /**
   * The approximate ranks under {@code seeds} (file → weight {@code > 0}, normalized; files not in
   * the graph and weights {@code <= 0} or not finite are ignored). No valid seed: no ranks.
   */
  public Ranks rank(FileGraph graph, Map<String, Double> seeds) {
    Restart restart = Restart.of(graph, seeds);
    if (restart.ids.length == 0) {
      return new Ranks(graph, new int[0], new double[0], 0, 0);
    }
    Walk walk = new Walk(graph, params, restart);
    walk.run();
    return walk.ranks();
  }

  /** The seeds as sorted ids and their normalized weights. */
  private record Restart(int[] ids, double[] weights) {
    static Restart of(FileGraph graph, Map<String, Double> seeds) {
      TreeMap<Integer, Double> byId = new TreeMap<>();
      double total = 0;
      for (Map.Entry<String, Double> seed : new TreeMap<>(seeds).entrySet()) { // path order: a fixed sum
        Double w = seed.getValue();
        OptionalInt id = graph.id(seed.getKey());
        if (id.isPresent() && w != null && w > 0 && Double.isFinite(w)) {
          byId.merge(id.getAsInt(), w, Double::sum);
          total += w;
        }
      }
      int[] ids = new int[byId.size()];
      double[] weights = new double[byId.size()];
      int i = 0;
      for (Map.Entry<Integer, Double> e : byId.entrySet()) {
        ids[i] = e.getKey();
        weights[i++] = e.getValue() / total;
      }
      return new Restart(ids, weights);
    }
  }

  /** One run of the push: the files reached, each with a slot in parallel arrays, and the queue. */
  private static final class Walk {
    private final FileGraph graph;
    private final double damping;
    private final double epsilon;
    private final double backward;
    private final Restart restart;
    private final NodeSlots slots = new NodeSlots();
    private final IntQueue queue = new IntQueue();
    private double[] residual = new double[16];
    private double[] rank = new double[16];
    private boolean[] queued = new boolean[16];
    private long pushes;

    Walk(FileGraph graph, Params params, Restart restart) {
      this.graph = graph;
      this.damping = params.damping();
      this.epsilon = params.epsilon();
      this.backward = params.backwardWeight();
      this.restart = restart;
    }

    void run() {
      for (int i = 0; i < restart.ids.length; i++) {
        add(restart.ids[i], restart.weights[i]);
      }
      int[] outStart = graph.outStart();
      int[] outTo = graph.outTo();
      double[] outWeight = graph.outWeight();
      int[] inStart = graph.inStart();
      int[] inFrom = graph.inFrom();
      double[] inWeight = graph.inWeight();
      double[] outTotal = graph.outTotal();
      double[] inTotal = graph.inTotal();
      while (!queue.isEmpty()) {
        int slot = queue.poll();
        int u = slots.node(slot);
        double r = residual[slot];
        residual[slot] = 0;
        queued[slot] = false;
        rank[slot] += (1 - damping) * r;
        pushes++;
        double leaving = outTotal[u] + backward * inTotal[u];
        if (leaving > 0) {
          double share = damping * r / leaving;
          for (int e = outStart[u]; e < outStart[u + 1]; e++) {
            add(outTo[e], share * outWeight[e]);
          }
          if (backward > 0) {
            for (int e = inStart[u]; e < inStart[u + 1]; e++) {
              add(inFrom[e], share * backward * inWeight[e]);
            }
          }
        } else { // nothing to follow: back to the seeds
          for (int i = 0; i < restart.ids.length; i++) {
            add(restart.ids[i], damping * r * restart.weights[i]);
          }
        }
      }
    }

    private void add(int node, double mass) {
      int slot = slots.slotOf(node);
      if (slot == residual.length) {
        residual = Arrays.copyOf(residual, slot * 2);
        rank = Arrays.copyOf(rank, slot * 2);
        queued = Arrays.copyOf(queued, slot * 2);
      }
      residual[slot] += mass;
      if (!queued[slot] && residual[slot] > epsilon * degree(node)) {
        queued[slot] = true;
        queue.add(slot);
      }
    }

    private int degree(int node) {
      int d = graph.outStart()[node + 1] - graph.outStart()[node];
      if (backward > 0) {
        d += graph.inStart()[node + 1] - graph.inStart()[node];
      }
      return Math.max(1, d);
    }

    Ranks ranks() {
      int reached = slots.size();
      Integer[] order = new Integer[reached];
      double left = 0;
      int kept = 0;
      for (int s = 0; s < reached; s++) { // slot order: a fixed sum
        left += residual[s];
        if (rank[s] > 0) {
          order[kept++] = s;
        }
      }
      Arrays.sort(order, 0, kept, Comparator.comparingInt(slots::node));
      int[] ids = new int[kept];
      double[] ranks = new double[kept];
      for (int i = 0; i < kept; i++) {
        ids[i] = slots.node(order[i]);
        ranks[i] = rank[order[i]];
      }
      return new Ranks(graph, ids, ranks, left, pushes);
    }
  }

  /** Open-addressing map from node id to a dense slot (0, 1, 2, ... in order of first sight). */
  private static final class NodeSlots {
    private int[] keys = new int[32]; // node + 1; 0 = empty
    private int[] values = new int[32];
    private int[] nodes = new int[16];
    private int size;

    int slotOf(int node) {
      int mask = keys.length - 1;
      int i = mix(node) & mask;
      while (keys[i] != 0) {
        if (keys[i] == node + 1) {
          return values[i];
        }
        i = (i + 1) & mask;
      }
      keys[i] = node + 1;
      values[i] = size;
      if (size == nodes.length) {
        nodes = Arrays.copyOf(nodes, size * 2);
      }
      nodes[size] = node;
      size++;
      if (size * 2 > keys.length) {
        grow();
      }
      return size - 1;
    }

    int node(int slot) {
      return nodes[slot];
    }

    int size() {
      return size;
    }

    private void grow() {
      int[] oldKeys = keys;
      int[] oldValues = values;
      keys = new int[oldKeys.length * 2];
      values = new int[oldKeys.length * 2];
      int mask = keys.length - 1;
      for (int j = 0; j < oldKeys.length; j++) {
        if (oldKeys[j] != 0) {
          int i = mix(oldKeys[j] - 1) & mask;
          while (keys[i] != 0) {
            i = (i + 1) & mask;
          }
          keys[i] = oldKeys[j];
          values[i] = oldValues[j];
        }
      }
    }

    private static int mix(int x) {
      int h = x * 0x9E3779B9;
      return h ^ (h >>> 16);
    }
  }

  /** A growable first-in first-out queue of ints. */
  private static final class IntQueue {
    private int[] items = new int[16];
    private int head;
    private int size;

    void add(int x) {
      if (size == items.length) {
        int[] grown = new int[items.length * 2];
        for (int i = 0; i < size; i++) {
          grown[i] = items[(head + i) % items.length];
        }
        items = grown;
        head = 0;
      }
      items[(head + size) % items.length] = x;
      size++;
    }

    int poll() {
      int x = items[head];
      head = (head + 1) % items.length;
      size--;
      return x;
    }

    boolean isEmpty() {
      return size == 0;
    }
  }

  /** The ranks of one push run: only the files reached, by id; immutable. */
  public static final class Ranks {
    private final FileGraph graph;
    private final int[] ids;
    private final double[] rank;
    private final double residual;
    private final long pushes;

    Ranks(FileGraph graph, int[] ids, double[] rank, double residual, long pushes) {
      this.graph = graph;
      this.ids = ids;
      this.rank = rank;
      this.residual = residual;
      this.pushes = pushes;
    }

    /** The rank of {@code path}; 0 when the walk did not reach it or it is not a node. */
    public double of(String path) {
      OptionalInt id = graph.id(path);
      int i = id.isPresent() ? Arrays.binarySearch(ids, id.getAsInt()) : -1;
      return i >= 0 ? rank[i] : 0;
    }

    /** The {@code limit} highest ranked files reached, highest first; equal ranks by path. */
    public List<GraphRank.Ranked> top(int limit) {
      Integer[] order = new Integer[ids.length];
      for (int i = 0; i < ids.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -rank[i]).thenComparingInt(i -> ids[i]));
      List<GraphRank.Ranked> out = new ArrayList<>(Math.min(limit, ids.length));
      for (int i = 0; i < Math.min(limit, ids.length); i++) {
        out.add(new GraphRank.Ranked(graph.path(ids[order[i]]), rank[order[i]]));
      }
      return out;
    }

    /** Number of files with a rank above 0. */
    public int size() {
      return ids.length;
    }

    /** Sum of the ranks found: {@code 1 - residual()} up to rounding (0 without seeds). */
    public double total() {
      double sum = 0;
      for (double r : rank) {
        sum += r;
      }
      return sum;
    }

    /** Mass left unpushed: exactly the L1 distance from these ranks to the exact ones. */
    public double residual() {
      return residual;
    }

    /** Number of pushes made (files pushed, counted each time). */
    public long pushes() {
      return pushes;
    }
  }
}
