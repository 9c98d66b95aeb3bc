package dev.symdex.mcp;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tool call's arguments, read with the checks the schema states (the SDK validates inputs
 * against the schema too; these say what is wrong in the tool's own words). Every getter throws
 * {@link IllegalArgumentException} naming the argument for a value of the wrong type or out of
 * bounds; the caller answers it as a tool error. Immutable.
 */
record Args(Map<String, Object> values) {
  Args {
    values = values == null ? Map.of() : values;
  }

  /** The string argument, or {@code fallback} when absent, null or blank. */
  String string(String name, String fallback) {
    Object v = values.get(name);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(name + " must be a string");
    }
    return s.isBlank() ? fallback : s.strip();
  }

  /** The string argument, which must be given. */
  String required(String name) {
    String s = string(name, null);
    if (s == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return s;
  }

  /** The string argument, one of {@code allowed}, or {@code fallback} when absent. */
  String choice(String name, Set<String> allowed, String fallback) {
    String s = string(name, fallback);
    if (!allowed.contains(s)) {
      throw new IllegalArgumentException(name + " must be one of " + new TreeSet<>(allowed) + ", got " + s);
    }
    return s;
  }

  /** The integer argument in {@code [min, max]}, or {@code fallback} when absent. */
  int integer(String name, int fallback, int min, int max) {
    Object v = values.get(name);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw new IllegalArgumentException(name + " must be an integer");
    }
    if (n.doubleValue() < min || n.doubleValue() > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + n);
    }
    return n.intValue();
  }
}
