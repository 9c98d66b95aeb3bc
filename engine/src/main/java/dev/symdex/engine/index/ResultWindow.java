package dev.symdex.engine.index;

/**
 * Results numbered {@code 0..count-1}, made out of order by several tasks and taken in order by
 * one consumer, with a bounded lead: a task waits before making result {@code i} while {@code i}
 * is {@code lead} or more ahead of the next one the consumer takes, so at most {@code lead}
 * results are held at once. A task that fails says so ({@link #fail}): the consumer's {@link
 * #take} then returns null instead of waiting for a result that will not come; a consumer that
 * stops early says so ({@link #abandon}): tasks waiting for room end. Thread-safe.
 *
 * @param <T> a result (never null)
 */
final class ResultWindow<T> {
  /** Thrown to a task waiting for room in a window its consumer abandoned. */
  static final class Abandoned extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abandoned() {
      super("the consumer of these results stopped", null, false, false);
    }
  }

  private final Object[] results;
  private final int lead;
  private int next;
  private boolean failed;
  private boolean abandoned;

  ResultWindow(int count, int lead) {
    if (lead < 1) {
      throw new IllegalArgumentException("lead must be at least 1: " + lead);
    }
    this.results = new Object[count];
    this.lead = lead;
  }

  /** Waits until result {@code i} may be made (it is less than {@code lead} ahead of the consumer). */
  synchronized void awaitRoomFor(int i) throws InterruptedException {
    while (i >= next + lead && !abandoned) {
      wait();
    }
    if (abandoned) {
      throw new Abandoned();
    }
  }

  /** Hands over result {@code i}. */
  synchronized void put(int i, T result) {
    if (result == null) {
      throw new NullPointerException("result " + i);
    }
    results[i] = result;
    notifyAll();
  }

  /** A task ended without making all its results: {@link #take} stops waiting. */
  synchronized void fail() {
    failed = true;
    notifyAll();
  }

  /** The consumer stops taking: tasks waiting for room end ({@link Abandoned}). */
  synchronized void abandon() {
    abandoned = true;
    notifyAll();
  }

  /**
   * Result {@code i}, once made, which the consumer takes in order ({@code 0, 1, ...}); null when a
   * task failed before making it.
   */
  @SuppressWarnings("unchecked")
  synchronized T take(int i) throws InterruptedException {
    if (i != next) {
      throw new IllegalStateException("results are taken in order: " + next + " is next, not " + i);
    }
    while (results[i] == null && !failed) {
      wait();
    }
    T r = (T) results[i];
    if (r == null) {
      return null;
    }
    results[i] = null;
    next = i + 1;
    notifyAll();
    return r;
  }
}
