package dev.symdex.engine.model;

import java.util.Objects;

/**
 * A named definition in one file.
 *
 * @param name simple name, non-empty
 * @param kind what it is
 * @param container dotted names of the enclosing definitions ({@code "Outer.Inner"}), empty at top
 *     level, never null
 * @param line 1-based line of the name (annotations or decorators before it are not counted)
 * @param column 1-based column of the name, in UTF-16 code units (as LSP counts)
 * @param endLine 1-based last line of the span, {@code >= line}
 * @param visibility who may use it, where the language says
 */
public record Definition(String name, DefinitionKind kind, String container, int line, int column, int endLine, Visibility visibility) {
  public Definition {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(visibility, "visibility");
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("definition name is empty");
    }
    if (line < 1 || column < 1 || endLine < line) {
      throw new IllegalArgumentException("bad span " + line + ":" + column + "-" + endLine);
    }
  }

  /** A definition without visibility information. */
  public Definition(String name, DefinitionKind kind, String container, int line, int column, int endLine) {
    this(name, kind, container, line, column, endLine, Visibility.UNSPECIFIED);
  }

  /** Container plus name, dotted. */
  public String qualifiedName() {
    return container.isEmpty() ? name : container + "." + name;
  }
}
