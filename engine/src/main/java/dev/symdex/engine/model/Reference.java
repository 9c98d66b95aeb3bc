package dev.symdex.engine.model;

import java.util.Objects;

/**
 * A use of an identifier that is not its definition.
 *
 * @param name the identifier, non-empty
 * @param line 1-based line
 * @param column 1-based column, in UTF-16 code units (as LSP counts)
 * @param kind what the use does: call, type, import or other
 */
public record Reference(String name, int line, int column, ReferenceKind kind) {
  public Reference {
    Objects.requireNonNull(kind, "kind");
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("reference name is empty");
    }
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("bad position " + line + ":" + column);
    }
  }

  /** A reference of kind {@link ReferenceKind#OTHER}. */
  public Reference(String name, int line, int column) {
    this(name, line, column, ReferenceKind.OTHER);
  }
}
