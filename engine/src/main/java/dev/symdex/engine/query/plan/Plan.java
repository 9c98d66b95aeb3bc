package dev.symdex.engine.query.plan;

import java.util.List;
import java.util.Objects;

/**
 * Plan's answer for a task: the files that matter, best first, each with the definitions worth
 * reading and the reasons it was chosen, and the text packed to the token budget.
 *
 * @param head the git HEAD the index was at ("" outside git)
 * @param generation the index generation answered from
 * @param items ranked files, best first (more than the packing may hold)
 * @param packing what was packed into the budget, and the ready-to-paste text
 * @param notes what the ranking could not use yet, one line each (a large project's file graph
 *     while it is first built); empty when every requested signal was used
 */
public record Plan(String head, long generation, List<Item> items, Packing packing, List<String> notes) {
  /** Said when the graph signal was asked for but the project's first file graph is still being built. */
  public static final String GRAPH_PENDING = "file graph: still being built for this project (first use); ranked without the graph signal";

  public Plan {
    Objects.requireNonNull(head, "head");
    items = List.copyOf(items);
    Objects.requireNonNull(packing, "packing");
    notes = List.copyOf(notes);
  }

  /**
   * One ranked file.
   *
   * @param path repository-relative path
   * @param score its final score (the sum of its reasons' weights)
   * @param reasons each signal that contributed, with its weight in the score and a short detail
   * @param spans the definitions worth reading in it, best first
   */
  public record Item(String path, double score, List<Reason> reasons, List<Span> spans) {
    public Item {
      reasons = List.copyOf(reasons);
      spans = List.copyOf(spans);
    }
  }

  /**
   * Why an item is there.
   *
   * @param signal which signal
   * @param weight its contribution to the item's score
   * @param detail what it saw, one line ({@code "terms: packer, budget"}, {@code "with Foo.java"})
   */
  public record Reason(Signal signal, double weight, String detail) {}

  /**
   * A definition worth reading.
   *
   * @param name its qualified name
   * @param kind what it is ({@code method}, {@code class})
   * @param line first line, 1-based
   * @param endLine last line
   */
  public record Span(String name, String kind, int line, int endLine) {}
}
