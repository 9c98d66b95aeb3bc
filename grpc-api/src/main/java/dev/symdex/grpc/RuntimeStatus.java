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
 * @param unwatchedDirectories directories the OS would not watch (watch limit), polled instead
 * @param recentIssues transient problems seen lately (e.g. a file that vanished mid-read), newest last
 * @param warnings set-up problems left to the daemon's owner (a data dir others may read)
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
    ProjectMemory memory) {
  public RuntimeStatus {
    recentIssues = List.copyOf(recentIssues);
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(memory, "memory");
  }

  /** Not under a memory cap. */
  public RuntimeStatus(String root, String dataDir, String state, String stateReason, long filesParsedSinceStart, long pendingChanges,
      long lagMillis, long uptimeMillis, long indexBytes, long progressDone, long progressTotal, long unwatchedDirectories,
      List<String> recentIssues, List<String> warnings) {
    this(root, dataDir, state, stateReason, filesParsedSinceStart, pendingChanges, lagMillis, uptimeMillis, indexBytes, progressDone,
        progressTotal, unwatchedDirectories, recentIssues, warnings, ProjectMemory.UNTRACKED);
  }

  /** Without warnings. */
  public RuntimeStatus(String root, String dataDir, String state, String stateReason, long filesParsedSinceStart, long pendingChanges,
      long lagMillis, long uptimeMillis, long indexBytes, long progressDone, long progressTotal, long unwatchedDirectories,
      List<String> recentIssues) {
    this(root, dataDir, state, stateReason, filesParsedSinceStart, pendingChanges, lagMillis, uptimeMillis, indexBytes, progressDone,
        progressTotal, unwatchedDirectories, recentIssues, List.of(), ProjectMemory.UNTRACKED);
  }
}
