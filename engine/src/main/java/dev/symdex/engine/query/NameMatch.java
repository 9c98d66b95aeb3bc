package dev.symdex.engine.query;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzy matching of a pattern against symbol names, for {@link DefinitionQuery.Match#FUZZY}.
 * Immutable; thread-safe.
 *
 * <p>A name matches in the first of these tiers that applies (lower is better):
 *
 * <ol start="0">
 *   <li>the pattern exactly;
 *   <li>the pattern ignoring case;
 *   <li>starts with the pattern, ignoring case;
 *   <li>camel-case humps from the first hump: each hump of the pattern (split before capitals
 *       and at {@code _}/{@code -}: {@code gSN}, {@code getSN}, {@code get_s_n}) matches the name
 *       at one of its hump starts (its first character, each capital, a digit after a non-digit,
 *       after {@code _ - $ .}), in order: all three match {@code getSymbolName} and
 *       {@code get_symbol_name}; {@code HS} and {@code HttpS} match {@code HTTPServer};
 *   <li>the same from a later hump ({@code SN} matches {@code getSymbolName});
 *   <li>contains the pattern, ignoring case;
 *   <li>contains the pattern's letters in order, ignoring case (separators in the pattern
 *       dropped).
 * </ol>
 *
 * Case is folded for ASCII letters only. Within a tier, shorter names rank first, then by name.
 */
final class NameMatch {
  static final int NO_MATCH = -1;

  private final String pattern;
  private final String lowerPattern;
  private final String[] humps;
  private final byte[] letters;

  NameMatch(String pattern) {
    this.pattern = pattern;
    this.lowerPattern = lower(pattern);
    this.humps = patternHumps(pattern);
    this.letters = lower(pattern.replace("_", "").replace("-", "")).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A cheap test on a name's UTF-8 bytes that every match passes: the pattern's letters occur in
   * order, ignoring ASCII case. Names failing it are never decoded.
   */
  boolean mayMatch(byte[] name) {
    int j = 0;
    for (int i = 0; i < name.length && j < letters.length; i++) {
      if (lowerAscii(name[i]) == letters[j]) {
        j++;
      }
    }
    return j == letters.length;
  }

  /** The tier (0..6) of {@code name}, or {@link #NO_MATCH}. */
  int tier(String name) {
    if (name.equals(pattern)) {
      return 0;
    }
    String lowerName = lower(name);
    if (lowerName.equals(lowerPattern)) {
      return 1;
    }
    if (lowerName.startsWith(lowerPattern)) {
      return 2;
    }
    int humpTier = humpTier(name);
    if (humpTier != NO_MATCH) {
      return humpTier;
    }
    if (lowerName.contains(lowerPattern)) {
      return 5;
    }
    return mayMatch(name.getBytes(StandardCharsets.UTF_8)) ? 6 : NO_MATCH;
  }

  /**
   * 3 when each hump of the pattern, in order, matches (ignoring case) the name's text starting
   * at one of its hump starts, the first at the name's start; 4 when the first matches later.
   */
  private int humpTier(String name) {
    if (humps.length == 0) {
      return NO_MATCH;
    }
    String lowerName = lower(name);
    int first = -1;
    int at = 0;
    for (String h : humps) {
      int found = -1;
      for (int i = at; i + h.length() <= name.length(); i++) {
        if (isHumpStart(name, i) && lowerName.startsWith(h, i)) {
          found = i;
          break;
        }
      }
      if (found < 0) {
        return NO_MATCH;
      }
      if (first < 0) {
        first = found;
      }
      at = found + h.length();
    }
    return first == 0 ? 3 : 4;
  }

  /** Lower-cased humps of a pattern: split before each capital and at separators. */
  static String[] patternHumps(String p) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '_' || c == '-') {
        flush(cur, out);
        continue;
      }
      if (c >= 'A' && c <= 'Z') {
        flush(cur, out);
      }
      cur.append(c);
    }
    flush(cur, out);
    return out.stream().map(NameMatch::lower).toArray(String[]::new);
  }

  /**
   * Whether a hump of {@code name} starts at {@code i}: its first character, a capital, a digit
   * after a non-digit, or a letter or digit after a separator ({@code _ - $ .}). Every capital
   * starts a hump, so {@code HS} and {@code HTTPS} both match {@code HTTPServer}.
   */
  static boolean isHumpStart(String name, int i) {
    char c = name.charAt(i);
    if (isSeparator(c)) {
      return false;
    }
    if (i == 0 || (c >= 'A' && c <= 'Z')) {
      return true;
    }
    char prev = name.charAt(i - 1);
    return isSeparator(prev) || (Character.isDigit(c) && !Character.isDigit(prev));
  }

  private static boolean isSeparator(char c) {
    return c == '_' || c == '-' || c == '$' || c == '.';
  }

  private static void flush(StringBuilder cur, List<String> out) {
    if (!cur.isEmpty()) {
      out.add(cur.toString());
      cur.setLength(0);
    }
  }

  private static byte lowerAscii(byte b) {
    return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
  }

  static String lower(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (b == null) {
          b = new StringBuilder(s);
        }
        b.setCharAt(i, (char) (c + 32));
      }
    }
    return b == null ? s : b.toString();
  }
}
