package dev.symdex.engine.resolve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The syntax of a Java type as a file writes it ({@code Map.Entry<K,List<V>>}, {@code ? extends
 * Foo}, {@code a.b.C[]}): its erasure, its type arguments, its name without a package. Pure text
 * functions: they resolve nothing. Stateless and thread-safe.
 */
final class WrittenTypes {
  private WrittenTypes() {}

  /**
   * A written type without type arguments or annotations: {@code Map.Entry<K,V>} → {@code
   * Map.Entry}, {@code ? extends Foo} → {@code Foo}; arrays keep their brackets.
   */
  static String erase(String written) {
    StringBuilder b = new StringBuilder(written.length());
    int depth = 0;
    for (int i = 0; i < written.length(); i++) {
      char c = written.charAt(i);
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth = Math.max(0, depth - 1);
      } else if (depth == 0 && !Character.isWhitespace(c)) {
        b.append(c);
      }
    }
    String t = b.toString();
    if (t.startsWith("?extends")) {
      t = t.substring(8);
    } else if (t.startsWith("?")) {
      t = "";
    }
    return t;
  }

  /** The type arguments of {@code written}, as written ({@code Map<K,List<V>>} → {@code K}, {@code List<V>}). */
  static List<String> typeArguments(String written) {
    int lt = written.indexOf('<');
    if (lt < 0) {
      return List.of();
    }
    List<String> out = new ArrayList<>(2);
    int depth = 0;
    int start = lt + 1;
    for (int i = lt; i < written.length(); i++) {
      char c = written.charAt(i);
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth--;
        if (depth == 0) {
          String a = written.substring(start, i).strip();
          if (!a.isEmpty()) {
            out.add(a);
          }
          return out;
        }
      } else if (c == ',' && depth == 1) {
        out.add(written.substring(start, i).strip());
        start = i + 1;
      }
    }
    return out;
  }

  /** {@code java.util.Map.Entry} → {@code Map.Entry}: an erased name without its package. */
  static String withoutPackage(String raw) {
    String[] segs = raw.split("\\.");
    int k = 0;
    while (k < segs.length - 1 && !segs[k].isEmpty() && Character.isLowerCase(segs[k].charAt(0))) {
      k++;
    }
    return String.join(".", Arrays.copyOfRange(segs, k, segs.length));
  }
}
