package dev.symdex.bench.context;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Scores of one ranking against one task's truth. Recall is the share of truth files found;
 * reciprocal rank is 1 / (the 1-based rank of the first truth file), 0 when none is ranked.
 */
public final class Metrics {
  private Metrics() {}

  /** Share of {@code truth} among the first {@code k} files of {@code ranked}. */
  public static double recallAt(List<String> ranked, Set<String> truth, int k) {
    return recall(ranked.subList(0, Math.min(k, ranked.size())), truth);
  }

  /** 1 / rank of the first truth file in {@code ranked}, 0 when there is none. */
  public static double reciprocalRank(List<String> ranked, Set<String> truth) {
    for (int i = 0; i < ranked.size(); i++) {
      if (truth.contains(ranked.get(i))) {
        return 1.0 / (i + 1);
      }
    }
    return 0;
  }

  /**
   * Share of {@code truth} in the longest prefix of {@code ranked} whose files' tokens sum to at
   * most {@code budget}: files are taken in rank order while they fit, and the first one that does
   * not fit ends the pack (a file larger than the budget is never read in part). {@code tokens}
   * holds the tokens of the ranked files in order; it may cover only a prefix of {@code ranked}
   * as long as that prefix already overflows the budget.
   */
  public static double recallWithin(List<String> ranked, List<Integer> tokens, Set<String> truth, int budget) {
    long used = 0;
    int taken = 0;
    while (taken < Math.min(ranked.size(), tokens.size()) && used + tokens.get(taken) <= budget) {
      used += tokens.get(taken);
      taken++;
    }
    return recall(ranked.subList(0, taken), truth);
  }

  private static double recall(List<String> files, Set<String> truth) {
    if (truth.isEmpty()) {
      throw new IllegalArgumentException("a task has at least one truth file");
    }
    Set<String> found = new HashSet<>(files);
    found.retainAll(truth);
    return (double) found.size() / truth.size();
  }
}
