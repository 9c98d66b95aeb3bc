package dev.symdex.engine;

import java.nio.charset.StandardCharsets;

/**
 * How an error message quotes what a caller sent: at most {@value #MAX_BYTES} bytes of it (UTF-8),
 * control characters shown as {@code ?}, and the size of the rest. Every message that repeats a
 * request's text (a name, a path, a revision, a project) goes through {@link #of}, so no status
 * echoes a large input back (a status message travels in a header, where size is limited).
 * Stateless; thread-safe.
 */
public final class Quote {
  /** Bytes of input a message repeats at most. */
  public static final int MAX_BYTES = 200;

  private Quote() {}

  /** {@code input} as a message may show it: whole when short, else its first bytes and how many more there were. */
  public static String of(String input) {
    if (input == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(input.length(), MAX_BYTES) + 32);
    int bytes = 0;
    int i = 0;
    while (i < input.length()) {
      int cp = input.codePointAt(i);
      int size = utf8Bytes(cp);
      if (bytes + size > MAX_BYTES) {
        int total = input.getBytes(StandardCharsets.UTF_8).length;
        return out.append("... (").append(total - bytes).append(" more bytes)").toString();
      }
      out.appendCodePoint(Character.isISOControl(cp) ? '?' : cp);
      bytes += size;
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  private static int utf8Bytes(int cp) {
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
}
