package dev.symdex.engine.model;

import java.util.Optional;

/** Who may use a definition, where the language says. Codes are stored on disk. */
public enum Visibility {
  /** The language has no such notion here, or nothing says. */
  UNSPECIFIED(0, ""),
  PUBLIC(1, "public"),
  PROTECTED(2, "protected"),
  /** Java's default, Go's lower-case names: visible inside the package. */
  PACKAGE(3, "package"),
  PRIVATE(4, "private"),
  /** C#'s internal, Rust's pub(crate). */
  INTERNAL(5, "internal");

  private final int code;
  private final String label;

  Visibility(int code, String label) {
    this.code = code;
    this.label = label;
  }

  public int code() {
    return code;
  }

  public String label() {
    return label;
  }

  public static Optional<Visibility> fromCode(int code) {
    return code >= 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
  }

  /** Each constant at its code (read per stored row: no {@code values()} copy, no search). */
  private static final Visibility[] BY_CODE = Codes.byCode(values(), Visibility::code);
}
