package dev.symdex.bench.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The terms of identifiers, paths and task text, all split one way: at every character that is not
 * a letter or digit, between a lower-case letter (or digit) and an upper-case one ({@code
 * parseHTTPHeader} → parse, http, header), and between letters and digits ({@code utf8} → utf, 8);
 * lower-cased ({@link Locale#ROOT}); terms of one character dropped. Stateless.
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
