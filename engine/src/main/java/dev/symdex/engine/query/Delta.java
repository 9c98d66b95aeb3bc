package dev.symdex.engine.query;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What changed between a git revision and the working tree as indexed: files and definitions.
 *
 * @param since the revision asked for, as given
 * @param sinceCommit the commit it resolved to
 * @param head the HEAD the index is at
 * @param generation the index generation answered from
 * @param files changed files, by path
 * @param definitions changed definitions, by path then line
 * @param truncated true when {@code definitions} or {@code files} stopped at the limit
 */
public record Delta(String since, String sinceCommit, String head, long generation, List<FileDelta> files,
    List<DefinitionDelta> definitions, boolean truncated) {

  public Delta {
    files = List.copyOf(files);
    definitions = List.copyOf(definitions);
  }

  /** How a file or definition changed. */
  public enum Change {
    ADDED, REMOVED, MODIFIED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A file added, removed or modified since the revision (uncommitted edits included). */
  public record FileDelta(String path, Change change) {
    public FileDelta {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(change, "change");
    }
  }

  /**
   * A definition added, removed or modified (same kind and qualified name, other source text).
   * {@code line} is its line now, or for a removed one, its line at the revision.
   */
  public record DefinitionDelta(String path, String name, String kind, String container, int line, Change change) {
    public DefinitionDelta {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(change, "change");
    }
  }
}
