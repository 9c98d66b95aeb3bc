package dev.symdex.engine.store;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code madvise(MADV_DONTNEED)} on a read-only shared file mapping (Linux): the pages leave the
 * process's resident set and stay in the page cache, so the next access costs a minor fault, not
 * a read. Through the JDK's foreign function interface (libc's own symbol); unsupported elsewhere.
 */
final class ResidentPages {
  /** Linux's MADV_DONTNEED. */
  private static final int MADV_DONTNEED = 4;
  private static final Optional<MethodHandle> MADVISE = lookup();

  private ResidentPages() {}

  private static Optional<MethodHandle> lookup() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return Optional.empty();
    }
    try {
      Linker linker = Linker.nativeLinker();
      return linker.defaultLookup().find("madvise").map(symbol -> linker.downcallHandle(symbol,
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT)));
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty(); // native access not enabled, or no such symbol: pages simply stay
    }
  }

  static boolean supported() {
    return MADVISE.isPresent();
  }

  /**
   * Advises the kernel that {@code [address, address + length)}, a mapping of a file this process
   * maps read-only and shared, is not needed. The caller guarantees the range is mapped now.
   *
   * @return whether the call succeeded
   */
  static boolean release(long address, long length) {
    if (MADVISE.isEmpty() || address == 0 || length <= 0) {
      return false;
    }
    try {
      int rc = (int) MADVISE.get().invokeExact(MemorySegment.ofAddress(address), length, MADV_DONTNEED);
      return rc == 0;
    } catch (Throwable e) {
      return false;
    }
  }
}
