package dev.symdex.engine.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Source languages symdex extracts facts from. Each constant names its tree-sitter grammar and a
 * stable one-byte code used by the codec (never reuse or renumber a code).
 */
public enum Language {
  JAVA(1, "java"),
  PYTHON(2, "python");

  private final int code;
  private final String id;

  Language(int code, String id) {
    this.code = code;
    this.id = id;
  }

  /** Stable code stored on disk. */
  public int code() {
    return code;
  }

  /** Lower-case identifier, as shown to users and used in grammar and query file names. */
  public String id() {
    return id;
  }

  /** Inverse of {@link #code()}; empty for an unknown code. */
  public static Optional<Language> fromCode(int code) {
    for (Language l : values()) {
      if (l.code == code) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /**
   * Language of a file by its name, and for files without an extension by a shebang line in
   * {@code head} (the first bytes of the file; may be empty).
   */
  public static Optional<Language> detect(String fileName, byte[] head) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    int dot = lower.lastIndexOf('.');
    if (dot >= 0) {
      return switch (lower.substring(dot + 1)) {
        case "java" -> Optional.of(JAVA);
        case "py", "pyi", "pyw" -> Optional.of(PYTHON);
        default -> Optional.empty();
      };
    }
    return fromShebang(head);
  }

  /** True when the name alone could never map to a language (has an unknown extension). */
  public static boolean hasForeignExtension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 && detect(fileName, new byte[0]).isEmpty();
  }

  private static Optional<Language> fromShebang(byte[] head) {
    if (head.length < 3 || head[0] != '#' || head[1] != '!') {
      return Optional.empty();
    }
    int end = 2;
    while (end < head.length && end < 128 && head[end] != '\n') {
      end++;
    }
    String line = new String(head, 2, end - 2, java.nio.charset.StandardCharsets.ISO_8859_1);
    return line.contains("python") ? Optional.of(PYTHON) : Optional.empty();
  }
}
