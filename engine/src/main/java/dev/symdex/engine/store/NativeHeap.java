package dev.symdex.engine.store;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The C allocator's free memory given back to the system (glibc's {@code malloc_trim(0)}):
 * tree-sitter's trees and LMDB's dirty pages are freed into per-thread arenas that glibc otherwise
 * keeps, so a process that indexed a large tree holds what its largest moments needed. Where
 * there is no glibc (or native access is not enabled) it does nothing.
 */
public final class NativeHeap {
  private static final Optional<MethodHandle> MALLOC_TRIM = lookup();

  private NativeHeap() {}

  private static Optional<MethodHandle> lookup() {
    try {
      Linker linker = Linker.nativeLinker();
      return linker.defaultLookup().find("malloc_trim").map(symbol -> linker.downcallHandle(symbol,
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG)));
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  /** Gives the allocator's free pages back (a few milliseconds over hundreds of MB of arenas). */
  public static void trim() {
    MALLOC_TRIM.ifPresent(trim -> {
      try {
        int unused = (int) trim.invokeExact(0L);
      } catch (Throwable e) {
        // nothing given back; nothing else changes
      }
    });
  }
}
