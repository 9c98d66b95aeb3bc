package dev.symdex.engine.query;

import dev.symdex.engine.resolve.CallTarget;
import java.util.List;

/**
 * One answer row of a query.
 *
 * @param path relative path
 * @param line 1-based line
 * @param column 1-based column (UTF-16 code units)
 * @param endLine last line of a definition's span, else {@code line}
 * @param name symbol at this place (see each query for which)
 * @param kind definition kind label, or {@code reference} / {@code call}
 * @param container dotted enclosing definitions, may be empty
 * @param language language id of the file
 * @param visibility visibility label of a definition ({@code public}, ...), else empty
 * @param targets for a call site: the definitions it may reach, best first (empty otherwise)
 * @param confidence for a resolved caller: how sure it is that the call reaches the asked
 *     definition (0 when not resolved)
 */
public record Hit(String path, int line, int column, int endLine, String name, String kind, String container, String language,
    String visibility, List<CallTarget> targets, double confidence) {
  public Hit {
    targets = List.copyOf(targets);
  }

  /** A hit without call resolution. */
  public Hit(String path, int line, int column, int endLine, String name, String kind, String container, String language, String visibility) {
    this(path, line, column, endLine, name, kind, container, language, visibility, List.of(), 0);
  }

  /** A hit without visibility or call resolution. */
  public Hit(String path, int line, int column, int endLine, String name, String kind, String container, String language) {
    this(path, line, column, endLine, name, kind, container, language, "");
  }
}
