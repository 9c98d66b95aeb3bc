package dev.symdex.watcher;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Gives back memory no one holds: the heap's garbage (a full collection, after which the
 * collector may shrink the heap) and the C allocator's free memory (glibc's {@code
 * malloc_trim(0)}: tree-sitter's trees and LMDB's dirty pages are freed into per-thread arenas
 * that glibc otherwise keeps). For a daemon near its memory cap, rarely: the collection is a pause.
 */
final class NativeMemory {
  private static final Optional<MethodHandle> MALLOC_TRIM = lookup();

  private NativeMemory() {}

  private static Optional<MethodHandle> lookup() {
    try {
      Linker linker = Linker.nativeLinker();
      return linker.defaultLookup().find("malloc_trim").map(symbol -> linker.downcallHandle(symbol,
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG)));
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty(); // not glibc, or native access not enabled: the collection alone
    }
  }

  /** A full collection, then the allocator's free memory trimmed (where glibc is there). */
  @SuppressWarnings("DoNotCall")
  static void reclaim() {
    System.gc(); // the daemon's only explicit collection: the cap asked for it
    MALLOC_TRIM.ifPresent(trim -> {
      try {
        int unused = (int) trim.invokeExact(0L);
      } catch (Throwable e) {
        // nothing given back; nothing else changes
      }
    });
  }
}
