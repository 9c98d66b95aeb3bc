package dev.symdex.watcher;

import dev.symdex.engine.SymdexException;

/**
 * Why the index loop carries changes it could not apply: what Status shows as the reason of the
 * state "degraded", and what a Sync answers meanwhile.
 *
 * @param reason what failed, for people
 * @param exhausted true when a resource ran out (disk space, LMDB's map, file descriptors, memory)
 */
record Trouble(String reason, boolean exhausted) {
  /** What a Sync answers while this lasts: RESOURCE_EXHAUSTED when a resource ran out, else UNAVAILABLE. */
  SymdexException error() {
    return exhausted ? new SymdexException.Exhausted(reason + "; changes stay pending", null)
        : new SymdexException.StorageFailure(reason + "; changes stay pending", null);
  }
}
