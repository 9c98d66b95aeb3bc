package dev.symdex.watcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The roots added to a daemon with AddProject, persisted in the data dir's {@code projects} file
 * so that a restart opens them again (warm). Format: a header line, then one absolute root a line
 * (roots with a newline are refused when added). Written whole or not at all: temp file, fsync,
 * rename; mode 0600. Not thread-safe: the daemon writes it under its own lock.
 */
final class ProjectRegistry {
  private static final String HEADER = "# symdex projects, layout 1: roots added with AddProject, one a line";

  private final Path file;

  ProjectRegistry(Path file) {
    this.file = file;
  }

  /** The registered roots, in the order they were added; empty when there is no file. */
  List<Path> read() throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<Path> roots = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        roots.add(Path.of(line));
      }
    }
    return List.copyOf(roots);
  }

  /** Replaces the registry with {@code roots}. */
  void write(List<Path> roots) throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (Path r : roots) {
      text.append(r).append('\n');
    }
    PrivateFiles.write(file, text.toString(), true);
  }
}
