package dev.symdex.watcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as flags write them: {@code 2g}, {@code 512m}, {@code 1536M}, {@code 4096k}, or bytes. */
final class ByteSizes {
  private static final Pattern SIZE = Pattern.compile("([0-9]{1,15})([kmgt]?)b?");

  private ByteSizes() {}

  /**
   * The bytes {@code text} says (suffixes k, m, g, t are powers of 1024, case-insensitive).
   *
   * @throws IllegalArgumentException for anything else, saying what is expected
   */
  static long parse(String flag, String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(flag + " takes a size such as 2g, 512m or 1048576 (bytes), not '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    int shift = switch (m.group(2)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    if (n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException(flag + " is too large: " + text);
    }
    return n << shift;
  }

  /**
   * A quarter of the machine's memory (the default cap): MemTotal of /proc/meminfo, else the JVM's
   * default maximum heap (a quarter of what it sees, a container's limit included).
   */
  static long quarterOfRam() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024 / 4;
        }
      }
    } catch (IOException | NumberFormatException | UncheckedIOException e) {
      // not Linux: the JVM's own figure
    }
    return Runtime.getRuntime().maxMemory();
  }
}
