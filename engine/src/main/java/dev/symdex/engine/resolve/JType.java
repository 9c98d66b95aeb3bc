package dev.symdex.engine.resolve;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Java type as used, with its type arguments: a type definition of the tree ({@code ref}), or
 * one outside it named by {@code name} (its simple name as written: {@code List}, {@code
 * Map.Entry}; {@code []} for an array, whose one argument is the element type). An argument that
 * cannot be told is {@link #UNKNOWN}.
 */
record JType(JavaTypes.TypeRef ref, String name, List<JType> args) {
  static final JType UNKNOWN = new JType(null, "?", List.of());

  JType {
    Objects.requireNonNull(name, "name");
    args = List.copyOf(args);
  }

  static JType of(JavaTypes.TypeRef ref, List<JType> args) {
    return new JType(ref, ref.type(), args);
  }

  /** Each type definition of {@code refs} as a raw type (without type arguments), in order. */
  static List<JType> rawTypes(List<JavaTypes.TypeRef> refs) {
    List<JType> out = new ArrayList<>(refs.size());
    for (JavaTypes.TypeRef r : refs) {
      out.add(JType.of(r, List.of()));
    }
    return out;
  }

  static JType external(String name, List<JType> args) {
    return new JType(null, name, args);
  }

  static JType array(JType element) {
    return new JType(null, "[]", List.of(element));
  }

  boolean inTree() {
    return ref != null;
  }

  boolean isUnknown() {
    return this == UNKNOWN || (ref == null && name.equals("?"));
  }

  /** Argument {@code i}, or {@link #UNKNOWN}. */
  JType arg(int i) {
    return i < args.size() ? args.get(i) : UNKNOWN;
  }

  /** This type without its arguments (for caching by definition). */
  JType raw() {
    return args.isEmpty() ? this : new JType(ref, name, List.of());
  }
}
