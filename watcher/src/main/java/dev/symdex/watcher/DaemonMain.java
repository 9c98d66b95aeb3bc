package dev.symdex.watcher;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.tools.CallsTsv;
import dev.symdex.engine.tools.DefinitionsTsv;
import dev.symdex.engine.tools.FilesTsv;
import dev.symdex.engine.tools.ImportGraphTsv;
import dev.symdex.engine.tools.ImportsTsv;
import dev.symdex.grpc.ListenAddress;
import dev.symdex.grpc.ServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Entry point of the daemon jar: {@code serve} (the daemon), {@code index} (one-shot cold index),
 * {@code stop} and {@code snapshot export|import}. Only wires flags to the library.
 */
@Command(name = "symdex", mixinStandardHelpOptions = true, version = "symdex 0.1.0",
    subcommands = {DaemonMain.Serve.class, DaemonMain.Index.class, DaemonMain.Stop.class, DaemonMain.Snapshot.class},
    description = "Code index daemon: serve, index, stop, snapshot. Queries: see `symdex --help` of the CLI.")
public final class DaemonMain implements Callable<Integer> {
  static final int EXIT_OK = 0;
  static final int EXIT_USAGE = 2;
  static final int EXIT_NO_DAEMON = 3;
  static final int EXIT_FAILED = 4;

