package dev.symdex.engine.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the index did with a file. Codes are stored on disk: never reuse or renumber one.
 */
public enum FileStatus {
  /** Parsed; its facts are in the index. */
  INDEXED(1, "indexed", true, false),
  /** Parsed after replacing invalid UTF-8 sequences; its facts are in the index. */
  INDEXED_LOSSY(2, "invalid-utf8", true, true),
  /** Not a language symdex parses; only its stat is kept. */
  UNSUPPORTED(3, "unsupported", false, false),
  /** Looks binary (NUL bytes); skipped. */
  BINARY(4, "binary", false, true),
  /** Larger than the size cap; skipped. */
  TOO_LARGE(5, "too-large", false, true),
  /** Could not be read (permissions, I/O error); skipped. */
  UNREADABLE(6, "unreadable", false, true),
  /** A symbolic link; not followed. */
  SYMLINK(7, "symlink", false, true),
  /** The parser gave up (time budget); skipped. */
  PARSE_FAILED(8, "parse-failed", false, true),
  /** The path is too long to be a key; skipped. */
  PATH_TOO_LONG(9, "path-too-long", false, true),
  /** Large: parsed for definitions and imports only (no references, no calls). */
  INDEXED_DEFINITIONS_ONLY(10, "large: definitions only", true, true),
  /** Generated code (a marker such as {@code @generated} in a header comment, or a generator's path): definitions and imports only. */
  GENERATED(11, "generated: definitions only", true, true),
  /** Minified (very long lines): skipped. */
  MINIFIED(12, "minified", false, true),
  /**
   * Its name (or a directory's above it) cannot be represented as a string in the JVM's
   * file-name encoding (bytes that are not UTF-8; under a locale that is not UTF-8, anything not
   * ASCII): it cannot be opened by name, so it is skipped, and said so.
   */
  BAD_NAME(13, "bad-file-name", false, true),
  /** Its facts would pass the per-file memory budget ({@code EngineOptions.factsBudgetBytes}): skipped. */
  OVER_BUDGET(14, "over-budget", false, true),
  /** Definitions nested past the depth cap are indexed under the deepest container kept. */
  NESTING_FLATTENED(15, "nesting too deep: flattened", true, true);

  private final int code;
  private final String reason;
  private final boolean indexed;
  private final boolean issue;

  FileStatus(int code, String reason, boolean indexed, boolean issue) {
    this.code = code;
    this.reason = reason;
    this.indexed = indexed;
    this.issue = issue;
  }

  public int code() {
    return code;
  }

  /** Short reason shown in status ({@code "too-large"}). */
  public String reason() {
    return reason;
  }

  /** True when the file's facts are in the index. */
  public boolean isIndexed() {
    return indexed;
  }

  /** True when the user should hear about this file (skipped or degraded). */
  public boolean isIssue() {
    return issue;
  }

  /** By code (codes are small, stored in every record): one array lookup, no copy of values(). */
  private static final Optional<FileStatus>[] BY_CODE = byCode();

  @SuppressWarnings("unchecked")
  private static Optional<FileStatus>[] byCode() {
    int max = 0;
    for (FileStatus s : values()) {
      max = Math.max(max, s.code);
    }
    Optional<FileStatus>[] out = new Optional[max + 1];
    Arrays.fill(out, Optional.empty());
    for (FileStatus s : values()) {
      out[s.code] = Optional.of(s);
    }
    return out;
  }

  public static Optional<FileStatus> fromCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : Optional.empty();
  }
}
