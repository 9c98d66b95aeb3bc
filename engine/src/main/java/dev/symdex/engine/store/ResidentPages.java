package dev.symdex.engine.store;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private static final Path MAPS = Path.of("/proc/self/maps");

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
    return MADVISE.isPresent() && Files.isReadable(MAPS);
  }

  /**
   * Advises the kernel that every mapping of {@code file} in this process that is shared (as
   * /proc/self/maps lists them: the file's real path, flags {@code s}) is not needed. Only ranges
   * the kernel names as that file's are touched: never anonymous memory. The caller guarantees
   * that its own mapping of the file is not unmapped meanwhile (its store is open and not being
   * resized).
   *
   * @return the bytes of the ranges advised (0 when none, or unsupported)
   */
  static long releaseMappingsOf(Path file) {
    if (MADVISE.isEmpty()) {
      return 0;
    }
    String suffix = " " + file;
    long advised = 0;
    try {
      for (String line : Files.readAllLines(MAPS, StandardCharsets.UTF_8)) {
        if (!line.endsWith(suffix)) {
          continue;
        }
        String[] f = line.split("\\s+", 6);
        if (f.length < 6 || f[1].length() < 4 || f[1].charAt(3) != 's' || !f[5].equals(file.toString())) {
          continue; // private or not this file's mapping
        }
        int dash = f[0].indexOf('-');
        long start = Long.parseUnsignedLong(f[0].substring(0, dash), 16);
        long end = Long.parseUnsignedLong(f[0].substring(dash + 1), 16);
        if (start != 0 && end > start && (int) MADVISE.get().invokeExact(MemorySegment.ofAddress(start), end - start, MADV_DONTNEED) == 0) {
          advised += end - start;
        }
      }
    } catch (Throwable e) {
      // unreadable maps or a failed call: the pages stay resident, nothing else changes
    }
    return advised;
  }
}
