package dev.symdex.engine.query.explore;

import dev.symdex.engine.query.plan.TokenCounter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lays out sections of text under a token budget ({@link TokenCounter#o200k()}). The text is a
 * preamble, then per section a header {@code ## title (shown N of M)} and its items, each kept
 * only as a prefix (the items are in their section's order of importance).
 *
 * <p>Cutting, when the whole does not fit: first, section by section in order, its header and its
 * first {@value #FIRST_ITEMS} items; then, again in order, the rest of each section. A piece that
 * does not fit ends its section (later, smaller ones may still get in), so the earlier layers keep
 * the most and the later ones are cut first, but a tight budget still shows a little of each. Headers then count what is shown, and a
 * closing line says which sections were cut and how to see more. The count is checked on the text
 * itself: a fitted text never exceeds the budget (when even the preamble does not fit, it is cut
 * short). Deterministic.
 */
public final class TextBudget {
  /** Items of every section kept before any section gets more. */
  static final int FIRST_ITEMS = 3;

  /**
   * A section.
   *
   * @param title its title
   * @param total its items before any cap ({@link #UNCOUNTED}: the header shows no count)
   * @param items the items it may show, each a whole number of lines
   */
  public record Block(String title, int total, List<String> items) {
    public static final int UNCOUNTED = -1;

    public Block {
      items = List.copyOf(items);
    }
  }

  /**
   * A text fitted to a budget.
   *
   * @param text the text
   * @param tokens its tokens ({@code o200k_base})
   * @param cut true when sections or items were left out to fit the budget
   */
  public record Fitted(String text, int tokens, boolean cut) {}

  private TextBudget() {}

  /** The whole text: every header and item. */
  static String assemble(String preamble, List<Block> blocks) {
    int[] all = new int[blocks.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = blocks.get(i).items().size();
    }
    return assemble(preamble, blocks, all, 0);
  }

  /**
   * {@code preamble} and {@code blocks} in at most {@code budget} tokens; all of it when {@code
   * budget} is 0.
   */
  static Fitted fit(String preamble, List<Block> blocks, int budget) {
    if (budget < 0) {
      throw new IllegalArgumentException("token budget must not be negative: " + budget);
    }
    TokenCounter counter = TokenCounter.o200k();
    String whole = assemble(preamble, blocks);
    if (budget == 0) {
      return new Fitted(whole, counter.count(whole), false);
    }
    int wholeTokens = counter.countUpTo(whole, budget);
    if (wholeTokens <= budget) {
      return new Fitted(whole, wholeTokens, false);
    }
    // kept[i]: -1 header left out, else the number of items of block i kept.
    int[] kept = new int[blocks.size()];
    Arrays.fill(kept, -1);
    List<Integer> added = new ArrayList<>(); // block of each piece, in the order added
    int used = counter.count(preamble) + counter.count(footer(blocks, kept, budget));
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < blocks.size(); i++) {
        if (round == 0) {
          int cost = counter.count(header(blocks.get(i), blocks.get(i).items().size()));
          if (used + cost > budget) {
            continue;
          }
          kept[i] = 0;
          used += cost;
          added.add(i);
        }
        List<String> items = blocks.get(i).items();
        int limit = round == 0 ? Math.min(FIRST_ITEMS, items.size()) : items.size();
        while (kept[i] >= 0 && kept[i] < limit) {
          int cost = counter.count(items.get(kept[i]));
          if (used + cost > budget) {
            break;
          }
          used += cost;
          kept[i]++;
          added.add(i);
        }
      }
    }
    while (true) {
      String text = assemble(preamble, blocks, kept, budget);
      int tokens = counter.countUpTo(text, budget);
      if (tokens <= budget) {
        return new Fitted(text, tokens, true);
      }
      if (added.isEmpty()) {
        return shortened(text, budget, counter);
      }
      int last = added.removeLast();
      kept[last]--;
    }
  }

  /** The longest prefix of {@code text}, cut at a line end where one fits, within {@code budget}. */
  private static Fitted shortened(String text, int budget, TokenCounter counter) {
    int lo = 0;
    int hi = text.length();
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (counter.countUpTo(text.substring(0, mid), budget) <= budget) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    int line = text.lastIndexOf('\n', lo - 1);
    String cut = line >= 0 ? text.substring(0, line + 1) : text.substring(0, lo);
    if (!cut.isEmpty() && Character.isHighSurrogate(cut.charAt(cut.length() - 1))) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return new Fitted(cut, counter.count(cut), true);
  }

  private static String assemble(String preamble, List<Block> blocks, int[] kept, int budget) {
    StringBuilder b = new StringBuilder(preamble);
    for (int i = 0; i < blocks.size(); i++) {
      if (kept[i] < 0) {
        continue;
      }
      Block block = blocks.get(i);
      b.append(header(block, kept[i]));
      block.items().subList(0, kept[i]).forEach(b::append);
    }
    return b.append(footer(blocks, kept, budget)).toString();
  }

  private static String header(Block block, int shown) {
    return "## " + block.title() + (block.total() == Block.UNCOUNTED ? "" : " (shown " + shown + " of " + block.total() + ")") + '\n';
  }

  /** Empty when nothing was cut to fit; else how much was, and how to get more. */
  private static String footer(List<Block> blocks, int[] kept, int budget) {
    int cut = 0;
    int omitted = 0;
    for (int i = 0; i < blocks.size(); i++) {
      if (kept[i] < 0) {
        omitted++;
      } else if (kept[i] < blocks.get(i).items().size()) {
        cut++;
      }
    }
    if (cut == 0 && omitted == 0) {
      return "";
    }
    return "## cut to " + budget + " tokens: " + (cut == 0 ? "" : cut + " sections show fewer items, ")
        + (omitted == 0 ? "" : omitted + " later sections left out, ")
        + "for more raise --budget, narrow with --focus PATH|SYMBOL, or lower --detail\n";
  }
}
