package dev.symdex.engine.index;

import java.util.List;

/**
 * What one {@code apply} did.
 *
 * @param generation generation after the change (unchanged when nothing changed)
 * @param head HEAD SHA recorded
 * @param filesParsed files whose content was parsed (not found in stored facts)
 * @param filesChanged files added or updated
 * @param filesRemoved files removed
 * @param filesChecked files whose stat was compared
 * @param changes the files that changed, with their definitions added and removed (at most
 *     {@link #MAX_CHANGES})
 * @param changesTruncated true when more files changed than {@code changes} lists
 * @param importsResolved files whose imports were resolved again (the edited ones and those the
 *     change may re-route; every file when the import graph was rebuilt)
 * @param deferred paths left as they were for a passing failure, to apply again later
 */
public record ApplyResult(long generation, String head, int filesParsed, int filesChanged, int filesRemoved, int filesChecked,
    List<FileChange> changes, boolean changesTruncated, int importsResolved, List<Deferred> deferred) {
  /** Most file changes one result lists. */
  public static final int MAX_CHANGES = 1000;

  /**
   * A path this apply could not bring up to date for a passing reason (a read that failed with
   * too many open files, no memory, an I/O error): its index entry is left as it was, and the
   * caller applies the path again later.
   *
   * @param path relative path of a file, or of a directory that could not be listed
   * @param reason what failed, for people
   * @param exhausted true when a resource ran out (file descriptors, memory, disk space)
   */
  public record Deferred(String path, String reason, boolean exhausted) {}

  public ApplyResult {
    changes = List.copyOf(changes);
    deferred = List.copyOf(deferred);
  }

  /** A result that lists no changes. */
  public ApplyResult(long generation, String head, int filesParsed, int filesChanged, int filesRemoved, int filesChecked,
      List<Deferred> deferred) {
    this(generation, head, filesParsed, filesChanged, filesRemoved, filesChecked, List.of(), false, 0, deferred);
  }

  public boolean changedAnything() {
    return filesChanged > 0 || filesRemoved > 0;
  }
}
