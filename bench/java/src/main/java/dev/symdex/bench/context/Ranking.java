package dev.symdex.bench.context;

import java.util.List;
import java.util.Optional;

/**
 * A ranker's answer for one task.
 *
 * @param files repository-relative paths, best first, no repeats
 * @param text the text the ranker would hand an agent (a packed plan), when it emits one; the
 *     harness's token budgets count whole files in rank order either way
 */
public record Ranking(List<String> files, Optional<String> text) {
  public Ranking {
    files = List.copyOf(files);
    if (files.stream().distinct().count() != files.size()) {
      throw new IllegalArgumentException("a ranking names each file once");
    }
  }

  /** A ranking of files only. */
  public static Ranking of(List<String> files) {
    return new Ranking(files, Optional.empty());
  }
}
