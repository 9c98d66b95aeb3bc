package dev.symdex.watcher;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Progress lines for a long one-shot index: files checked, rate and ETA at most once a second,
 * and the total time at the end if any line was printed. Used from one thread at a time.
 */
final class IndexProgress {
  private final PrintStream out;
  private final long start = System.nanoTime();
  private long last;
  private boolean printed;

  IndexProgress(PrintStream out) {
    this.out = out;
  }

  /** A {@link dev.symdex.engine.index.ProgressListener}: {@code done} of {@code total} files checked. */
  void report(int done, int total) {
    long now = System.nanoTime();
    if (now - last < TimeUnit.SECONDS.toNanos(1) || done >= total) {
      return;
    }
    last = now;
    double secs = (now - start) / 1e9;
    double rate = done / Math.max(secs, 1e-3);
    String eta = rate > 0 ? ", ETA " + Math.round((total - done) / rate) + "s" : "";
    out.printf(Locale.ROOT, "symdex: indexing %d/%d files (%.0f files/s%s)%n", done, total, rate, eta);
    printed = true;
  }

  /** Says how long the whole index took, when any progress line was printed. */
  void finish() {
    if (printed) {
      out.printf(Locale.ROOT, "symdex: indexing done in %.1fs%n", (System.nanoTime() - start) / 1e9);
    }
  }
}
