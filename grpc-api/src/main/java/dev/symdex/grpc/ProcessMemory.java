package dev.symdex.grpc;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * This process's resident memory as Linux reports it ({@code /proc/self}); zeros elsewhere.
 *
 * @param rssBytes resident set (VmRSS)
 * @param anonBytes its anonymous part (heap, native allocations: RssAnon)
 * @param fileBytes its file-backed part (mapped files: index maps, jars: RssFile)
 */
public record ProcessMemory(long rssBytes, long anonBytes, long fileBytes) {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path SMAPS = Path.of("/proc/self/smaps");

  /** Now; zeros where /proc cannot be read. */
  public static ProcessMemory now() {
    long rss = 0;
    long anon = 0;
    long file = 0;
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          rss = kib(line);
        } else if (line.startsWith("RssAnon:")) {
          anon = kib(line);
        } else if (line.startsWith("RssFile:")) {
          file = kib(line);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or an unexpected format: unknown
    }
    return new ProcessMemory(rss, anon, file);
  }

  /**
   * Resident bytes of the mappings of each of {@code files} (absolute paths as the kernel names
   * them), summed over their mappings; a file not mapped is absent. One read of /proc/self/smaps
   * (milliseconds); empty where it cannot be read.
   */
  public static Map<Path, Long> residentOf(Set<Path> files) {
    Map<String, Path> wanted = new HashMap<>();
    for (Path f : files) {
      wanted.put(f.toString(), f);
    }
    Map<Path, Long> out = new HashMap<>();
    if (wanted.isEmpty()) {
      return out;
    }
    try (BufferedReader r = Files.newBufferedReader(SMAPS, StandardCharsets.UTF_8)) {
      Path current = null;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (isMappingHeader(line)) {
          int slash = line.indexOf('/');
          current = slash < 0 ? null : wanted.get(line.substring(slash));
        } else if (current != null && line.startsWith("Rss:")) {
          out.merge(current, kib(line), Long::sum);
        }
      }
    } catch (IOException | NumberFormatException | java.io.UncheckedIOException e) {
      // unknown: nothing counted
    }
    return out;
  }

  /** "7f0c...-7f0d... r--s 00000000 08:01 1234   /path": a hex range first, where field lines start with a name. */
  private static boolean isMappingHeader(String line) {
    int dash = line.indexOf('-');
    if (dash <= 0) {
      return false;
    }
    for (int i = 0; i < dash; i++) {
      if (Character.digit(line.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
  }
}
