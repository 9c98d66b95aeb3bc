package dev.symdex.engine.index;

import java.util.Set;

/**
 * What may have changed in the tree: a set of relative paths (files or directories, existing or
 * not), or everything. The engine checks each path against the disk; a path that did not change
 * costs a stat.
 *
 * @param paths relative '/'-separated paths; ignored when {@code all}
 * @param all true to reconcile the whole tree (startup, overflow, rule changes)
 */
public record ChangeSet(Set<String> paths, boolean all) {
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
