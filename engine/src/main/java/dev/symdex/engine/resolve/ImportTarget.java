package dev.symdex.engine.resolve;

import java.util.List;
import java.util.Objects;

/**
 * Where one import leads.
 *
 * @param status resolved to repo files, external (outside the repo: a standard library, a
 *     dependency), or unresolved (it looks like the repo's own, but no file matches)
 * @param paths the repo files it resolves to (empty unless resolved); several for a package or
 *     wildcard import, or when ambiguous
 */
public record ImportTarget(Status status, List<String> paths) {
  public enum Status { RESOLVED, EXTERNAL, UNRESOLVED }

  public ImportTarget {
    Objects.requireNonNull(status, "status");
    paths = List.copyOf(paths);
    if ((status == Status.RESOLVED) == paths.isEmpty()) {
      throw new IllegalArgumentException("resolved imports, and only they, have paths");
    }
  }

  public static final ImportTarget EXTERNAL = new ImportTarget(Status.EXTERNAL, List.of());
  public static final ImportTarget UNRESOLVED = new ImportTarget(Status.UNRESOLVED, List.of());

  public static ImportTarget of(List<String> paths) {
    return new ImportTarget(Status.RESOLVED, paths);
  }

  /** Resolved to {@code paths}, or unresolved when there are none. */
  public static ImportTarget orUnresolved(List<String> paths) {
    return paths.isEmpty() ? UNRESOLVED : of(paths);
  }

  /** Resolved to {@code paths}, or external when there are none. */
  public static ImportTarget orExternal(List<String> paths) {
    return paths.isEmpty() ? EXTERNAL : of(paths);
  }

  /** True when the import refers to the repo's own code (resolved or not). */
  public boolean inRepo() {
    return status != Status.EXTERNAL;
  }
}
