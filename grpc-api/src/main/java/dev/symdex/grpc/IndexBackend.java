package dev.symdex.grpc;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import java.time.Duration;

/**
 * What the gRPC layer needs from whoever keeps an index current (the daemon): snapshots to
 * answer from, a read-your-writes barrier, and the runtime facts shown in {@code Status}.
 * Implementations are thread-safe.
 */
public interface IndexBackend {
  /** A snapshot of the last committed state; the caller closes it. */
  IndexSnapshot snapshot() throws SymdexException;

  /** The engine that answers the queries (its graph and history views are used as they are). */
  dev.symdex.engine.index.Engine engine();

  /** The import graph of {@code snapshot}'s generation (see {@code Engine.importGraph}). */
  default dev.symdex.engine.index.ImportGraph importGraph(IndexSnapshot snapshot) throws SymdexException {
    return engine().importGraph(snapshot);
  }

  /** One file's imports, resolved (see {@code Engine.imports}). */
  default java.util.List<dev.symdex.engine.index.ImportGraph.ResolvedImport> imports(IndexSnapshot snapshot, String path)
      throws SymdexException {
    return engine().imports(snapshot, path);
  }

  /** What changed since a git revision (see {@code Engine.delta}). */
  default dev.symdex.engine.index.Delta delta(String since, int limit) throws SymdexException {
    return engine().delta(since, limit);
  }

  /** Resolved calls over {@code snapshot}. */
  default dev.symdex.engine.index.CallGraph callGraph(IndexSnapshot snapshot) throws SymdexException {
    return engine().callGraph(snapshot);
  }

  /**
   * Returns once every file change made before this call is in the index; a project whose first
   * index runs waits for it.
   *
   * @throws SymdexException.TimedOut when {@code timeout} passed first (DEADLINE_EXCEEDED)
   * @throws SymdexException.Exhausted when changes cannot be applied for want of disk space, file
   *     descriptors or memory (RESOURCE_EXHAUSTED): they stay pending and are retried
   */
  SyncResult sync(Duration timeout) throws SymdexException, InterruptedException;

  /**
   * Refuses to answer from an index that never held the whole tree (its first index is still
   * running): an answer then could miss what is not indexed yet, and an empty one would pass for
   * "nothing found". A project with a complete stored index answers from it while it re-checks
   * the tree (its answers say {@code pending_changes}).
   *
   * @throws SymdexException.Indexing while the first index is not complete (FAILED_PRECONDITION)
   */
  default void requireIndexed() throws SymdexException {}

  /** Where committed changes are announced, for Subscribe. */
  ChangeFeed changes();

  /** Facts about the running daemon (not stored in the index). */
  RuntimeStatus runtimeStatus();

  /** File changes seen but not yet in the index (cheap: every query response carries it). */
  default long pendingChanges() {
    return runtimeStatus().pendingChanges();
  }
}
