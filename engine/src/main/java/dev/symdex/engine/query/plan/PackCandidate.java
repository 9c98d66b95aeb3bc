package dev.symdex.engine.query.plan;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Something the {@link Packer} may emit: a file, a symbol, a section. It has a value (how much it
 * is worth to the reader, {@code >= 0}, on any scale shared by the candidates of one packing) and
 * one or more renderings, each a text and the share of the value it delivers (the whole file 1.0,
 * an outline with the chosen spans less, an outline alone less again).
 *
 * @param key unique among the candidates of one packing; breaks ties, so packings are deterministic
 * @param title what the block's header line names (a path, a symbol and its reasons), one line
 * @param value worth of the candidate at its fullest rendering, finite and {@code >= 0}
 * @param renderings at least one
 */
public record PackCandidate(String key, String title, double value, List<Rendering> renderings) {
  /**
   * One way to render a candidate.
   *
   * @param kind a short label shown in the header ({@code file}, {@code outline+spans}, {@code outline})
   * @param share the share of the candidate's value this rendering delivers, in (0, 1]
   * @param text the body; asked for at most once per packing, when the packer first weighs the candidate
   */
  public record Rendering(String kind, double share, Supplier<String> text) {
    public Rendering {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(text, "text");
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException("share must be in (0, 1], was " + share);
      }
      if (kind.isBlank() || kind.contains("\n")) {
        throw new IllegalArgumentException("kind must be one non-blank line");
      }
    }

    public static Rendering of(String kind, double share, String text) {
      return new Rendering(kind, share, () -> text);
    }
  }

  public PackCandidate {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(title, "title");
    renderings = List.copyOf(renderings);
    if (renderings.isEmpty()) {
      throw new IllegalArgumentException("no rendering for " + key);
    }
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("value must be finite and >= 0, was " + value);
    }
    if (title.contains("\n")) {
      throw new IllegalArgumentException("title must be one line: " + key);
    }
  }

  /** A candidate titled by its key. */
  public static PackCandidate of(String key, double value, Rendering... renderings) {
    return new PackCandidate(key, key, value, List.of(renderings));
  }
}
