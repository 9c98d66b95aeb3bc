package dev.symdex.engine.index;

import java.util.Set;

/**
 * What may have changed in the tree: a set of relative paths (files or directories, existing or
 * not), whether git's HEAD or index may have moved, or everything. The engine checks each path
 * against the disk; a path that did not change costs a stat. Immutable, thread-safe.
 *
 * @param paths relative '/'-separated paths, never empty strings; ignored when {@code all}
 * @param gitMoved true when git's HEAD or index may have moved: HEAD (and the set of files git
 *     tracks) is re-read only then, and on a full reconcile
 * @param all true to reconcile the whole tree (startup, overflow, rule changes)
 */
public record ChangeSet(Set<String> paths, boolean gitMoved, boolean all) {
  /**
   * @throws IllegalArgumentException when a path is empty: the tree's root is no path to apply
   *     ({@link #everything()} reconciles it), and git moving is {@link #gitMove()}
   */
  public ChangeSet {
    paths = Set.copyOf(paths);
    if (paths.contains("")) {
      throw new IllegalArgumentException("an empty path: use ChangeSet.everything() for the whole tree, ChangeSet.gitMove() for git");
    }
  }

  public static ChangeSet of(Set<String> paths) {
    return new ChangeSet(paths, false, false);
  }

  public static ChangeSet of(String... paths) {
    return new ChangeSet(Set.of(paths), false, false);
  }

  /** Says only that git's HEAD or index may have moved (a checkout, a commit, a reset). */
  public static ChangeSet gitMove() {
    return new ChangeSet(Set.of(), true, false);
  }

  public static ChangeSet everything() {
    return new ChangeSet(Set.of(), false, true);
  }

  /** These paths, saying also whether git's HEAD or index may have moved. */
  public ChangeSet withGitMoved(boolean moved) {
    return new ChangeSet(paths, moved, all);
  }

  public boolean isEmpty() {
    return !all && !gitMoved && paths.isEmpty();
  }
}
