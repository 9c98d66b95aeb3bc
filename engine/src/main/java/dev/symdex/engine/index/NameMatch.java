package dev.symdex.engine.index;

import java.nio.charset.StandardCharsets;

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
 *       and at {@code _}/{@code -}: {@code gSN}, {@code getSN}, {@code get_s_n}) starts a hump of
 *       the name, in order ({@code getSymbolName}; {@code HTTPServer} has humps HTTP, Server);
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

  /** 3 when the pattern's humps start the name's humps from the first one, 4 from a later one. */
  private int humpTier(String name) {
    if (humps.length == 0) {
      return NO_MATCH;
    }
    String[] nameHumps = nameHumps(name);
    int first = -1;
    int at = 0;
    for (String h : humps) {
      while (at < nameHumps.length && !nameHumps[at].startsWith(h)) {
        at++;
      }
      if (at == nameHumps.length) {
        return NO_MATCH;
      }
      if (first < 0) {
        first = at;
      }
      at++;
    }
    return first == 0 ? 3 : 4;
  }

  /** Lower-cased humps of a pattern: split before each capital and at separators. */
  static String[] patternHumps(String p) {
    java.util.List<String> out = new java.util.ArrayList<>();
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
   * Lower-cased humps of a name: a new hump starts at a capital after a lower-case letter or
   * digit, at the last capital of a run followed by a lower-case letter ({@code HTTPServer}), at
   * a digit after a letter, and after separators ({@code _}, {@code -}, {@code $}, {@code .}).
   */
  static String[] nameHumps(String n) {
    java.util.List<String> out = new java.util.ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (c == '_' || c == '-' || c == '$' || c == '.') {
        flush(cur, out);
        continue;
      }
      char prev = i > 0 ? n.charAt(i - 1) : 0;
      char next = i + 1 < n.length() ? n.charAt(i + 1) : 0;
      boolean upper = c >= 'A' && c <= 'Z';
      boolean prevLowerOrDigit = (prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9');
      boolean prevUpper = prev >= 'A' && prev <= 'Z';
      boolean nextLower = next >= 'a' && next <= 'z';
      boolean digitAfterLetter = c >= '0' && c <= '9' && Character.isLetter(prev);
      if ((upper && (prevLowerOrDigit || (prevUpper && nextLower))) || digitAfterLetter) {
        flush(cur, out);
      }
      cur.append(c);
    }
    flush(cur, out);
    return out.stream().map(NameMatch::lower).toArray(String[]::new);
  }

  private static void flush(StringBuilder cur, java.util.List<String> out) {
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
