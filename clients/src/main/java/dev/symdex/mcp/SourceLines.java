package dev.symdex.mcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One-line source snippets for answer rows, read from the files on disk under a project root (the
 * API has no source field yet). A line is trimmed and capped at {@link #MAX} characters; a file
 * outside the root, missing, unreadable or over {@link #MAX_FILE_BYTES} gives an empty snippet.
 * Files are read once per instance: make one per answer. Not thread-safe.
 */
final class SourceLines {
  static final int MAX = 160;
  static final long MAX_FILE_BYTES = 8L << 20;

  private final Path root;
  private final Map<String, byte[]> files = new HashMap<>();

  SourceLines(Path root) {
    this.root = root == null ? null : root.toAbsolutePath().normalize();
  }

  /** Line {@code line} (1-based) of {@code path} (relative to the root), trimmed and capped; empty when unknown. */
  String line(String path, int line) {
    if (root == null || line < 1) {
      return "";
    }
    byte[] bytes = files.computeIfAbsent(path, this::read);
    int at = 0;
    for (int n = 1; n < line; n++) {
      while (at < bytes.length && bytes[at] != '\n') {
        at++;
      }
      if (at >= bytes.length) {
        return "";
      }
      at++;
    }
    int end = at;
    while (end < bytes.length && bytes[end] != '\n') {
      end++;
    }
    return cap(new String(bytes, at, end - at, StandardCharsets.UTF_8).strip());
  }

  /** {@code s} at most {@link #MAX} characters, ending in "…" when cut. */
  static String cap(String s) {
    return s.length() <= MAX ? s : s.substring(0, MAX - 1) + "…";
  }

  private byte[] read(String path) {
    Path p = root.resolve(path).normalize();
    try {
      if (!p.startsWith(root) || !Files.isRegularFile(p) || Files.size(p) > MAX_FILE_BYTES) {
        return new byte[0];
      }
      return Files.readAllBytes(p);
    } catch (IOException | RuntimeException e) {
      return new byte[0];
    }
  }
}
