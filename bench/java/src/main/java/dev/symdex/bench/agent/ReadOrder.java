package dev.symdex.bench.agent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The order a grep-and-read agent opens files in: every file some search printed, most searches
 * matched first, then by path; and where it stops: at the file that completes the truth (every
 * truth file read), or at the end of the list. Stateless.
 */
final class ReadOrder {
  private ReadOrder() {}

  /**
   * What was read.
   *
   * @param read the files opened, in order
   * @param matched the files any search printed
   * @param missed the truth files no search printed (never opened from the list), sorted
   */
  record Reading(List<String> read, int matched, List<String> missed) {
    Reading {
      read = List.copyOf(read);
      missed = List.copyOf(missed);
    }

    /** True when every truth file was reached from the searches' answers. */
    boolean reached() {
      return missed.isEmpty();
    }
  }

  /** The files ranked by how many of {@code answers} (one file list per search) name them, then by path. */
  static List<String> ranked(List<List<String>> answers) {
    Map<String, Integer> hits = new TreeMap<>();
    for (List<String> files : answers) {
      for (String f : new HashSet<>(files)) {
        hits.merge(f, 1, Integer::sum);
      }
    }
    List<String> out = new ArrayList<>(hits.keySet());
    out.sort(Comparator.comparing((String f) -> -hits.get(f)).thenComparing(Comparator.naturalOrder()));
    return out;
  }

  /** Opens the files of {@link #ranked} in order until every file of {@code truth} is open. */
  static Reading read(List<List<String>> answers, Set<String> truth) {
    List<String> ranked = ranked(answers);
    Set<String> left = new HashSet<>(truth);
    List<String> read = new ArrayList<>();
    for (String f : ranked) {
      if (left.isEmpty()) {
        break;
      }
      read.add(f);
      left.remove(f);
    }
    return new Reading(read, ranked.size(), left.stream().sorted().toList());
  }
}
