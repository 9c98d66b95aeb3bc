package dev.symdex.engine.query.plan;

import java.util.List;

/**
 * What a {@link Packer} chose: the items in emission order, the text block, and how well it
 * filled the budget.
 *
 * @param items the chosen candidates, in the order of {@code text} (value descending, ties by key)
 * @param tokens the real token count of {@code text}, never above {@code budget}
 * @param budget the budget asked for
 * @param fill whether {@code tokens} reached {@link Packer#MIN_FILL} of the budget, and if not why
 * @param left keys of the candidates not chosen at all, sorted
 * @param text the ready-to-paste block: each item as a header line, its body, a blank line
 */
public record Packing(List<Packed> items, int tokens, int budget, Fill fill, List<String> left, String text) {
  /** One chosen candidate: which rendering, its tokens (header and separator included), the value it delivers. */
  public record Packed(String key, String kind, int tokens, double value) {}

  /** How the budget was filled. */
  public enum Fill {
    /** At least {@link Packer#MIN_FILL} of the budget. */
    FILLED,
    /** Below it, because every candidate is in at its fullest rendering: there is nothing more to add. */
    RAN_OUT,
    /** Below it, because every rendering not taken is larger than what is left of the budget. */
    NOTHING_FITS
  }

  public Packing {
    items = List.copyOf(items);
    left = List.copyOf(left);
  }
}
