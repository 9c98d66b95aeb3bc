package dev.symdex.bench.agent;

import dev.symdex.engine.query.plan.Terms;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The words an agent without an index greps for, taken from a task's text with the engine's own
 * term rules ({@link Terms}): the text's compound identifiers, whole and lower-cased ({@link
 * Terms#identifiers}: {@code ExploreMemo}, {@code changedAt}, {@code max_file_bytes}, each run that
 * {@link Terms#split} cuts into two terms or more), distinct, in order of first appearance. A text
 * with none (plain prose) falls back to its distinct task terms ({@link Terms#ofTask}: every word
 * of two characters or more that is no stop word), the words BM25 and Plan query with.
 *
 * @param words what is searched for, one search each
 * @param fallback true when {@code words} are the prose terms (the text names no identifier)
 */
record Identifiers(List<String> words, boolean fallback) {
  Identifiers {
    words = List.copyOf(words);
  }

  static Identifiers of(String text) {
    List<String> ids = List.copyOf(new LinkedHashSet<>(Terms.identifiers(text)));
    return ids.isEmpty() ? new Identifiers(List.copyOf(new LinkedHashSet<>(Terms.ofTask(text))), true) : new Identifiers(ids, false);
  }
}
