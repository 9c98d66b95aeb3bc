package dev.symdex.engine.query;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.Language;
import java.util.Set;

/**
 * What a definitions query asks for: a name matched exactly, as a prefix or fuzzily, and filters
 * on kind, language and path. An immutable value; thread-safe.
 *
 * <p>Orders: {@link Match#EXACT} by path; {@link Match#PREFIX} by name (UTF-8 byte order), then
 * path; {@link Match#FUZZY} best match first (see {@link NameMatch}), then name, then path. Within
 * a file, definitions come in source order.
 *
 * @param pattern the name, or the prefix or fuzzy pattern; not empty
 * @param match how {@code pattern} is matched
 * @param kinds only these kinds; empty: every kind
 * @param languages only files of these languages; empty: every language
 * @param pathPrefix only files whose path starts with this; empty: every file
 */
public record DefinitionQuery(String pattern, Match match, Set<DefinitionKind> kinds, Set<Language> languages, String pathPrefix) {
  /** How the pattern is matched against definition names. */
  public enum Match {
    /** The name exactly, case-sensitive. */
    EXACT,
    /** Names starting with the pattern, case-sensitive. */
    PREFIX,
    /** Camel-case humps, else the pattern's letters in order ignoring (ASCII) case; ranked. */
    FUZZY
  }

  public DefinitionQuery {
    kinds = Set.copyOf(kinds);
    languages = Set.copyOf(languages);
    if (pattern == null || match == null || pathPrefix == null) {
      throw new NullPointerException("pattern, match and pathPrefix are required");
    }
  }

  /** Definitions named exactly {@code name}, unfiltered. */
  public static DefinitionQuery exact(String name) {
    return new DefinitionQuery(name, Match.EXACT, Set.of(), Set.of(), "");
  }

  /** Validates the pattern (the engine's rule; the gRPC layer checks its own bounds first). */
  void validate() throws SymdexException.InvalidQuery {
    if (pattern.isEmpty()) {
      throw new SymdexException.InvalidQuery("name is empty");
    }
  }

  boolean filtersFiles() {
    return !languages.isEmpty() || !pathPrefix.isEmpty();
  }

  boolean filters() {
    return filtersFiles() || !kinds.isEmpty();
  }
}
