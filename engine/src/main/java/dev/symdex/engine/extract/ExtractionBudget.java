package dev.symdex.engine.extract;

/**
 * What extracting one file may cost: bytes of facts (as the rest of the engine will hold them:
 * every definition's name and dotted container, every reference, call and import) and a deadline
 * shared by the native parse and the Java collection after it. Charged as facts are collected;
 * passing either ends the extraction with {@link Exceeded}, so a hostile file is skipped with a
 * reason instead of taking the heap or the index loop. Not thread-safe; one per extraction.
 */
final class ExtractionBudget {
  /** Thrown (inside this package only) when the budget is spent; caught where extraction starts. */
  static final class Exceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean memory;

    Exceeded(boolean memory, String message) {
      super(message, null, false, false);
      this.memory = memory;
    }

    /** True when the bytes ran out, false when the time did. */
    boolean memory() {
      return memory;
    }
  }

  /** Checks the clock once per this many charges (a charge is a few nanoseconds; the clock ~20). */
  private static final int CLOCK_EVERY = 1024;

  private final long maxBytes;
  private final long deadlineNanos;
  private final long budgetMillis;
  private long bytes;
  private int charges;

  /**
   * @param maxBytes bytes the facts may take
   * @param startNanos when the extraction began ({@link System#nanoTime})
   * @param budgetMillis how long it may take from then
   */
  ExtractionBudget(long maxBytes, long startNanos, long budgetMillis) {
    this.maxBytes = maxBytes;
    this.budgetMillis = budgetMillis;
    this.deadlineNanos = startNanos + budgetMillis * 1_000_000L;
  }

  /** Adds {@code n} bytes; throws when they pass the budget, or (now and then) when time is up. */
  void charge(long n) {
    bytes += n;
    if (bytes > maxBytes) {
      throw new Exceeded(true, "facts would take more than " + mb(maxBytes) + " (budget per file)");
    }
    if (++charges % CLOCK_EVERY == 0) {
      checkTime();
    }
  }

  /** Throws when the deadline has passed. */
  void checkTime() {
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new Exceeded(false, "gave up after " + budgetMillis + " ms");
    }
  }

  /** Bytes charged so far. */
  long bytes() {
    return bytes;
  }

  private static String mb(long bytes) {
    return bytes >= 1 << 20 ? (bytes >> 20) + " MB" : bytes + " bytes";
  }
}
