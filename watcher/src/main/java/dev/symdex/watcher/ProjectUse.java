package dev.symdex.watcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each project of a daemon was last queried, persisted in the data dir's {@code project-use}
 * file, so that a restart opens the projects most recently used first. Format: a header line, then
 * {@code <epoch millis> TAB <absolute root>} a line. Written whole or not at all (temp file,
 * rename; mode 0600); a damaged line is skipped. Not thread-safe: the daemon writes it from one
 * thread.
 */
final class ProjectUse {
  private static final String HEADER = "# symdex project use, layout 1: epoch millis of the last query, TAB, root";

  private final Path file;

  ProjectUse(Path file) {
    this.file = file;
  }

  /** The last use of each root recorded; empty when there is no file or it cannot be read. */
  Map<Path, Long> read() {
    Map<Path, Long> out = new HashMap<>();
    try {
      if (!Files.exists(file)) {
        return out;
      }
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int tab = line.indexOf('\t');
        if (line.startsWith("#") || tab <= 0) {
          continue;
        }
        try {
          out.put(Path.of(line.substring(tab + 1)), Long.parseLong(line.substring(0, tab)));
        } catch (NumberFormatException | java.nio.file.InvalidPathException e) {
          // a damaged line: that root just opens last
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // unreadable: the registry's order stands
    }
    return out;
  }

  /** Replaces the file with {@code lastUse} (epoch millis by root). */
  void write(Map<Path, Long> lastUse) throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    lastUse.forEach((root, millis) -> text.append(millis).append('\t').append(root).append('\n'));
    PrivateFiles.write(file, text.toString(), false);
  }

  /** {@code roots} most recently used first (by {@code lastUse}); roots never used keep their order, after the others. */
  static List<Path> byLastUse(List<Path> roots, Map<Path, Long> lastUse) {
    List<Path> out = new ArrayList<>(roots);
    out.sort(Comparator.comparingLong((Path r) -> -lastUse.getOrDefault(r, Long.MIN_VALUE + 1)));
    return out;
  }
}
