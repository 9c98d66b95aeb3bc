package dev.symdex.engine.query;

/**
 * The definition a place in a file sits in.
 *
 * @param name its simple name
 * @param kind its kind label (method, class, ...)
 * @param container dotted enclosing definitions, empty at top level
 * @param line 1-based line of its name
 * @param endLine 1-based last line of its span
 */
public record Enclosing(String name, String kind, String container, int line, int endLine) {
  /** Container plus name, dotted. */
  public String qualifiedName() {
    return container.isEmpty() ? name : container + "." + name;
  }
}
