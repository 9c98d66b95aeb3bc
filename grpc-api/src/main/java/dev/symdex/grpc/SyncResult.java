package dev.symdex.grpc;

/**
 * The state reached by a sync barrier.
 *
 * @param generation index generation that includes every change made before the call
 * @param head HEAD SHA of that generation
 * @param pendingChanges changes seen since (made after the call began)
 * @param waitedMillis how long the barrier took
 */
public record SyncResult(long generation, String head, long pendingChanges, long waitedMillis) {}
