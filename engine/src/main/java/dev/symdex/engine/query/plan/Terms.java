package dev.symdex.engine.query.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The terms of identifiers, paths and task text, all split one way: at every character that is not
 * a letter or digit, between a lower-case letter (or digit) and an upper-case one ({@code
 * parseHTTPHeader} → parse, http, header), and between letters and digits ({@code utf8} → utf, 8);
 * lower-cased ({@link Locale#ROOT}); terms of one character dropped. {@link #stem} folds the forms
 * of a word ({@code resolves}, {@code resolved}, {@code resolver} → {@code resolv}); {@link
 * #identifiers} keeps compound identifiers whole. Stateless.
 */
public final class Terms {
  /** Words of English prose that say nothing about code; removed from task text only. */
  static final Set<String> STOPWORDS = Set.of(
      "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "has", "have",
      "if", "in", "into", "is", "it", "its", "no", "not", "of", "on", "one", "or", "so", "than", "that", "the",
      "their", "then", "there", "these", "this", "to", "was", "we", "were", "what", "when", "which", "while",
      "who", "will", "with", "without", "each", "every", "all", "any", "more", "now", "only", "same", "also");

  private Terms() {}

  /** The terms of {@code text}, in order, repeats kept. */
  public static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    int n = text.length();
    int start = -1;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? text.charAt(i) : ' ';
      boolean word = Character.isLetterOrDigit(c);
      if (start >= 0 && (!word || boundary(text, i))) {
        add(out, text.substring(start, i));
        start = -1;
      }
      if (word && start < 0) {
        start = i;
      }
    }
    return out;
  }

  /** The terms of a task's text: {@link #split} minus {@link #STOPWORDS}. */
  public static List<String> ofTask(String text) {
    return split(text).stream().filter(t -> !STOPWORDS.contains(t)).toList();
  }

  /**
   * The compound identifiers of {@code text}, whole and lower-cased, in order, repeats kept: each
   * run of letters, digits and underscores that {@link #split} cuts into two terms or more
   * ({@code NameTiers} → {@code nametiers}, {@code max_file_bytes} → {@code max_file_bytes}).
   */
  public static List<String> identifiers(String text) {
    List<String> out = new ArrayList<>();
    int n = text.length();
    int start = -1;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? text.charAt(i) : ' ';
      boolean word = Character.isLetterOrDigit(c) || c == '_';
      if (word && start < 0) {
        start = i;
      } else if (!word && start >= 0) {
        String token = text.substring(start, i);
        if (split(token).size() >= 2) {
          out.add(token.toLowerCase(Locale.ROOT));
        }
        start = -1;
      }
    }
    return out;
  }

  /**
   * A light English stemmer for terms of {@link #split}: {@code -ies} → {@code -y}, then a plural
   * {@code -s} (not {@code -ss}, {@code -us}, {@code -is}), then one of {@code -ing}, {@code -ed},
   * {@code -er}, then a final {@code -e}, then a doubled final consonant; a stem is never shorter
   * than 3 characters (a rule that would leave less is not applied). Terms of digits are kept.
   */
  public static String stem(String term) {
    String t = term;
    if (t.length() > 4 && t.endsWith("ies")) {
      t = t.substring(0, t.length() - 3) + "y";
    } else if (t.length() > 3 && t.endsWith("s") && !t.endsWith("ss") && !t.endsWith("us") && !t.endsWith("is")) {
      t = t.substring(0, t.length() - 1);
    }
    for (String suffix : SUFFIXES) {
      if (t.endsWith(suffix) && t.length() - suffix.length() >= 3) {
        t = t.substring(0, t.length() - suffix.length());
        break;
      }
    }
    if (t.length() > 3 && t.endsWith("e")) {
      t = t.substring(0, t.length() - 1);
    }
    int n = t.length();
    if (n > 3 && t.charAt(n - 1) == t.charAt(n - 2) && isConsonant(t.charAt(n - 1))) {
      t = t.substring(0, n - 1);
    }
    return t;
  }

  private static final List<String> SUFFIXES = List.of("ing", "ed", "er");

  private static boolean isConsonant(char c) {
    return c >= 'a' && c <= 'z' && "aeiouy".indexOf(c) < 0 && c != 's' && c != 'l';
  }

  /** True when a term ends just before index {@code i} (which holds a letter or digit). */
  private static boolean boundary(String s, int i) {
    char prev = s.charAt(i - 1);
    char c = s.charAt(i);
    if (Character.isDigit(prev) != Character.isDigit(c) && Character.isLetterOrDigit(prev)) {
      return true;
    }
    if (Character.isUpperCase(c) && (Character.isLowerCase(prev) || Character.isDigit(prev))) {
      return true;
    }
    // The last capital of a run starts the next word: HTTPHeader -> HTTP, Header.
    return Character.isUpperCase(prev) && Character.isUpperCase(c) && i + 1 < s.length() && Character.isLowerCase(s.charAt(i + 1));
  }

  private static void add(List<String> out, String term) {
    if (term.length() > 1) {
      out.add(term.toLowerCase(Locale.ROOT));
    }
  }
}
