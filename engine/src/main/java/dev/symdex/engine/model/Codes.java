package dev.symdex.engine.model;

import java.util.Arrays;
import java.util.function.ToIntFunction;

/** Enum constants by the small code they are stored as (read once per stored row: an array, no search). */
final class Codes {
  private Codes() {}

  /** {@code values} placed at their codes (codes are small and non-negative); null where no constant has a code. */
  static <E> E[] byCode(E[] values, ToIntFunction<E> code) {
    int max = 0;
    for (E e : values) {
      max = Math.max(max, code.applyAsInt(e));
    }
    E[] out = Arrays.copyOf(values, max + 1);
    Arrays.fill(out, null);
    for (E e : values) {
      out[code.applyAsInt(e)] = e;
    }
    return out;
  }
}
