package dev.symdex.watcher;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action later, once at a time, each time after a longer delay: 1 s doubling to 60 s,
 * back to 1 s after {@link #reset}. Thread-safe.
 */
final class Backoff {
  static final long START_MILLIS = 1_000;
  static final long MAX_MILLIS = 60_000;

  private final ScheduledExecutorService timer;
  private final Runnable action;
  private long delayMillis = START_MILLIS;
  private boolean scheduled;

  /** @param timer runs {@code action}; owned by the caller */
  Backoff(ScheduledExecutorService timer, Runnable action) {
    this.timer = timer;
    this.action = action;
  }

  /** Schedules the action after the current delay (which then doubles), unless it is scheduled already or the timer stopped. */
  synchronized void schedule() {
    if (scheduled || timer.isShutdown()) {
      return;
    }
    scheduled = true;
    long delay = delayMillis;
    delayMillis = Math.min(MAX_MILLIS, delayMillis * 2);
    timer.schedule(() -> {
      synchronized (this) {
        scheduled = false;
      }
      action.run();
    }, delay, TimeUnit.MILLISECONDS);
  }

  /** The next delay is the first one again. */
  synchronized void reset() {
    delayMillis = START_MILLIS;
  }
}
