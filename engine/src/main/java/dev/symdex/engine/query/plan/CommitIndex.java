package dev.symdex.engine.query.plan;

import dev.symdex.engine.git.ChangeHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BM25 over the messages of a {@link ChangeHistory}'s commits: which past changes read like a
 * task. A commit's document is its message's terms in {@link LexicalIndex#termsOf} form; sweeps
 * (over {@value ChangeHistory#CO_CHANGE_MAX_FILES} files) and commits without a message are left
 * out. Immutable and thread-safe; built once per history (a thousand messages: milliseconds).
 */
final class CommitIndex {
  static final double K1 = 1.2;
  static final double B = 0.75;

  /** A commit of the history (its position there, 0 the newest) and its score for a query. */
  record Hit(int position, double score) {}

  private final ChangeHistory history;
  /** Term → positions of the commits holding it, ascending, and their term frequencies. */
  private final Map<String, int[][]> postings;
  private final int[] lengths;
  private final int documents;
  private final double averageLength;

  private CommitIndex(ChangeHistory history, Map<String, int[][]> postings, int[] lengths, int documents, double averageLength) {
    this.history = history;
    this.postings = postings;
    this.lengths = lengths;
    this.documents = documents;
    this.averageLength = averageLength;
  }

  /** The index of {@code history}'s commit messages. */
  static CommitIndex of(ChangeHistory history) {
    List<ChangeHistory.Commit> commits = history.commits();
    int[] lengths = new int[commits.size()];
    Map<String, List<int[]>> building = new HashMap<>();
    int documents = 0;
    long total = 0;
    for (int i = 0; i < commits.size(); i++) {
      List<String> files = history.changedAt(i);
      String message = commits.get(i).message();
      if (files.isEmpty() || files.size() > ChangeHistory.CO_CHANGE_MAX_FILES || message.isBlank()) {
        continue;
      }
      Map<String, Integer> tf = new HashMap<>();
      for (String t : LexicalIndex.termsOf(message)) {
        tf.merge(t, 1, Integer::sum);
        lengths[i]++;
      }
      if (lengths[i] == 0) {
        continue;
      }
      documents++;
      total += lengths[i];
      int position = i;
      tf.forEach((term, n) -> building.computeIfAbsent(term, k -> new ArrayList<>()).add(new int[] {position, n}));
    }
    Map<String, int[][]> postings = new HashMap<>(building.size() * 2);
    building.forEach((term, list) -> postings.put(term, list.toArray(new int[0][])));
    return new CommitIndex(history, postings, lengths, documents, documents == 0 ? 1 : (double) total / documents);
  }

  /** The history this index was built from. */
  ChangeHistory history() {
    return history;
  }

  /**
   * The commits whose messages match {@code queryTerms} (distinct, in {@link LexicalIndex#termsOf}
   * form), best first (ties: the newer), at most {@code limit}. idf is Lucene's {@code ln(1 + (N -
   * df + 0.5) / (df + 0.5))}.
   */
  List<Hit> score(List<String> queryTerms, int limit) {
    if (documents == 0 || limit <= 0) {
      return List.of();
    }
    double[] acc = new double[lengths.length];
    boolean any = false;
    for (String term : queryTerms) {
      int[][] p = postings.get(term);
      if (p == null) {
        continue;
      }
      double idf = Math.log(1 + (documents - p.length + 0.5) / (p.length + 0.5));
      for (int[] posting : p) {
        double tf = posting[1];
        acc[posting[0]] += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[posting[0]] / averageLength));
        any = true;
      }
    }
    if (!any) {
      return List.of();
    }
    List<Hit> hits = new ArrayList<>();
    for (int i = 0; i < acc.length; i++) {
      if (acc[i] > 0) {
        hits.add(new Hit(i, acc[i]));
      }
    }
    hits.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparingInt(Hit::position));
    return hits.size() > limit ? List.copyOf(hits.subList(0, limit)) : hits;
  }

  @Override
  public String toString() {
    return "CommitIndex[" + documents + " commits, " + postings.size() + " terms, lengths " + Arrays.stream(lengths).sum() + "]";
  }
}
