package dev.symdex.engine.query.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Packs candidates into a token budget, counting the real tokens of exactly what it emits.
 *
 * <p>Each chosen candidate is emitted as one block: a header line {@code ## <title> [<kind>]},
 * the rendering's body, a newline if the body lacks one, and a blank line. Every block starts with
 * {@code #} and ends with a newline, so no token spans two blocks (o200k splits text into pieces
 * before merging, and a newline run ends a piece): the count of the whole text is the sum of the
 * counts of its blocks. The packer still counts the final text once and reports that count; should
 * it ever exceed the budget, it drops the least efficient items until it fits.
 *
 * <p>Choice is greedy by value per token over rendering upgrades (a multiple-choice knapsack):
 * starting from nothing, it repeatedly takes, among every candidate and every larger rendering of
 * it that still fits, the step with the highest added value per added token (ties: key, then the
 * smaller rendering), until no step fits. A candidate too large for the budget at its fullest
 * rendering thus comes in at a smaller one; left-over room goes to smaller renderings and further
 * candidates. The result says whether the budget was filled to {@link #MIN_FILL}, and if not,
 * whether the candidates ran out or nothing left fits. Each rendering is rendered once and counted
 * once, up to the budget (a rendering larger than the whole budget is never encoded past it): the
 * cost is about the size of the renderings supplied, so a caller supplies whole texts only for
 * files that could fit.
 * Deterministic for the same candidates and budget. Thread-safe (no state besides the counter).
 */
public final class Packer {
  /** The share of the budget a packing should reach when the candidates allow it. */
  public static final double MIN_FILL = 0.95;

  private final TokenCounter counter;

  public Packer(TokenCounter counter) {
    this.counter = counter;
  }

  /** The block one candidate is emitted as (header line, body, blank line). */
  public static String block(String title, String kind, String body) {
    StringBuilder b = new StringBuilder(body.length() + title.length() + kind.length() + 10);
    b.append("## ").append(title).append(" [").append(kind).append("]\n").append(body);
    if (!body.isEmpty() && !body.endsWith("\n")) {
      b.append('\n');
    }
    return b.append('\n').toString();
  }

  /** One rendering as an option of its candidate: its block, tokens and value. */
  private record Option(String kind, String block, int tokens, double value) {}

  /** The options of one candidate, and whether a rendering was left out for being larger than the budget. */
  private record Options(List<Option> useful, boolean overBudget) {}

  /**
   * A candidate with its useful options (tokens ascending, value strictly rising), the one taken
   * (-1: none), and whether a rendering was left out for being larger than the whole budget.
   */
  private static final class Entry {
    final PackCandidate candidate;
    final List<Option> options;
    final boolean overBudget;
    int taken = -1;

    Entry(PackCandidate candidate, Options options) {
      this.candidate = candidate;
      this.options = options.useful();
      this.overBudget = options.overBudget();
    }

    int tokens() {
      return taken < 0 ? 0 : options.get(taken).tokens();
    }

    double value() {
      return taken < 0 ? 0 : options.get(taken).value();
    }
  }

  /**
   * Chooses among {@code candidates} (unique keys) what to emit within {@code budget} tokens.
   *
   * @throws IllegalArgumentException when the budget is not positive or two candidates share a key
   */
  public Packing pack(List<PackCandidate> candidates, int budget) {
    if (budget < 1) {
      throw new IllegalArgumentException("budget must be positive, was " + budget);
    }
    List<PackCandidate> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparing(PackCandidate::key));
    Set<String> keys = new HashSet<>();
    List<Entry> entries = new ArrayList<>(sorted.size());
    for (PackCandidate c : sorted) {
      if (!keys.add(c.key())) {
        throw new IllegalArgumentException("two candidates have the key " + c.key());
      }
      entries.add(new Entry(c, options(c, budget)));
    }
    int used = 0;
    while (true) {
      Entry bestEntry = null;
      int bestOption = -1;
      double bestGain = -1;
      for (Entry e : entries) { // key order: the first of equal gains wins
        for (int o = e.taken + 1; o < e.options.size(); o++) {
          Option next = e.options.get(o);
          int added = next.tokens() - e.tokens();
          if (used + added > budget) {
            break; // larger options add more still
          }
          double gain = (next.value() - e.value()) / added;
          if (gain > bestGain) {
            bestGain = gain;
            bestEntry = e;
            bestOption = o;
          }
        }
      }
      if (bestEntry == null) {
        break;
      }
      used += bestEntry.options.get(bestOption).tokens() - bestEntry.tokens();
      bestEntry.taken = bestOption;
    }
    return result(entries, budget);
  }

  /**
   * The renderings of {@code c} as options, keeping only those within the budget that add value
   * for their extra tokens. A rendering is counted only up to the budget.
   */
  private Options options(PackCandidate c, int budget) {
    List<Option> all = new ArrayList<>();
    boolean overBudget = false;
    for (PackCandidate.Rendering r : c.renderings()) {
      String block = block(c.title(), r.kind(), r.text().get());
      int tokens = counter.countUpTo(block, budget);
      if (tokens <= budget) {
        all.add(new Option(r.kind(), block, tokens, c.value() * r.share()));
      } else {
        overBudget = true;
      }
    }
    all.sort(Comparator.comparingInt(Option::tokens).thenComparing(Comparator.comparingDouble(Option::value).reversed()));
    List<Option> useful = new ArrayList<>();
    for (Option o : all) {
      double last = useful.isEmpty() ? 0 : useful.get(useful.size() - 1).value();
      if (o.value() > last) {
        useful.add(o);
      }
    }
    return new Options(useful, overBudget);
  }

  private Packing result(List<Entry> entries, int budget) {
    List<Entry> chosen = new ArrayList<>();
    for (Entry e : entries) {
      if (e.taken >= 0) {
        chosen.add(e);
      }
    }
    while (true) {
      chosen.sort(Comparator.comparingDouble((Entry e) -> -e.candidate.value()).thenComparing(e -> e.candidate.key()));
      StringBuilder text = new StringBuilder();
      for (Entry e : chosen) {
        text.append(e.options.get(e.taken).block());
      }
      int tokens = counter.count(text.toString());
      if (tokens <= budget) {
        return packing(entries, chosen, tokens, budget, text.toString());
      }
      // Never expected (blocks count additively); honour the budget all the same.
      Entry worst = chosen.stream()
          .min(Comparator.comparingDouble((Entry e) -> e.value() / e.tokens()).thenComparing(e -> e.candidate.key(), Comparator.reverseOrder()))
          .orElseThrow();
      worst.taken = -1;
      chosen.remove(worst);
    }
  }

  private static Packing packing(List<Entry> entries, List<Entry> chosen, int tokens, int budget, String text) {
    List<Packing.Packed> items = new ArrayList<>();
    for (Entry e : chosen) {
      Option o = e.options.get(e.taken);
      items.add(new Packing.Packed(e.candidate.key(), o.kind(), o.tokens(), o.value()));
    }
    List<String> left = new ArrayList<>();
    boolean allFull = true;
    for (Entry e : entries) {
      if (e.taken < 0) {
        left.add(e.candidate.key());
      }
      allFull &= e.taken == e.options.size() - 1 && !e.overBudget;
    }
    Packing.Fill fill = tokens >= MIN_FILL * budget ? Packing.Fill.FILLED : allFull ? Packing.Fill.RAN_OUT : Packing.Fill.NOTHING_FITS;
    return new Packing(items, tokens, budget, fill, left, text);
  }
}
