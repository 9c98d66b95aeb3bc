package dev.symdex.engine.query.rank;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.query.CallGraph;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.resolve.CallTarget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The weighted, directed file graph of one index generation: an edge {@code a → b} when {@code a}
 * imports {@code b} (resolved, as stored) or calls definitions of {@code b}. Its weight is {@link
 * #IMPORT_WEIGHT} for the import plus the summed confidence of every call site of {@code a} over
 * its targets in {@code b}. Self edges are left out. Nodes are the indexed files (parsed, with a
 * language), numbered 0..n-1 in path order (Java {@code String} order), so ids and every walk
 * over them are deterministic.
 *
 * <p>Kept as compressed rows (CSR) of primitive arrays, both ways (out-edges and in-edges), so a
 * 56k-file graph is a few MB and a PageRank iteration is a pass over arrays. Built once per
 * generation ({@link #build}) and shared: immutable, thread-safe.
 */
public final class FileGraph {
  /** Weight of an import edge; a call site adds its confidence (0..1) on top. */
  public static final double IMPORT_WEIGHT = 1.0;

  /** An out-edge of a file, as a value (for tests and explanations; the walks use the arrays). */
  public record Edge(String from, String to, double weight) {}

  private final long generation;
  private final String[] paths;
  private final int[] outStart;
  private final int[] outTo;
  private final double[] outWeight;
  private final int[] inStart;
  private final int[] inFrom;
  private final double[] inWeight;
  private final double[] outTotal;
  private final double[] inTotal;

  /** Bytes its arrays take (paths counted at 64 bytes each): an estimate for the daemon's memory cap. */
  public long estimatedBytes() {
    long n = paths.length;
    long edges = outTo.length;
    return n * (64 + 4 + 4 + 4 + 8 + 8) + edges * (4 + 8 + 4 + 8);
  }

  private FileGraph(long generation, String[] paths, Rows rows) {
    this.generation = generation;
    this.paths = paths;
    int n = paths.length;
    this.outStart = new int[n + 1];
    int edges = 0;
    for (int i = 0; i < n; i++) {
      outStart[i] = edges;
      edges += rows.targets(i).length;
    }
    outStart[n] = edges;
    this.outTo = new int[edges];
    this.outWeight = new double[edges];
    this.outTotal = new double[n];
    int[] inCount = new int[n + 1];
    for (int i = 0; i < n; i++) {
      int[] t = rows.targets(i);
      double[] w = rows.weights(i);
      System.arraycopy(t, 0, outTo, outStart[i], t.length);
      System.arraycopy(w, 0, outWeight, outStart[i], w.length);
      double total = 0;
      for (int e = 0; e < t.length; e++) {
        total += w[e];
        inCount[t[e] + 1]++;
      }
      outTotal[i] = total;
    }
    this.inStart = new int[n + 1];
    for (int i = 0; i < n; i++) {
      inStart[i + 1] = inStart[i] + inCount[i + 1];
    }
    this.inFrom = new int[edges];
    this.inWeight = new double[edges];
    int[] fill = Arrays.copyOf(inStart, n);
    for (int i = 0; i < n; i++) { // sources in id order: each in-row comes out sorted
      for (int e = outStart[i]; e < outStart[i + 1]; e++) {
        int slot = fill[outTo[e]]++;
        inFrom[slot] = i;
        inWeight[slot] = outWeight[e];
      }
    }
    this.inTotal = new double[n];
    for (int i = 0; i < n; i++) { // in-rows in source order: a fixed sum
      for (int e = inStart[i]; e < inStart[i + 1]; e++) {
        inTotal[i] += inWeight[e];
      }
    }
  }

  /**
   * A graph of {@code paths} (sorted, distinct) and {@code edges} between them, for tests and
   * tools: the same rules as {@link #build} (self edges and weights {@code <= 0} left out, parallel
   * edges summed).
   */
  static FileGraph of(long generation, List<String> paths, List<Edge> edges) {
    String[] p = paths.toArray(String[]::new);
    for (int i = 1; i < p.length; i++) {
      if (p[i - 1].compareTo(p[i]) >= 0) {
        throw new IllegalArgumentException("paths must be sorted and distinct: " + p[i - 1] + ", " + p[i]);
      }
    }
    List<TreeMap<Integer, Double>> rows = new ArrayList<>(p.length);
    for (int i = 0; i < p.length; i++) {
      rows.add(new TreeMap<>());
    }
    for (Edge e : edges) {
      int from = Arrays.binarySearch(p, e.from());
      int to = Arrays.binarySearch(p, e.to());
      if (from < 0 || to < 0) {
        throw new IllegalArgumentException("edge between unknown files: " + e);
      }
      if (from != to && e.weight() > 0) {
        rows.get(from).merge(to, e.weight(), Double::sum);
      }
    }
    Rows out = new Rows(p.length);
    for (int i = 0; i < p.length; i++) {
      out.set(i, rows.get(i).keySet().stream().mapToInt(Integer::intValue).toArray(),
          rows.get(i).values().stream().mapToDouble(Double::doubleValue).toArray());
    }
    return new FileGraph(generation, p, out);
  }

  /**
   * True when {@code other} has the same nodes and the same edges with the same weights, bit for
   * bit (whatever the generations).
   */
  public boolean sameEdges(FileGraph other) {
    return Arrays.equals(paths, other.paths) && Arrays.equals(outStart, other.outStart) && Arrays.equals(outTo, other.outTo)
        && Arrays.equals(outWeight, other.outWeight);
  }

  /**
   * The file graph of {@code searcher}'s generation: every indexed file's stored imports, and
   * every call site resolved as {@link CallGraph#calls} resolves it. Reads every file's facts and
   * resolves every call: run it once per generation, not per request.
   */
  public static FileGraph build(Searcher searcher) throws SymdexException {
    String[] paths = indexedPaths(searcher.snapshot());
    Rows rows = new Rows(paths.length);
    RowReader reader = new RowReader(searcher, paths);
    for (int i = 0; i < paths.length; i++) {
      searcher.snapshot().checkCancelled();
      reader.read(i, paths[i], rows);
    }
    return new FileGraph(searcher.generation(), paths, rows);
  }

  /**
   * This graph moved to {@code searcher}'s generation, after the files {@code changed} (paths
   * added, modified or deleted since this graph's generation) changed. Rebuilt: the node set (read
   * from the new snapshot), the out-rows of the changed files, and the out-rows of every file that
   * imports a changed file, before or after. Kept as they were: the out-rows of every other file.
   *
   * <p>Not incremental, and so possibly stale until the next {@link #build}: a call of an
   * unchanged file that resolved by name alone (same directory or anywhere in the repo) to a
   * definition a changed file added, removed or renamed, when the caller does not import that
   * file. Such edges carry low confidence (0.7 or 0.3 divided among candidates); rebuild in full
   * now and then (for example after a git move) to drop them.
   *
   * <p>{@code changed} is the union of the files of every {@code ApplyResult.changes()} since this
   * graph's generation; when one of them was truncated ({@code changesTruncated}), {@link #build}
   * instead. Costs one pass over the file table plus the rows rebuilt.
   *
   * @throws IllegalArgumentException when {@code searcher} is older than this graph
   */
  public FileGraph update(Searcher searcher, Collection<String> changed) throws SymdexException {
    if (searcher.generation() < generation) {
      throw new IllegalArgumentException("generation " + searcher.generation() + " is older than the graph's " + generation);
    }
    String[] newPaths = indexedPaths(searcher.snapshot());
    Set<String> dirty = new HashSet<>(changed);
    for (String path : changed) {
      searcher.snapshot().checkCancelled();
      dirty.addAll(searcher.snapshot().importersOf(path));
      OptionalInt old = id(path);
      if (old.isPresent()) {
        for (int e = inStart[old.getAsInt()]; e < inStart[old.getAsInt() + 1]; e++) {
          dirty.add(paths[inFrom[e]]);
        }
      }
    }
    int[] remap = remap(paths, newPaths);
    Rows rows = new Rows(newPaths.length);
    RowReader reader = new RowReader(searcher, newPaths);
    int old = 0;
    for (int i = 0; i < newPaths.length; i++) {
      while (old < paths.length && paths[old].compareTo(newPaths[i]) < 0) {
        old++;
      }
      boolean kept = old < paths.length && paths[old].equals(newPaths[i]) && !dirty.contains(newPaths[i]);
      if (kept) {
        copyRow(old, remap, i, rows);
      } else {
        searcher.snapshot().checkCancelled();
        reader.read(i, newPaths[i], rows);
      }
    }
    return new FileGraph(searcher.generation(), newPaths, rows);
  }

  /** For each id of {@code from} (sorted), its id in {@code to} (sorted), or -1 when gone. */
  private static int[] remap(String[] from, String[] to) {
    int[] out = new int[from.length];
    int j = 0;
    for (int i = 0; i < from.length; i++) {
      while (j < to.length && to[j].compareTo(from[i]) < 0) {
        j++;
      }
      out[i] = j < to.length && to[j].equals(from[i]) ? j : -1;
    }
    return out;
  }

  /** Row {@code old} of this graph as row {@code now} (ids moved by {@code remap}), dropping targets gone. */
  private void copyRow(int old, int[] remap, int now, Rows rows) {
    int from = outStart[old];
    int to = outStart[old + 1];
    int[] targets = new int[to - from];
    double[] weights = new double[to - from];
    int k = 0;
    for (int e = from; e < to; e++) {
      int target = remap[outTo[e]];
      if (target >= 0) { // ids keep their order: the row stays sorted
        targets[k] = target;
        weights[k++] = outWeight[e];
      }
    }
    rows.set(now, k == targets.length ? targets : Arrays.copyOf(targets, k), k == weights.length ? weights : Arrays.copyOf(weights, k));
  }

  private static String[] indexedPaths(IndexSnapshot snapshot) throws SymdexException.CorruptIndex {
    List<String> out = new ArrayList<>();
    snapshot.forEachFile((path, state) -> {
      if (state.status().isIndexed()) {
        out.add(path);
      }
      return true;
    });
    String[] paths = out.toArray(String[]::new);
    Arrays.sort(paths);
    return paths;
  }

  /** The generation of the snapshot this graph was built (or last updated) from. */
  public long generation() {
    return generation;
  }

  /** Number of files (nodes). */
  public int size() {
    return paths.length;
  }

  /** Number of distinct directed file pairs with an edge. */
  public int edgeCount() {
    return outTo.length;
  }

  /** The id of {@code path} (its index in path order), or empty when it is not a node. */
  public OptionalInt id(String path) {
    int i = Arrays.binarySearch(paths, path);
    return i >= 0 ? OptionalInt.of(i) : OptionalInt.empty();
  }

  /** The path of node {@code id}. */
  public String path(int id) {
    return paths[id];
  }

  /** The out-edges of {@code path}, by target path; empty when it has none or is not a node. */
  public List<Edge> edgesFrom(String path) {
    OptionalInt id = id(path);
    if (id.isEmpty()) {
      return List.of();
    }
    List<Edge> out = new ArrayList<>();
    for (int e = outStart[id.getAsInt()]; e < outStart[id.getAsInt() + 1]; e++) {
      out.add(new Edge(path, paths[outTo[e]], outWeight[e]));
    }
    return out;
  }

  // Package-private array access for GraphRank: no copies on the hot path.
  int[] outStart() {
    return outStart;
  }

  int[] outTo() {
    return outTo;
  }

  double[] outWeight() {
    return outWeight;
  }

  int[] inStart() {
    return inStart;
  }

  int[] inFrom() {
    return inFrom;
  }

  double[] inWeight() {
    return inWeight;
  }

  double[] outTotal() {
    return outTotal;
  }

  /** Per node, the summed weight of its in-edges. */
  double[] inTotal() {
    return inTotal;
  }

  /** Out-rows under construction: per node, its targets (sorted ids) and their weights. */
  private static final class Rows {
    private static final int[] NO_TARGETS = new int[0];
    private static final double[] NO_WEIGHTS = new double[0];
    private final int[][] targets;
    private final double[][] weights;

    Rows(int n) {
      targets = new int[n][];
      weights = new double[n][];
    }

    void set(int node, int[] t, double[] w) {
      targets[node] = t;
      weights[node] = w;
    }

    int[] targets(int node) {
      return targets[node] == null ? NO_TARGETS : targets[node];
    }

    double[] weights(int node) {
      return weights[node] == null ? NO_WEIGHTS : weights[node];
    }
  }

  /**
   * Reads one file's out-row from a snapshot: its stored imports and its resolved calls. Sums each
   * target's weights in a dense scratch row (in the order they come: the same sums as any map),
   * cleared after each file by the ids it touched.
   */
  private static final class RowReader {
    private final Searcher searcher;
    private final CallGraph calls;
    private final Map<String, Integer> ids;
    private final double[] sum;
    private final int[] touched;
    private int count;

    RowReader(Searcher searcher, String[] paths) {
      this.searcher = searcher;
      this.calls = searcher.callGraph();
      this.ids = new HashMap<>(paths.length * 2);
      for (int i = 0; i < paths.length; i++) {
        ids.put(paths[i], i);
      }
      this.sum = new double[paths.length];
      this.touched = new int[paths.length];
    }

    void read(int node, String path, Rows rows) throws SymdexException {
      for (String imported : searcher.snapshot().importedBy(path)) {
        add(node, imported, IMPORT_WEIGHT);
      }
      for (CallGraph.Site site : calls.calls(path)) {
        for (CallTarget target : site.targets()) {
          add(node, target.path(), target.confidence());
        }
      }
      Arrays.sort(touched, 0, count);
      int[] targets = Arrays.copyOf(touched, count);
      double[] weights = new double[count];
      for (int k = 0; k < count; k++) {
        weights[k] = sum[targets[k]];
        sum[targets[k]] = 0;
      }
      count = 0;
      rows.set(node, targets, weights);
    }

    private void add(int node, String target, double weight) {
      Integer id = ids.get(target);
      if (id != null && id != node && weight > 0) {
        if (sum[id] == 0) {
          touched[count++] = id;
        }
        sum[id] += weight;
      }
    }
  }
}
