package dev.symdex.engine.index;

import java.util.Set;

/**
 * What may have changed in the tree: a set of relative paths (files or directories, existing or
 * not), or everything. The engine checks each path against the disk; a path that did not change
 * costs a stat.
 *
 * @param paths relative '/'-separated paths; ignored when {@code all}. The empty path {@link #GIT}
 *     says git's HEAD or index may have moved: HEAD is re-read only then (and on a full reconcile)
 * @param all true to reconcile the whole tree (startup, overflow, rule changes)
 */
public record ChangeSet(Set<String> paths, boolean all) {
  /** The path that stands for "git's HEAD or index may have moved". */
  public static final String GIT = "";

  public ChangeSet {
    paths = Set.copyOf(paths);
  }

  public static ChangeSet of(Set<String> paths) {
    return new ChangeSet(paths, false);
  }

  public static ChangeSet of(String... paths) {
    return new ChangeSet(Set.of(paths), false);
  }

  public static ChangeSet everything() {
    return new ChangeSet(Set.of(), true);
  }

  public boolean isEmpty() {
    return !all && paths.isEmpty();
  }
}
