package dev.symdex.bench.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The search an agent without an index runs for one identifier, as a real process in the
 * repository's working tree: the files holding it as a whole word, ignoring case, as a fixed
 * string, one path a line relative to the root (what Claude Code's Grep tool shows by default:
 * files with matches). {@link Tool#RG} is {@code rg -l -w -i -F --sort path} (ripgrep: skips
 * hidden, ignored and binary files); {@link Tool#GIT} is {@code git grep -l -w -i -F} (tracked
 * files), the fallback where ripgrep is missing. Stateless; one process per call.
 */
final class Grep {
  /** Which program runs. */
  enum Tool {
    RG,
    GIT
  }

  /**
   * One search's answer.
   *
   * @param output what the program printed, as the agent reads it
   * @param files the paths it printed, in its order
   */
  record Result(String output, List<String> files) {
    Result {
      files = List.copyOf(files);
    }
  }

  private final Tool tool;
  private final Path root;

  Grep(Tool tool, Path root) {
    this.tool = tool;
    this.root = root;
  }

  Tool tool() {
    return tool;
  }

  /** The command line for {@code word}. */
  List<String> command(String word) {
    return switch (tool) {
      case RG -> List.of("rg", "-l", "-w", "-i", "-F", "--sort", "path", "--", word, ".");
      case GIT -> List.of("git", "grep", "-l", "-w", "-i", "-F", "-e", word);
    };
  }

  /**
   * Runs the search for {@code word}, its errors on this process's stderr. No match is an empty
   * answer (exit 1); any other failure throws.
   */
  Result run(String word) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command(word)).directory(root.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int rc = p.waitFor();
    if (rc > 1) {
      throw new IOException(String.join(" ", command(word)) + " exited " + rc + " (its error above)");
    }
    List<String> files = new ArrayList<>();
    StringBuilder shown = new StringBuilder();
    for (String line : out.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      // rg prints "./path" for the "." it is given; the agent is shown "path", as git grep prints it.
      String path = line.startsWith("./") ? line.substring(2) : line;
      files.add(path);
      shown.append(path).append('\n');
    }
    return new Result(shown.toString(), files);
  }
}
