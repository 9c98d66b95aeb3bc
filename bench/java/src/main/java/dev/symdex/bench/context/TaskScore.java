package dev.symdex.bench.context;

import java.util.Map;

/**
 * One ranker's scores on one task (each in [0, 1]).
 *
 * @param ranker the ranker's name
 * @param recall5 recall of the first 5 files
 * @param recall10 recall of the first 10 files
 * @param reciprocalRank 1 / rank of the first truth file, 0 when none is ranked
 * @param within4k recall of the files that fit in 4,000 tokens, in rank order
 * @param within8k the same within 8,000 tokens
 * @param within16k the same within 16,000 tokens
 * @param rankMillis time the ranker took
 * @param packed by budget, the recall of the files the ranker's own packing holds (rankers that pack)
 * @param fill by budget, the packing's tokens over the budget (rankers that pack)
 */
public record TaskScore(String ranker, double recall5, double recall10, double reciprocalRank, double within4k, double within8k,
    double within16k, double rankMillis, Map<Integer, Double> packed, Map<Integer, Double> fill) {
  public TaskScore {
    packed = Map.copyOf(packed);
    fill = Map.copyOf(fill);
  }
}
