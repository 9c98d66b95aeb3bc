package dev.symdex.watcher;

import dev.symdex.engine.store.NativeHeap;

/**
 * Gives back memory no one holds: the heap's garbage (a full collection, after which the
 * collector may shrink the heap) and the C allocator's free memory (glibc's {@code
 * malloc_trim(0)}: tree-sitter's trees and LMDB's dirty pages are freed into per-thread arenas
 * that glibc otherwise keeps). For a daemon near its memory cap, rarely: the collection is a pause.
 */
final class NativeMemory {
  private NativeMemory() {}

  /** A full collection, then the allocator's free memory trimmed (where glibc is there). */
  @SuppressWarnings("DoNotCall")
  static void reclaim() {
    System.gc(); // the daemon's only explicit collection: the cap asked for it
    NativeHeap.trim();
  }
}