  static final String NETTY_LEAK_DETECTION = "io.grpc.netty.shaded.io.netty.leakDetection.level";

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command line to its end (logs closed) and returns its exit code; the JVM goes on. */
  static int run(String[] args) {
    // Before anything touches java.util.logging: the daemon, not the JVM's shutdown, closes the log.
    System.setProperty("java.util.logging.manager", Logs.MANAGER);
    // Netty samples buffer allocations for leak reports by recording stack traces: ~3% of the CPU
    // of a lookup under load, for a report meant for Netty's own development. -D... overrides.
    if (System.getProperty(NETTY_LEAK_DETECTION) == null) {
      System.setProperty(NETTY_LEAK_DETECTION, "disabled");
    }
    Optional<Index> quick = IndexArgs.parse(args);
    if (quick.isPresent()) {
      int code = runQuick(quick.get());
      Logs.close();
      return code;
    }
    CommandLine cl = new CommandLine(new DaemonMain());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof Exit exit) {
        System.err.println("symdex: " + exit.getMessage());
        return exit.code;
      }
      throw e;
    });
    int code = cl.execute(args);
    Logs.close();
    return code;
  }

  /** Runs an {@code index} command {@link IndexArgs} read, ending as picocli would end it. */
  private static int runQuick(Index index) {
    try {
      return index.call();
    } catch (Exit e) {
      System.err.println("symdex: " + e.getMessage());
      return e.code;
    } catch (Exception e) {
      e.printStackTrace(); // as picocli reports an exception a command throws
      return CommandLine.ExitCode.SOFTWARE;
    }
  }

  /** Ends a command with a message and an exit code. */
  static final class Exit extends Exception {
    private static final long serialVersionUID = 1L;
    final int code;

    Exit(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  static Path directory(Path dir) throws Exit {
    Path abs = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(abs)) {
      throw new Exit(EXIT_USAGE, abs + " is not a directory");
    }
    return abs;
  }

  /** A duration flag ({@link Durations#parse}); anything else is a usage error. */
  static Duration duration(String text) throws Exit {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new Exit(EXIT_USAGE, e.getMessage());
    }
  }

  static EngineOptions engineOptions(long maxFileBytes, long factsBudgetMb) throws Exit {
    if (factsBudgetMb < 1 || factsBudgetMb > (1L << 20)) {
      throw new Exit(EXIT_USAGE, "--facts-budget-mb must be between 1 and 1048576");
    }
    return EngineOptions.DEFAULTS.withMaxFileBytes(maxFileBytes).withFactsBudgetBytes(factsBudgetMb << 20);
  }

  static DataDir dataDir(Path dir) throws Exit {
    try {
      return DataDir.open(dir);
    } catch (IOException e) {
      throw new Exit(EXIT_USAGE, e.getMessage());
    }
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.err);
    return EXIT_USAGE;
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Run the daemon in the foreground: index the root, watch it, serve gRPC.")
  static final class Serve implements Callable<Integer> {
    @Option(names = "--root", description = "Tree to index (default: current directory).")
    Path root = Path.of("").toAbsolutePath();

    @Option(names = "--data-dir", description = "Data directory (default: $SYMDEX_DATA_DIR or ~/.local/share/symdex).")
    Path dataDir = DataDir.defaultPath();

    @Option(names = "--listen", description = "unix:PATH or tcp:127.0.0.1:PORT (default: unix socket in the data dir); "
        + "a socket outside the data dir only with --allow-socket-path, another TCP address only with --allow-remote. "
        + "On TCP every call must carry 'authorization: Bearer TOKEN': the token is --token-file's, else the data dir's "
        + "token file (made, mode 0600, at first use; the CLI finds it).")
    String listen;

    @Option(names = "--allow-remote", description = "Let --listen name a TCP address that is not loopback.")
    boolean allowRemote;

    @Option(names = "--allow-socket-path", description = "Let --listen name a Unix socket outside the data dir (still refused "
        + "if a daemon answers there).")
    boolean allowSocketPath;

    @Option(names = "--token-file", description = "File holding the bearer token (first line; must be mode 0600). Given, the token "
        + "is required on any address except health checks.")
    Path tokenFile;

    @Option(names = "--default-deadline", description = "Deadline for calls that come without one, e.g. 30s, 2m (default: 30s).")
    String defaultDeadline;

    @Option(names = "--max-calls", description = "Calls in flight in the whole daemon; more get RESOURCE_EXHAUSTED (default: ${DEFAULT-VALUE}).")
    int maxCalls = ServerOptions.DEFAULTS.maxCalls();

    @Option(names = "--max-calls-per-client", description = "Calls in flight per client (TCP: per address; Unix socket: per connection); "
        + "more get RESOURCE_EXHAUSTED (default: ${DEFAULT-VALUE}).")
    int maxCallsPerClient = ServerOptions.DEFAULTS.maxCallsPerClient();

    @Option(names = "--answer-cache-mb", description = "Memory for answers kept until the index changes (repeated questions cost a "
        + "lookup); 0 keeps none (default: ${DEFAULT-VALUE}).")
    long answerCacheMb = ServerOptions.DEFAULTS.answerCacheBytes() >> 20;

    @Option(names = "--max-memory", description = "Memory for all projects together, heap and index pages (e.g. 2g, 512m; "
        + "default: a quarter of RAM). Past it the least recently queried projects go cold (their caches and pages given back; "
        + "still watched); a query makes one hot again. bin/symdex sets the JVM's heap to 60% of it.")
    String maxMemory;

    @Option(names = "--settle-ms", description = "Quiet time that ends a burst of file events (default: ${DEFAULT-VALUE}).")
    long settleMillis = 20;

    @Option(names = "--max-file-bytes", description = "Skip files larger than this (default: ${DEFAULT-VALUE}).")
    long maxFileBytes = EngineOptions.DEFAULTS.maxFileBytes();

    @Option(names = "--facts-budget-mb", description = "Skip a file whose facts would take more than this many MB "
        + "(listed as over-budget; default: ${DEFAULT-VALUE}).")
    long factsBudgetMb = EngineOptions.DEFAULTS.factsBudgetBytes() >> 20;

    @Option(names = "--idle-timeout", description = "Stop after this long without a call and without a subscriber, e.g. 30m, 2h, 90s (default: never).")
    String idleTimeout;

    @Option(names = "--max-watches", description = "Directories all projects together may watch (inotify watches); "
        + "the rest are polled every 2 s and counted in status (default: 90% of fs.inotify.max_user_watches, else 8192).")
    Integer maxWatches;

    @Option(names = {"-v", "--verbose"}, description = "Log more.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
      Path absRoot = directory(root);
      if (maxWatches != null && maxWatches < 1) {
        throw new Exit(EXIT_USAGE, "--max-watches must be at least 1");
      }
      Optional<ListenAddress> address;
      try {
        address = listen == null ? Optional.empty() : Optional.of(ListenAddress.parse(listen, allowRemote));
      } catch (IllegalArgumentException e) {
        throw new Exit(EXIT_USAGE, e.getMessage());
      }
      ServerOptions server;
      try {
        if (answerCacheMb < 0 || answerCacheMb > (1L << 20)) {
          throw new IllegalArgumentException("--answer-cache-mb must be between 0 and 1048576");
        }
        server = ServerOptions.DEFAULTS.withLimits(maxCalls, maxCallsPerClient).withAnswerCacheBytes(answerCacheMb << 20);
        if (defaultDeadline != null) {
          server = server.withDefaultDeadline(duration(defaultDeadline));
        }
        if (tokenFile != null) {
          server = server.withToken(TokenFile.read(tokenFile));
        }
      } catch (IllegalArgumentException | IOException e) {
        throw new Exit(EXIT_USAGE, e.getMessage());
      }
      long maxMemoryBytes;
      try {
        maxMemoryBytes = maxMemory == null ? ByteSizes.quarterOfRam() : ByteSizes.parse("--max-memory", maxMemory);
        if (maxMemory != null && maxMemoryBytes < (64L << 20)) {
          throw new IllegalArgumentException("--max-memory must be at least 64m, not '" + maxMemory + "'");
        }
      } catch (IllegalArgumentException e) {
        throw new Exit(EXIT_USAGE, e.getMessage());
      }
      DataDir dd = dataDir(dataDir);
      Logs.setup(dd.logs(), verbose);
      DaemonConfig config = new DaemonConfig(absRoot, dd.path(), address, settleMillis,
          Runtime.getRuntime().availableProcessors(), engineOptions(maxFileBytes, factsBudgetMb),
          idleTimeout == null ? Optional.empty() : Optional.of(duration(idleTimeout)), server, allowSocketPath,
          maxWatches == null ? 0 : maxWatches, maxMemoryBytes);
      Daemon daemon;
      try {
        daemon = Daemon.start(config);
      } catch (Daemon.DataDirBusyException e) {
        System.err.println("symdex: " + e.getMessage());
        return EXIT_FAILED;
      } catch (SymdexException | IOException e) {
        System.err.println("symdex: cannot start: " + e.getMessage());
        return EXIT_FAILED;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        System.err.println("symdex: stopping");
        daemon.close();
        Logs.close();
      }, "symdex-shutdown"));
      System.err.println("symdex: serving " + absRoot + " on " + daemon.address() + " (data dir " + dd.path() + ")");
      daemon.awaitClosed();
      System.err.println("symdex: stopped");
      return EXIT_OK;
    }
  }

  @Command(name = "index", mixinStandardHelpOptions = true,
      description = "Build a cold index of DIR (no daemon; --warm: update the one in the data dir) and print its totals.")
  static final class Index implements Callable<Integer> {
    @Parameters(index = "0", description = "Tree to index.")
    Path root;

    @Option(names = "--data-dir", description = "Data directory (default: $SYMDEX_DATA_DIR or ~/.local/share/symdex).")
    Path dataDir = DataDir.defaultPath();

    @Option(names = "--json", description = "Print the totals as one JSON object.")
    boolean json;

    @Option(names = "--warm", description = "Bring the index already in the data dir up to date (parse only what changed) "
        + "instead of starting from nothing.")
    boolean warm;

    @Option(names = "--defs-tsv", description = "Also write every definition to FILE: path<TAB>line<TAB>kind<TAB>name.")
    Path defsTsv;

    @Option(names = "--imports-tsv", description = "Also write every import, resolved: path<TAB>line<TAB>language<TAB>import<TAB>status<TAB>targets.")
    Path importsTsv;

    @Option(names = "--graph-tsv", description = "Also write the stored import graph: path<TAB>the repo files its imports resolve to (;-separated).")
    Path graphTsv;

    @Option(names = "--calls-tsv", description = "Also write every call site, resolved: path<TAB>line<TAB>column<TAB>callee<TAB>receiver"
        + "<TAB>targets (path:line, ;-separated)<TAB>targets by name alone<TAB>tier.")
    Path callsTsv;

    @Option(names = "--files-tsv", description = "Also write every file: path<TAB>language<TAB>status<TAB>parse errors (0/1).")
    Path filesTsv;

    @Option(names = "--no-error-recovery", description = "Do not recover what a syntax error swallowed (to measure what recovery adds).")
    boolean noErrorRecovery;

    @Option(names = "--no-seed", description = "Index a tree without an index from nothing, even when a clone or worktree of the same "
        + "repository is indexed in the data dir (by default its index is copied and only what differs is parsed).")
    boolean noSeed;

    @Option(names = "--threads", description = "Parser threads (default: number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--max-file-bytes", description = "Skip files larger than this (default: ${DEFAULT-VALUE}).")
    long maxFileBytes = EngineOptions.DEFAULTS.maxFileBytes();

    @Option(names = "--facts-budget-mb", description = "Skip a file whose facts would take more than this many MB "
        + "(listed as over-budget; default: ${DEFAULT-VALUE}).")
    long factsBudgetMb = EngineOptions.DEFAULTS.factsBudgetBytes() >> 20;

    @Override
    public Integer call() throws Exception {
      Path absRoot = directory(root);
      DataDir dd = dataDir(dataDir);
      EngineOptions options = engineOptions(maxFileBytes, factsBudgetMb).withErrorRecovery(!noErrorRecovery);
      try {
        OneShotIndex.run(new OneShotIndex.Request(absRoot, dd, options, threads, warm, json, exports(),
            noSeed ? OneShotIndex.Seed.NONE : OneShotIndex.Seed.SIBLING), System.out, System.err);
        return EXIT_OK;
      } catch (Daemon.DataDirBusyException e) {
        throw new Exit(EXIT_FAILED, e.getMessage());
      } catch (SymdexException e) {
        System.err.println("symdex: indexing failed: " + e.getMessage());
        return EXIT_FAILED;
      }
    }

    private List<OneShotIndex.Export> exports() {
      List<OneShotIndex.Export> exports = new ArrayList<>();
      if (defsTsv != null) {
        exports.add((engine, s) -> DefinitionsTsv.write(s.snapshot(), defsTsv));
      }
      if (importsTsv != null) {
        exports.add((engine, s) -> ImportsTsv.write(s.snapshot(), engine.root(), importsTsv));
      }
      if (graphTsv != null) {
        exports.add((engine, s) -> ImportGraphTsv.write(s, graphTsv));
      }
      if (callsTsv != null) {
        exports.add((engine, s) -> CallsTsv.write(s, callsTsv));
      }
      if (filesTsv != null) {
        exports.add((engine, s) -> FilesTsv.write(s.snapshot(), filesTsv));
      }
      return exports;
    }
  }

  @Command(name = "snapshot", mixinStandardHelpOptions = true,
      subcommands = {DaemonMain.SnapshotExportCommand.class, DaemonMain.SnapshotImportCommand.class},
      description = "Write a project's index to one file, or start a tree's index from such a file (offline: not while a daemon "
          + "serves the data dir).")
  static final class Snapshot implements Callable<Integer> {
    @Override
    public Integer call() {
      new CommandLine(this).usage(System.err);
      return EXIT_USAGE;
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Write the index of a project of the data dir to FILE (a compact copy, mode 0600, replaced whole).")
  static final class SnapshotExportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The snapshot file to write.")
    Path file;

    @Option(names = "--project", description = "The project: its root or its id (default: the current directory as a root).")
    String project = Path.of("").toAbsolutePath().toString();

    @Option(names = "--data-dir", description = "Data directory (default: $SYMDEX_DATA_DIR or ~/.local/share/symdex).")
    Path dataDir = DataDir.defaultPath();

    @Override
    public Integer call() throws Exception {
      DataDir dd = dataDir(dataDir);
      try {
        long bytes = SnapshotExport.run(dd, project, file);
        System.err.println("symdex: wrote " + file.toAbsolutePath().normalize() + " (" + bytes + " bytes)");
        return EXIT_OK;
      } catch (Daemon.DataDirBusyException e) {
        throw new Exit(EXIT_FAILED, e.getMessage());
      } catch (IOException | SymdexException e) {
        throw new Exit(EXIT_FAILED, "snapshot export failed: " + e.getMessage());
      }
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Start the index of DIR from the snapshot FILE, then bring it up to date with the tree (parsing only the "
          + "files whose content the snapshot does not hold) and print its totals, as `symdex index` does.")
  static final class SnapshotImportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The snapshot file to read.")
    Path file;

    @Option(names = "--root", description = "The tree whose index it starts (default: the current directory). It must have no index "
        + "in the data dir yet.")
    Path root = Path.of("");

    @Option(names = "--data-dir", description = "Data directory (default: $SYMDEX_DATA_DIR or ~/.local/share/symdex).")
    Path dataDir = DataDir.defaultPath();

    @Option(names = "--json", description = "Print the totals as one JSON object.")
    boolean json;

    @Option(names = "--threads", description = "Parser threads (default: number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--max-file-bytes", description = "As `symdex index` (must be what the snapshot was built with; default: ${DEFAULT-VALUE}).")
    long maxFileBytes = EngineOptions.DEFAULTS.maxFileBytes();

    @Option(names = "--facts-budget-mb", description = "As `symdex index` (must be what the snapshot was built with; default: ${DEFAULT-VALUE}).")
    long factsBudgetMb = EngineOptions.DEFAULTS.factsBudgetBytes() >> 20;

    @Override
    public Integer call() throws Exception {
      Path absRoot = directory(root);
      if (!Files.isRegularFile(file)) {
        throw new Exit(EXIT_USAGE, file + " is not a file");
      }
      DataDir dd = dataDir(dataDir);
      EngineOptions options = engineOptions(maxFileBytes, factsBudgetMb);
      try {
        OneShotIndex.run(new OneShotIndex.Request(absRoot, dd, options, threads, true, json, List.of(),
            new OneShotIndex.Seed.Snapshot(file)), System.out, System.err);
        return EXIT_OK;
      } catch (Daemon.DataDirBusyException e) {
        throw new Exit(EXIT_FAILED, e.getMessage());
      } catch (SymdexException e) {
        throw new Exit(EXIT_FAILED, "snapshot import failed: " + e.getMessage());
      }
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the daemon of a data dir (SIGTERM, then wait).")
  static final class Stop implements Callable<Integer> {
    @Option(names = "--data-dir", description = "Data directory (default: $SYMDEX_DATA_DIR or ~/.local/share/symdex).")
    Path dataDir = DataDir.defaultPath();

    @Override
    public Integer call() throws Exception {
      DaemonStop.Result r = DaemonStop.stop(dataDir, Duration.ofSeconds(15));
      System.err.println("symdex: " + r.message());
      return switch (r.outcome()) {
        case STOPPED -> EXIT_OK;
        case NOT_RUNNING -> EXIT_NO_DAEMON;
        case FAILED -> EXIT_FAILED;
      };
    }
  }
}
