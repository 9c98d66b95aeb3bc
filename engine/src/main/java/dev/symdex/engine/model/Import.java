package dev.symdex.engine.model;

/**
 * An import statement as written, whitespace collapsed ({@code "java.util.List"},
 * {@code "from a import Foo"}).
 *
 * @param text the imported name or statement, non-empty
 * @param line 1-based line
 */
public record Import(String text, int line) {
  public Import {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("import text is empty");
    }
    if (line < 1) {
      throw new IllegalArgumentException("bad line " + line);
    }
  }
}
