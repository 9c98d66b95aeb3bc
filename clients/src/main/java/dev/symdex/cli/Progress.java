package dev.symdex.cli;

import java.util.Locale;

/**
 * The line {@code symdex wait} shows while a root is first indexed: files done / total, a bar, the
 * rate since the wait began and the time left at that rate. Stateless apart from the start it
 * measures the rate from; not thread-safe.
 */
final class Progress {
  private static final int BAR = 24;
  private final long startNanos;
  private long startDone = -1;

  Progress(long startNanos) {
    this.startNanos = startNanos;
  }

  /**
   * One progress line (no line end). The rate is counted from the first sample this instance saw,
   * so files indexed before the wait began do not inflate it; with no rate yet the ETA is "?".
   */
  String line(long done, long total, long nowNanos) {
    if (startDone < 0 || done < startDone) {
      startDone = done;
    }
    double secs = (nowNanos - startNanos) / 1e9;
    double rate = secs > 0.2 ? (done - startDone) / secs : 0;
    StringBuilder b = new StringBuilder("indexing ");
    if (total <= 0) {
      return b.append(String.format(Locale.ROOT, "%,d files", done)).toString();
    }
    long d = Math.min(done, total);
    int filled = (int) (BAR * d / total);
    b.append(String.format(Locale.ROOT, "%,d / %,d files %3d%% [", done, total, 100 * d / total));
    b.append("#".repeat(filled)).append(".".repeat(BAR - filled)).append(']');
    b.append(String.format(Locale.ROOT, " %,.0f files/s ETA %s", rate, rate > 0 ? clock((total - d) / rate) : "?"));
    return b.toString();
  }

  /** Seconds as m:ss, or h:mm:ss past an hour. */
  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
