package dev.symdex.watcher;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Where a one-shot {@code index} spends its time, printed to standard error when the system
 * property {@code symdex.timing} is {@code true} (e.g. {@code SYMDEX_JAVA_OPTS=-Dsymdex.timing=true
 * bin/symdex index DIR}): milliseconds from the JVM's start to each
 * named phase's end. Off, it costs a property read. Not thread-safe: one thread marks.
 */
final class PhaseClock {
  static final String PROPERTY = "symdex.timing";

  private final PrintStream err;
  private final boolean on;
  private long lastNanos;

  private PhaseClock(PrintStream err, boolean on) {
    this.err = err;
    this.on = on;
    if (on) { // the JVM's own start time (a process's, from /proc, is coarser and counts the launcher script)
      long sinceStart = Duration.between(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()), Instant.now()).toNanos();
      lastNanos = System.nanoTime() - sinceStart;
    }
  }

  /** A clock that prints when {@code symdex.timing} is true; the first mark measures from the JVM's start. */
  static PhaseClock start(PrintStream err) {
    return new PhaseClock(err, Boolean.getBoolean(PROPERTY));
  }

  /** Prints how long the phase that ends now took. */
  void mark(String phase) {
    if (!on) {
      return;
    }
    long now = System.nanoTime();
    err.printf(Locale.ROOT, "symdex: timing: %-24s %6d ms%n", phase, (now - lastNanos) / 1_000_000);
    lastNanos = now;
  }
}
