package dev.symdex.grpc;

import java.util.List;
import java.util.Objects;

/**
 * Facts about a running daemon, for {@code Status}.
 *
 * @param root absolute root directory
 * @param dataDir data directory
 * @param state "indexing" while the project has no complete index (its first index runs: queries
 *     are refused), "degraded" while changes cannot be applied (see {@code stateReason}), else
 *     "serving"
 * @param stateReason why the state is "degraded" (disk full, too many open files, ...); empty otherwise
 * @param filesParsedSinceStart files parsed by this process
 * @param pendingChanges changes seen by the watcher and not applied yet
 * @param lagMillis age of the oldest pending change (0 when none)
 * @param uptimeMillis time since start
 * @param indexBytes bytes the index takes on disk
 * @param progressDone files checked so far by a running full reconcile
 * @param progressTotal files to check in it (0 when none runs)
 * @param unwatchedDirectories directories left unwatched (the daemon's watch budget or the OS's
 *     limit was reached, or they were unignored after the tree was registered), each polled with
 *     what is below it
 * @param recentIssues transient problems seen lately (e.g. a file that vanished mid-read), newest last
 * @param warnings set-up problems left to the daemon's owner (a data dir others may read)
 * @param watches the project's watched directories and the daemon's watch budget
 * @param memory the project under the daemon's memory cap ({@link ProjectMemory#UNTRACKED} when none)
 */
public record RuntimeStatus(
    String root,
    String dataDir,
    String state,
    String stateReason,
    long filesParsedSinceStart,
    long pendingChanges,
    long lagMillis,
    long uptimeMillis,
    long indexBytes,
    long progressDone,
    long progressTotal,
    long unwatchedDirectories,
    List<String> recentIssues,
    List<String> warnings,
    Watches watches,
    ProjectMemory memory) {
  public RuntimeStatus {
    recentIssues = List.copyOf(recentIssues);
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(watches, "watches");
    Objects.requireNonNull(memory, "memory");
  }

  /**
   * How a project is watched.
   *
   * @param watchedDirectories the project's directories watched now (events, no polling)
   * @param budget how many directories the daemon's projects together may watch ({@code --max-watches})
   * @param inUse how many the daemon's projects together watch now
   */
  public record Watches(long watchedDirectories, long budget, long inUse) {
    /** Nothing watched, no budget (a backend without a watcher). */
    public static final Watches NONE = new Watches(0, 0, 0);
  }

  /** Not under a memory cap. */
  public RuntimeStatus(String root, String dataDir, String state, String stateReason, long filesParsedSinceStart, long pendingChanges,
      long lagMillis, long uptimeMillis, long indexBytes, long progressDone, long progressTotal, long unwatchedDirectories,
      List<String> recentIssues, List<String> warnings, Watches watches) {
    this(root, dataDir, state, stateReason, filesParsedSinceStart, pendingChanges, lagMillis, uptimeMillis, indexBytes, progressDone,
        progressTotal, unwatchedDirectories, recentIssues, warnings, watches, ProjectMemory.UNTRACKED);
  }

  /** Without watch counts, not under a memory cap. */
  public RuntimeStatus(String root, String dataDir, String state, String stateReason, long filesParsedSinceStart, long pendingChanges,
      long lagMillis, long uptimeMillis, long indexBytes, long progressDone, long progressTotal, long unwatchedDirectories,
      List<String> recentIssues, List<String> warnings) {
    this(root, dataDir, state, stateReason, filesParsedSinceStart, pendingChanges, lagMillis, uptimeMillis, indexBytes, progressDone,
        progressTotal, unwatchedDirectories, recentIssues, warnings, Watches.NONE, ProjectMemory.UNTRACKED);
  }

  /** Without warnings. */
  public RuntimeStatus(String root, String dataDir, String state, String stateReason, long filesParsedSinceStart, long pendingChanges,
      long lagMillis, long uptimeMillis, long indexBytes, long progressDone, long progressTotal, long unwatchedDirectories,
      List<String> recentIssues) {
    this(root, dataDir, state, stateReason, filesParsedSinceStart, pendingChanges, lagMillis, uptimeMillis, indexBytes, progressDone,
        progressTotal, unwatchedDirectories, recentIssues, List.of(), Watches.NONE, ProjectMemory.UNTRACKED);
  }
}
