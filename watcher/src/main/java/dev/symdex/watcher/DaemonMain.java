package dev.symdex.watcher;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.ApplyResult;
import dev.symdex.engine.index.ChangeSet;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.IndexCounts;
import dev.symdex.grpc.ListenAddress;
import dev.symdex.grpc.ServerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Entry point of the daemon jar: {@code serve} (the daemon), {@code index} (one-shot cold index)
 * and {@code stop}. Only wires flags to the library.
 */
@Command(name = "symdex", mixinStandardHelpOptions = true, version = "symdex 0.1.0",
    subcommands = {DaemonMain.Serve.class, DaemonMain.Index.class, DaemonMain.Stop.class},
    description = "Code index daemon: serve, index, stop. Queries: see `symdex --help` of the CLI.")
public final class DaemonMain implements Callable<Integer> {
  static final int EXIT_OK = 0;
  static final int EXIT_USAGE = 2;
  static final int EXIT_NO_DAEMON = 3;
  static final int EXIT_FAILED = 4;

  static final String NETTY_LEAK_DETECTION = "io.grpc.netty.shaded.io.netty.leakDetection.level";

  public static void main(String[] args) {
    // Before anything touches java.util.logging: the daemon, not the JVM's shutdown, closes the log.
    System.setProperty("java.util.logging.manager", Logs.MANAGER);
    // Netty samples buffer allocations for leak reports by recording stack traces: ~3% of the CPU
    // of a lookup under load, for a report meant for Netty's own development. -D... overrides.
    if (System.getProperty(NETTY_LEAK_DETECTION) == null) {
      System.setProperty(NETTY_LEAK_DETECTION, "disabled");
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
    System.exit(code);
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

  /** {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}, or an ISO-8601 duration ({@code PT30M}). */
  static java.time.Duration duration(String text) throws Exit {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)").matcher(text.strip());
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> java.time.Duration.ofMillis(n);
          case "s" -> java.time.Duration.ofSeconds(n);
          case "m" -> java.time.Duration.ofMinutes(n);
          case "h" -> java.time.Duration.ofHours(n);
          default -> java.time.Duration.ofDays(n);
        };
      }
      return java.time.Duration.parse(text.strip());
    } catch (RuntimeException e) {
      throw new Exit(EXIT_USAGE, "not a duration: " + text + " (use e.g. 90s, 30m, 2h)");
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

    @Option(names = "--settle-ms", description = "Quiet time that ends a burst of file events (default: ${DEFAULT-VALUE}).")
    long settleMillis = 20;

    @Option(names = "--max-file-bytes", description = "Skip files larger than this (default: ${DEFAULT-VALUE}).")
    long maxFileBytes = EngineOptions.DEFAULTS.maxFileBytes();

    @Option(names = "--facts-budget-mb", description = "Skip a file whose facts would take more than this many MB "
        + "(listed as over-budget; default: ${DEFAULT-VALUE}).")
    long factsBudgetMb = EngineOptions.DEFAULTS.factsBudgetBytes() >> 20;

    @Option(names = "--idle-timeout", description = "Stop after this long without a call and without a subscriber, e.g. 30m, 2h, 90s (default: never).")
    String idleTimeout;

    @Option(names = {"-v", "--verbose"}, description = "Log more.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
      Path absRoot = directory(root);
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
      DataDir dd = dataDir(dataDir);
      Logs.setup(dd.logs(), verbose);
      DaemonConfig config = new DaemonConfig(absRoot, dd.path(), address, settleMillis,
          Runtime.getRuntime().availableProcessors(), engineOptions(maxFileBytes, factsBudgetMb),
          idleTimeout == null ? Optional.empty() : Optional.of(duration(idleTimeout)), server, allowSocketPath);
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
      Optional<DaemonLock> lock = DaemonLock.tryAcquire(dd, "index " + absRoot);
      if (lock.isEmpty()) {
        throw new Exit(EXIT_FAILED, new Daemon.DataDirBusyException(dd, DaemonLock.holder(dd)).getMessage());
      }
      ExecutorService pool = Threads.pool("parse", threads);
      try (DaemonLock held = lock.get()) {
        Path indexDir = dd.indexFor(absRoot);
        if (!warm) {
          deleteTree(indexDir); // cold: start from nothing
        }
        long start = System.nanoTime();
        EngineOptions options = engineOptions(maxFileBytes, factsBudgetMb).withErrorRecovery(!noErrorRecovery);
        try (Engine engine = Engine.open(absRoot, indexDir, options)) {
          engine.excludeIfInside(dd.path());
          Progress progress = new Progress(System.err);
          ApplyResult r = engine.apply(ChangeSet.everything(), pool, progress::report);
          progress.finish();
          long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          try (IndexSnapshot s = engine.snapshot()) {
            print(s.counts(), r, elapsed, engine);
            if (defsTsv != null) {
              writeDefinitions(s, defsTsv);
            }
            if (importsTsv != null) {
              writeImports(s, engine.root(), importsTsv);
            }
            if (graphTsv != null) {
              writeGraph(s, engine, graphTsv);
            }
            if (callsTsv != null) {
              writeCalls(s, engine, callsTsv);
            }
            if (filesTsv != null) {
              writeFiles(s, filesTsv);
            }
          }
        }
        return EXIT_OK;
      } catch (SymdexException e) {
        System.err.println("symdex: indexing failed: " + e.getMessage());
        return EXIT_FAILED;
      } finally {
        pool.shutdownNow();
      }
    }

    private void print(IndexCounts c, ApplyResult r, long elapsedMs, Engine engine) throws SymdexException {
      if (json) {
        System.out.println("{\"files\":" + c.files() + ",\"symbols\":" + c.definitions() + ",\"references\":" + c.references()
            + ",\"calls\":" + c.calls() + ",\"imports\":" + c.imports() + ",\"parse_errors\":" + c.parseErrors()
            + ",\"elapsed_ms\":" + elapsedMs + ",\"skipped\":" + c.issues() + ",\"files_checked\":" + r.filesChecked()
            + ",\"files_parsed\":" + r.filesParsed() + ",\"index_bytes\":" + engine.sizeOnDisk() + ",\"facts_bytes\":" + engine.factsBytes()
            + ",\"head\":" + Json.quote(r.head()) + ",\"root\":" + Json.quote(engine.root().toString()) + "}");
      } else {
        System.out.printf("indexed %s in %d ms: %d files, %d symbols, %d references, %d calls, %d imports, %d with parse errors, %d skipped%n",
            engine.root(), elapsedMs, c.files(), c.definitions(), c.references(), c.calls(), c.imports(), c.parseErrors(), c.issues());
      }
    }

    /** Every definition as {@code path<TAB>line<TAB>kind<TAB>name}, by path then line. */
    private static void writeDefinitions(IndexSnapshot s, Path out) throws IOException, SymdexException {
      Path tmp = out.toAbsolutePath().resolveSibling(out.getFileName() + ".tmp");
      try (java.io.BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        SymdexException[] failure = new SymdexException[1];
        s.forEachFile((path, state) -> {
          if (!state.status().isIndexed()) {
            return true;
          }
          try {
            var facts = s.facts(path).orElseThrow();
            for (var d : facts.definitions()) {
              w.write(path + "\t" + d.line() + "\t" + d.kind().label() + "\t" + d.name() + "\n");
            }
            return true;
          } catch (SymdexException e) {
            failure[0] = e;
            return false;
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        if (failure[0] != null) {
          throw failure[0];
        }
      }
      Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Every file: {@code path, language (or -), status, 1 when its syntax tree had errors else 0}, by path. */
    private static void writeFiles(IndexSnapshot s, Path out) throws IOException, SymdexException {
      Path tmp = out.toAbsolutePath().resolveSibling(out.getFileName() + ".tmp");
      try (java.io.BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        SymdexException[] failure = new SymdexException[1];
        s.forEachFile((path, state) -> {
          try {
            boolean errors = state.status().isIndexed() && s.facts(path).map(f -> f.syntaxErrors()).orElse(false);
            w.write(path + "\t" + state.language().map(l -> l.id()).orElse("-") + "\t" + state.status().name().toLowerCase(java.util.Locale.ROOT)
                + "\t" + (errors ? 1 : 0) + "\n");
            return true;
          } catch (SymdexException e) {
            failure[0] = e;
            return false;
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        if (failure[0] != null) {
          throw failure[0];
        }
      }
      Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Every import with where it resolves: {@code path, line, language, text, status, targets (;-separated)}. */
    private static void writeImports(IndexSnapshot s, Path root, Path out) throws IOException, SymdexException {
      java.util.List<String> paths = new java.util.ArrayList<>();
      java.util.Map<String, dev.symdex.engine.model.Language> indexed = new java.util.TreeMap<>();
      s.forEachFile((path, state) -> {
        paths.add(path);
        if (state.status().isIndexed()) {
          indexed.put(path, state.language().orElseThrow());
        }
        return true;
      });
      dev.symdex.engine.resolve.ImportResolver resolver = new dev.symdex.engine.resolve.ImportResolver(root, paths);
      Path tmp = out.toAbsolutePath().resolveSibling(out.getFileName() + ".tmp");
      try (java.io.BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (var e : indexed.entrySet()) {
          for (var imp : s.facts(e.getKey()).orElseThrow().imports()) {
            for (var t : resolver.resolve(e.getKey(), e.getValue(), imp, s.definitionsByName())) {
              w.write(e.getKey() + "\t" + imp.line() + "\t" + e.getValue().id() + "\t" + imp.text().replace('\t', ' ')
                  + "\t" + t.status().name().toLowerCase(java.util.Locale.ROOT) + "\t" + String.join(";", t.paths()) + "\n");
            }
          }
        }
      }
      Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The stored import graph, forward: {@code path, targets (;-separated)} for every file with some. */
    private static void writeGraph(IndexSnapshot s, Engine engine, Path out) throws IOException, SymdexException {
      dev.symdex.engine.query.ImportGraph graph = new dev.symdex.engine.query.Searcher(s, engine.gitHistory()).importGraph();
      java.util.List<String> paths = new java.util.ArrayList<>();
      s.forEachFile((path, state) -> paths.add(path));
      Path tmp = out.toAbsolutePath().resolveSibling(out.getFileName() + ".tmp");
      try (java.io.BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (String p : paths) {
          java.util.List<String> targets = graph.imported(p);
          if (!targets.isEmpty()) {
            w.write(p + "\t" + String.join(";", targets) + "\n");
          }
        }
      }
      Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Every call site with the definitions it may reach: {@code path, line, column, callee, receiver, targets, targets by name, tier}. */
    private static void writeCalls(IndexSnapshot s, Engine engine, Path out) throws IOException, SymdexException {
      dev.symdex.engine.query.CallGraph graph = new dev.symdex.engine.query.Searcher(s, engine.gitHistory()).callGraph();
      java.util.List<String> paths = new java.util.ArrayList<>();
      s.forEachFile((path, state) -> {
        if (state.status().isIndexed()) {
          paths.add(path);
        }
        return true;
      });
      Path tmp = out.toAbsolutePath().resolveSibling(out.getFileName() + ".tmp");
      try (java.io.BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (String p : paths) {
          java.util.List<dev.symdex.engine.query.CallGraph.Site> typed = graph.calls(p);
          java.util.List<dev.symdex.engine.query.CallGraph.Site> byName = graph.callsByName(p);
          for (int i = 0; i < typed.size(); i++) {
            var c = typed.get(i).call();
            w.write(p + "\t" + c.line() + "\t" + c.column() + "\t" + c.callee() + "\t" + c.receiver().replace('\t', ' ') + "\t"
                + String.join(";", typed.get(i).targets().stream().map(t -> t.path() + ":" + t.line()).toList()) + "\t"
                + String.join(";", byName.get(i).targets().stream().map(t -> t.path() + ":" + t.line()).toList()) + "\t"
                + (typed.get(i).targets().isEmpty() ? "" : typed.get(i).targets().getFirst().tier()) + "\n");
          }
        }
      }
      Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteTree(Path dir) throws IOException {
      if (!Files.exists(dir)) {
        return;
      }
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the daemon of a data dir (SIGTERM, then wait).")
  static final class Stop implements Callable<Integer> {
    @Option(names = "--data-dir", description = "Data directory (default: $SYMDEX_DATA_DIR or ~/.local/share/symdex).")
    Path dataDir = DataDir.defaultPath();

    @Override
    public Integer call() throws Exception {
      Path info = dataDir.resolve("daemon.json");
      if (!Files.exists(info)) {
        System.err.println("symdex: no daemon runs on " + dataDir);
        return EXIT_NO_DAEMON;
      }
      String text = Files.readString(info, StandardCharsets.UTF_8);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"pid\":(\\d+)").matcher(text);
      if (!m.find()) {
        System.err.println("symdex: unreadable " + info);
        return EXIT_FAILED;
      }
      long pid = Long.parseLong(m.group(1));
      Optional<ProcessHandle> p = ProcessHandle.of(pid);
      if (p.isEmpty()) {
        System.err.println("symdex: daemon pid " + pid + " is not running");
        Files.deleteIfExists(info);
        return EXIT_NO_DAEMON;
      }
      p.get().destroy();
      try {
        p.get().onExit().get(15, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        System.err.println("symdex: daemon pid " + pid + " did not stop within 15 s");
        return EXIT_FAILED;
      }
      System.err.println("symdex: stopped daemon pid " + pid);
      return EXIT_OK;
    }
  }

  /** Progress lines on stderr for long cold indexes: files checked, rate, ETA. */
  static final class Progress {
    private final PrintStream out;
    private final long start = System.nanoTime();
    private long last;
    private boolean printed;

    Progress(PrintStream out) {
      this.out = out;
    }

    void report(int done, int total) {
      long now = System.nanoTime();
      if (now - last < TimeUnit.SECONDS.toNanos(1) || done >= total) {
        return;
      }
      last = now;
      double secs = (now - start) / 1e9;
      double rate = done / Math.max(secs, 1e-3);
      String eta = rate > 0 ? ", ETA " + Math.round((total - done) / rate) + "s" : "";
      out.printf("symdex: indexing %d/%d files (%.0f files/s%s)%n", done, total, rate, eta);
      printed = true;
    }

    void finish() {
      if (printed) {
        out.printf("symdex: indexing done in %.1fs%n", (System.nanoTime() - start) / 1e9);
      }
    }
  }
}
