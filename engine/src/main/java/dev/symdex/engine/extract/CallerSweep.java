package dev.symdex.engine.extract;

import dev.symdex.engine.extract.FactsCollector.RawDef;
import dev.symdex.engine.model.Definition;
import java.util.List;

/**
 * The caller of each call site: the innermost callable definition containing it, else the
 * innermost definition, else -1. Call positions are asked in increasing order; a sweep over the
 * definitions (sorted by start, then end descending) keeps the open ones on a stack, so a file
 * costs O(definitions + calls), not their product. Single use, not thread-safe.
 */
final class CallerSweep {
  private final RawDef[] raw;
  private final List<Definition> defs;
  private final int[] stack;
  /** For each stack entry, the nearest callable at or below it when it was pushed, or -1. */
  private final int[] callableBelow;
  private int size;
  private int next;

  /**
   * @param raw the definitions as captured, sorted by start, then end descending
   * @param defs the same definitions, qualified (their final kinds)
   */
  CallerSweep(RawDef[] raw, List<Definition> defs) {
    this.raw = raw;
    this.defs = defs;
    this.stack = new int[raw.length];
    this.callableBelow = new int[raw.length];
  }

  /** The caller (an index into the definitions) of a call at byte {@code pos}, not before the last one asked; -1 for none. */
  int at(int pos) {
    while (next < raw.length && raw[next].node().start() <= pos) {
      int below = size == 0 ? -1 : callableBelow[size - 1];
      stack[size] = next;
      callableBelow[size] = defs.get(next).kind().isCallable() ? next : below;
      size++;
      next++;
    }
    while (size > 0 && raw[stack[size - 1]].node().end() <= pos) {
      size--;
    }
    if (size == 0) {
      return -1;
    }
    int callable = callableBelow[size - 1];
    if (callable >= 0 && raw[callable].node().end() <= pos) {
      callable = -1; // spans that overlap without nesting: look down the stack
      for (int k = size - 1; k >= 0; k--) {
        int i = stack[k];
        if (raw[i].node().end() > pos && defs.get(i).kind().isCallable()) {
          callable = i;
          break;
        }
      }
    }
    return callable >= 0 ? callable : stack[size - 1];
  }
}
