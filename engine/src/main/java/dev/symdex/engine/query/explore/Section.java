package dev.symdex.engine.query.explore;

import java.util.List;

/**
 * One capped section of an Explore map: the items shown, and how many there were.
 *
 * @param items the items shown, in the section's order, at most the cap
 * @param shown {@code items.size()}
 * @param total how many items the section had before the cap
 * @param truncated true when {@code total > shown}: ask again with a larger cap (or a focus) for the rest
 */
public record Section<T>(List<T> items, int shown, int total, boolean truncated) {
  public Section {
    items = List.copyOf(items);
    if (shown != items.size() || total < shown || truncated != (total > shown)) {
      throw new IllegalArgumentException("section of " + items.size() + " items says shown " + shown + " of " + total);
    }
  }

  /** The first {@code cap} of {@code all} (already in order). */
  public static <T> Section<T> of(List<T> all, int cap) {
    List<T> shown = all.size() <= cap ? all : all.subList(0, cap);
    return new Section<>(shown, shown.size(), all.size(), all.size() > shown.size());
  }

  /** A section with nothing in it. */
  public static <T> Section<T> empty() {
    return new Section<>(List.of(), 0, 0, false);
  }
}
