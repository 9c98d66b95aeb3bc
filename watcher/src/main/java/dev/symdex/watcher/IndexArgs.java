package dev.symdex.watcher;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The common {@code index} command lines, read without picocli: building picocli's model of the
 * three commands costs a one-shot index about 0.35 s of a small tree's start (its classes are too
 * old for the JDK's AOT cache). A line this reads fills a {@link DaemonMain.Index} exactly as
 * picocli would (same fields, same defaults: the class's own initializers); any other line (help,
 * version, an option it does not know, a value it does not read plainly, a second tree) is left to
 * picocli, which explains it. Stateless.
 */
final class IndexArgs {
  private IndexArgs() {}

  /**
   * The {@code index} command {@code args} spells, or empty when picocli must read them: {@code
   * args[0]} is {@code index}, then one tree and options of the forms {@code --name value}, {@code
   * --name=value} and flags, each at most once.
   */
  static Optional<DaemonMain.Index> parse(String[] args) {
    if (args.length < 2 || !args[0].equals("index")) {
      return Optional.empty();
    }
    DaemonMain.Index index = new DaemonMain.Index();
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("-")) {
        if (index.root != null || a.isEmpty()) {
          return Optional.empty();
        }
        index.root = Path.of(a);
        continue;
      }
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      if (!seen.add(name)) {
        return Optional.empty();
      }
      boolean flag = switch (name) {
        case "--json", "--warm", "--no-error-recovery", "--no-seed" -> true;
        default -> false;
      };
      if (flag) {
        if (value != null) {
          return Optional.empty();
        }
        switch (name) {
          case "--json" -> index.json = true;
          case "--warm" -> index.warm = true;
          case "--no-seed" -> index.noSeed = true;
          default -> index.noErrorRecovery = true;
        }
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
          return Optional.empty();
        }
        value = args[++i];
      }
      if (value.isEmpty()) {
        return Optional.empty();
      }
      switch (name) {
        case "--data-dir" -> index.dataDir = Path.of(value);
        case "--defs-tsv" -> index.defsTsv = Path.of(value);
        case "--imports-tsv" -> index.importsTsv = Path.of(value);
        case "--graph-tsv" -> index.graphTsv = Path.of(value);
        case "--calls-tsv" -> index.callsTsv = Path.of(value);
        case "--files-tsv" -> index.filesTsv = Path.of(value);
        case "--threads", "--max-file-bytes", "--facts-budget-mb" -> {
          if (!value.matches("[0-9]{1,9}")) {
            return Optional.empty();
          }
          long n = Long.parseLong(value);
          switch (name) {
            case "--threads" -> index.threads = (int) n;
            case "--max-file-bytes" -> index.maxFileBytes = n;
            default -> index.factsBudgetMb = n;
          }
        }
        default -> {
          return Optional.empty();
        }
      }
    }
    return index.root == null ? Optional.empty() : Optional.of(index);
  }
}
