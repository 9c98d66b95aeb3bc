package dev.symdex.engine.codec;

import dev.symdex.engine.SymdexException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The containers of a facts value, stored once each as a tree: every container is its parent
 * container (or none) plus one segment, a string-table index. A definition names its container by
 * id, so a file whose definitions nest {@code n} deep stores {@code n} small rows, not {@code n}
 * dotted names of up to {@code n} segments each (which grew as n²: 20,000 nested classes made a
 * 1.2 GB value). Layout (format.md):
 *
 * <pre>
 * varint nContainers | nContainers × (varint parent+1, varint segment)   -- parent &lt; own id
 * </pre>
 *
 * The dotted name of container {@code i} is its parent's dotted name, {@code "."}, and its segment.
 * A container is split at its last dot, so any string round-trips (segments may be empty). Not
 * thread-safe; one per value.
 */
final class ContainerTable {
  private final Map<String, Integer> ids = new HashMap<>();
  private final List<int[]> rows = new ArrayList<>(); // {parent, segment}

  /**
   * Id of {@code container} ({@code -1} for the empty container), adding it and whichever of its
   * prefixes are new; {@code intern} gives a segment's string-table index. Costs O(its length)
   * when new, a hash lookup when not.
   */
  int intern(String container, ToIntFunction<String> intern) {
    if (container.isEmpty()) {
      return -1;
    }
    Integer known = ids.get(container);
    if (known != null) {
      return known;
    }
    // Walk back to the longest prefix already known (usually the parent), then add the rest.
    List<Integer> cuts = new ArrayList<>();
    int parent = -1;
    int end = container.length();
    while (true) {
      cuts.add(end);
      int dot = container.lastIndexOf('.', end - 1);
      if (dot < 0) {
        break;
      }
      Integer p = ids.get(container.substring(0, dot));
      if (p != null) {
        parent = p;
        break;
      }
      end = dot;
    }
    for (int k = cuts.size() - 1; k >= 0; k--) {
      int to = cuts.get(k);
      int from = parent < 0 ? 0 : container.lastIndexOf('.', to - 1) + 1;
      String segment = container.substring(from, to);
      int id = rows.size();
      rows.add(new int[] {parent, intern.applyAsInt(segment)});
      ids.put(k == 0 ? container : container.substring(0, to), id);
      parent = id;
    }
    return parent;
  }

  void write(ByteSink out) {
    out.varint(rows.size());
    for (int[] r : rows) {
      out.varint(r[0] + 1);
      out.varint(r[1]);
    }
  }

  /** The parent ({@code [0]}) and segment ({@code [1]}) of every container, checked against the string table. */
  static int[][] read(ByteSource in, int strings) throws SymdexException.CorruptIndex {
    int n = in.count();
    int[] parent = new int[n];
    int[] segment = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = in.varint() - 1;
      segment[i] = in.varint();
      if (parent[i] >= i) {
        throw in.corrupt("container " + i + " has parent " + parent[i] + ", not an earlier one");
      }
      if (segment[i] >= strings) {
        throw in.corrupt("container segment " + segment[i] + " outside the string table");
      }
    }
    return new int[][] {parent, segment};
  }

  /**
   * Dotted names of every container, each built once from its parent's (a shared prefix is not
   * copied per definition).
   */
  static String[] dotted(int[][] table, String[] strings) {
    int[] parent = table[0];
    int[] segment = table[1];
    String[] out = new String[parent.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = parent[i] < 0 ? strings[segment[i]] : out[parent[i]] + "." + strings[segment[i]];
    }
    return out;
  }
}
