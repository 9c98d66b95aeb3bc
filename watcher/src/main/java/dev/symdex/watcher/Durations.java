package dev.symdex.watcher;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the daemon's flags take them. */
final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  /**
   * {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}, {@code 500ms}, or an ISO-8601 duration
   * ({@code PT30M}); blanks around it are ignored.
   *
   * @throws IllegalArgumentException for anything else, with a message for the user
   */
  static Duration parse(String text) {
    Matcher m = SHORT.matcher(text.strip());
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      return Duration.parse(text.strip());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a duration: " + text + " (use e.g. 90s, 30m, 2h)", e);
    }
  }
}
