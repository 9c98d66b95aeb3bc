package dev.symdex.bench.context;

import java.util.List;
import java.util.Map;

/**
 * A ranker's answer for one task.
 *
 * @param files repository-relative paths, best first, no repeats
 * @param packings by token budget, what the ranker packed into that budget itself (a plan), when
 *     it packs; the harness's whole-file budgets count files in rank order either way
 */
public record Ranking(List<String> files, Map<Integer, Packed> packings) {
  /**
   * What a ranker packed into one budget.
   *
   * @param files the files its text holds (in any rendering: whole, outline, spans)
   * @param tokens the text's real token count
   */
  public record Packed(List<String> files, int tokens) {
    public Packed {
      files = List.copyOf(files);
    }
  }

  public Ranking {
    files = List.copyOf(files);
    packings = Map.copyOf(packings);
    if (files.stream().distinct().count() != files.size()) {
      throw new IllegalArgumentException("a ranking names each file once");
    }
  }

  /** A ranking of files only. */
  public static Ranking of(List<String> files) {
    return new Ranking(files, Map.of());
  }
}
