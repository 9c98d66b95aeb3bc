package dev.symdex.engine.extract;

import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.model.Visibility;
import java.util.regex.Pattern;

/**
 * A definition's visibility: from the text of its modifiers when they say ({@code public}, {@code
 * pub(crate)}, {@code export}, ...), else the language's convention (Go's capital letter, Python's
 * underscore, Java's package default, ...). Stateless.
 */
final class VisibilityRules {
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private VisibilityRules() {}

  /**
   * @param modifiers the definition's modifier text, nullable
   * @param inType whether the definition is a member of a type
   */
  static Visibility of(Language language, String name, String modifiers, DefinitionKind kind, boolean inType) {
    if (kind == DefinitionKind.IMPL) {
      return Visibility.UNSPECIFIED; // an impl block has none: its items have theirs
    }
    if (modifiers != null && !modifiers.isBlank()) {
      String m = " " + SPACES.matcher(modifiers).replaceAll(" ") + " ";
      if (m.contains("pub(self)")) {
        return Visibility.PRIVATE;
      }
      if (m.contains("pub(crate)") || m.contains("pub(super)") || m.contains("pub(in") || m.contains(" internal ")) {
        return Visibility.INTERNAL;
      }
      if (m.contains(" public ") || m.contains(" pub ") || m.contains(" export ") || m.startsWith(" pub")) {
        return Visibility.PUBLIC;
      }
      if (m.contains(" private ")) {
        return Visibility.PRIVATE;
      }
      if (m.contains(" protected ")) {
        return Visibility.PROTECTED;
      }
    }
    return switch (language) {
      case JAVA -> Visibility.PACKAGE;
      case GO -> !name.isEmpty() && Character.isUpperCase(name.codePointAt(0)) ? Visibility.PUBLIC : Visibility.PACKAGE;
      case PYTHON, RUBY -> name.startsWith("_") && !(name.startsWith("__") && name.endsWith("__")) ? Visibility.PRIVATE : Visibility.PUBLIC;
      case RUST -> Visibility.PRIVATE;
      case CSHARP -> inType ? Visibility.PRIVATE : Visibility.INTERNAL;
      // #name members are private; other members of classes, interfaces and objects are public.
      case JAVASCRIPT, TYPESCRIPT, TSX -> name.startsWith("#") ? Visibility.PRIVATE : inType ? Visibility.PUBLIC : Visibility.UNSPECIFIED;
      default -> Visibility.UNSPECIFIED;
    };
  }
}
