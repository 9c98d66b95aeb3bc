package dev.symdex.grpc;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.query.Searcher;
import java.time.Duration;

/**
 * What the gRPC layer needs from whoever keeps an index current (the daemon): searchers to
 * answer from, a read-your-writes barrier, and the runtime facts shown in {@code Status}.
 * Implementations are thread-safe.
 */
public interface IndexBackend {
  /**
   * A searcher over the last committed state (every read query answers from it); the caller
   * closes it.
   */
  Searcher searcher() throws SymdexException;

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
