package dev.symdex.watcher;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.ApplyResult;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.scan.IgnoreRules;
import dev.symdex.grpc.IndexBackend;
import dev.symdex.grpc.ListenAddress;
import dev.symdex.grpc.RuntimeStatus;
import dev.symdex.grpc.ServerOptions;
import dev.symdex.grpc.SymdexGrpcServer;
import dev.symdex.grpc.SyncResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running symdex daemon: holds the data dir lock, keeps the engine current from the watcher
 * through the index loop, and serves gRPC. {@link #start} returns once the server listens; the
 * first reconcile runs in the background ({@code state = indexing}) and queries answer from what
 * is committed meanwhile.
 *
 * <p>Thread-safe. {@link #close} stops everything in order: health NOT_SERVING, server, watcher,
 * index loop (an unfinished transaction is abandoned, never half-committed), engine, lock.
 */
public final class Daemon implements IndexBackend, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Daemon.class.getName());
  /** How long Sync waits for its cookie before it distrusts the watcher and rescans. */
  private static final Duration COOKIE_PATIENCE = Duration.ofSeconds(2);

  private final DaemonConfig config;
  private final DataDir dataDir;
  private final DaemonLock lock;
  private final Engine engine;
  private final ExecutorService parsers;
  private final IndexLoop loop;
  private final dev.symdex.grpc.ChangeFeed feed = new dev.symdex.grpc.ChangeFeed();
  private final Map<String, CompletableFuture<ApplyResult>> cookies = new ConcurrentHashMap<>();
  private final AtomicInteger cookieCounter = new AtomicInteger();
  private final AtomicLong startNanos = new AtomicLong(System.nanoTime());
  private volatile TreeWatcher watcher;
  /** The engine's ignore epoch the watcher was last re-checked at (the index loop thread only). */
  private long seenIgnoreEpoch;
  private SymdexGrpcServer server;
  private ListenAddress address;
  /** The data dir's token file when this daemon demands its token; null otherwise. */
  private Path tokenFile;
  private volatile boolean closed;
  private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

  /** Blocks until the daemon has stopped (by {@link #close}, a signal or its idle timeout). */
  public void awaitClosed() throws InterruptedException {
    stopped.await();
  }

  private Daemon(DaemonConfig config, DataDir dataDir, DaemonLock lock, Engine engine) {
    this.config = config;
    this.dataDir = dataDir;
    this.lock = lock;
    this.engine = engine;
    this.parsers = Threads.pool("parse", config.parseThreads());
    this.loop = new IndexLoop(engine, parsers, config.settleMillis(), r -> {
      feed.publish(r);
      long epoch = engine.ignoreEpoch();
      TreeWatcher w = watcher;
      if (epoch != seenIgnoreEpoch && w != null) {
        seenIgnoreEpoch = epoch;
        w.recheckIgnored();
      }
    });
  }

  /**
   * Starts a daemon: lock, open the index, watch, serve.
   *
   * @throws DataDirBusyException when another process holds the data dir
   */
  public static Daemon start(DaemonConfig config) throws IOException, SymdexException {
    DataDir dataDir = DataDir.open(config.dataDir());
    DaemonLock lock = DaemonLock.tryAcquire(dataDir, "daemon " + config.root().toAbsolutePath().normalize())
        .orElseThrow(() -> new DataDirBusyException(dataDir, DaemonLock.holder(dataDir)));
    Engine engine;
    try {
      engine = Engine.open(config.root(), dataDir.indexFor(config.root()), config.options());
    } catch (SymdexException | RuntimeException e) {
      lock.close();
      throw e;
    }
    Daemon d = new Daemon(config, dataDir, lock, engine);
    try {
      d.startParts();
    } catch (IOException | RuntimeException e) {
      d.close();
      throw e;
    }
    return d;
  }

  private void startParts() throws IOException {
    LOG.info("index " + engine.indexDir() + ": " + engine.openState());
    engine.excludeIfInside(dataDir.path()); // our own writes must not feed the watcher
    loop.start();
    // Answer from the stored index at once (each answer says its generation, and `sync` waits for
    // the reconcile); then watch (registering a large tree's directories takes seconds), then
    // reconcile: a change made after its directory is watched is seen by the watcher, one made
    // before by the reconcile's stat check.
    address = config.listen().orElse(new ListenAddress.Unix(dataDir.socket()));
    ServerOptions serverOptions = config.server();
    if (address instanceof ListenAddress.Tcp t && !t.loopback() && serverOptions.token().isEmpty()) {
      serverOptions = serverOptions.withToken(TokenFile.readOrCreate(dataDir.token()));
      tokenFile = dataDir.token();
    }
    server = SymdexGrpcServer.listen(address, this, serverOptions).start();
    if (address instanceof ListenAddress.Tcp t && t.port() == 0) {
      address = new ListenAddress.Tcp(t.host(), server.port());
    }
    writeDaemonInfo();
    LOG.info("serving " + engine.root() + " on " + address);
    watcher = new TreeWatcher(engine.tree(), loop, this::cookieSeen);
    watcher.start();
    loop.rescan("startup");
    poller.scheduleWithFixedDelay(this::pollUnwatched, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    config.idleTimeout().ifPresent(idle -> {
      long check = Math.max(50, Math.min(1_000, idle.toMillis() / 10));
      poller.scheduleWithFixedDelay(() -> {
        if (server != null && server.idleMillis() >= idle.toMillis() && feed.subscribers() == 0) {
          LOG.info("idle for " + idle + ": stopping");
          new Thread(this::close, "symdex-idle-stop").start();
        }
      }, check, check, TimeUnit.MILLISECONDS);
    });
  }

  /** How often directories that could not be watched are stat-scanned. */
  static final long POLL_MILLIS = 2_000;

  private final java.util.concurrent.ScheduledExecutorService poller =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Threads.named("poller"));

  /** Stat-scans the directories the watcher could not watch: a change there costs one poll interval. */
  private void pollUnwatched() {
    TreeWatcher w = watcher;
    if (w != null) {
      for (String dir : w.unwatched()) {
        loop.pathChanged(dir);
      }
    }
  }

  /** Where clients reach this daemon. */
  public ListenAddress address() {
    return address;
  }

  @Override
  public Engine engine() {
    return engine;
  }

  /** Blocks until the first full reconcile has been applied (or the timeout passes). */
  public boolean awaitInitialIndex(Duration timeout) throws InterruptedException {
    try {
      loop.barrier().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return loop.initialDone();
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  @Override
  public IndexSnapshot snapshot() throws SymdexException {
    if (closed) {
      throw new SymdexException.IndexNotReady("daemon is stopping");
    }
    return engine.snapshot();
  }

  @Override
  public SyncResult sync(Duration timeout) throws SymdexException, InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    ApplyResult r = null;
    pollUnwatched(); // no event comes from an unwatched directory: scan those before the barrier
    if (engine.gitMovedSinceSeen()) {
      loop.pathChanged(""); // a checkout or commit the watcher's .git events may not have delivered yet
    }
    if (watcher != null && watcher.isWatching()) {
      String name = IgnoreRules.COOKIE_PREFIX + ProcessHandle.current().pid() + "-" + cookieCounter.incrementAndGet();
      CompletableFuture<ApplyResult> seen = new CompletableFuture<>();
      cookies.put(name, seen);
      Path cookie = engine.root().resolve(name);
      try {
        Files.write(cookie, new byte[0]);
        long patience = Math.min(COOKIE_PATIENCE.toNanos(), deadline - System.nanoTime());
        r = seen.get(Math.max(0, patience), TimeUnit.NANOSECONDS);
      } catch (IOException e) {
        LOG.fine(() -> "cannot write a sync cookie (" + e + "); rescanning instead");
      } catch (TimeoutException e) {
        loop.noteIssue("sync cookie not seen within " + COOKIE_PATIENCE.toMillis() + " ms: rescanning");
      } catch (ExecutionException e) {
        throw new SymdexException.IndexNotReady("indexing failed: " + e.getCause().getMessage());
      } finally {
        cookies.remove(name);
        try {
          Files.deleteIfExists(cookie);
        } catch (IOException e) {
          // the rules ignore cookie files; a leftover one is harmless
        }
      }
    }
    if (r == null) {
      // No watcher, or it did not deliver: reconcile the whole tree, which sees every change.
      try {
        r = loop.rescanBarrier("sync fallback").get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw new SymdexException.IndexNotReady("sync timed out after " + timeout.toMillis() + " ms");
      } catch (ExecutionException e) {
        throw new SymdexException.IndexNotReady("indexing failed: " + e.getCause().getMessage());
      }
    }
    return new SyncResult(r.generation(), r.head(), loop.pendingChanges(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  private void cookieSeen(String name) {
    CompletableFuture<ApplyResult> f = cookies.get(name);
    if (f != null) {
      // Complete after everything the watcher delivered before the cookie has been applied.
      loop.barrier().whenComplete((r, e) -> {
        if (e != null) {
          f.completeExceptionally(e);
        } else {
          f.complete(r);
        }
      });
    }
  }

  @Override
  public dev.symdex.grpc.ChangeFeed changes() {
    return feed;
  }

  @Override
  public long pendingChanges() {
    return loop.pendingChanges();
  }

  @Override
  public RuntimeStatus runtimeStatus() {
    return new RuntimeStatus(
        engine.root().toString(),
        dataDir.path().toString(),
        loop.initialDone() ? "serving" : "indexing",
        engine.filesParsed(),
        loop.pendingChanges(),
        loop.lagMillis(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos.get()),
        engine.sizeOnDisk(),
        loop.progressDone(),
        loop.progressTotal(),
        watcher == null ? 0 : watcher.unwatched().size(),
        loop.recentIssues());
  }

  private void writeDaemonInfo() throws IOException {
    String json = "{\"pid\":" + ProcessHandle.current().pid()
        + ",\"root\":" + Json.quote(engine.root().toString())
        + ",\"address\":" + Json.quote(address.toString())
        + (tokenFile == null ? "" : ",\"token_file\":" + Json.quote(tokenFile.toString()))
        + ",\"started\":" + Json.quote(java.time.Instant.now().toString()) + "}\n";
    Path tmp = dataDir.daemonInfo().resolveSibling("daemon.json.tmp");
    Files.writeString(tmp, json, StandardCharsets.UTF_8);
    Files.move(tmp, dataDir.daemonInfo(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("stopping");
    if (server != null) {
      server.stop(2_000);
    }
    poller.shutdownNow();
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        LOG.log(Level.FINE, "closing the watcher", e);
      }
    }
    loop.close();
    parsers.shutdownNow();
    try {
      parsers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    engine.close();
    try {
      Files.deleteIfExists(dataDir.daemonInfo());
      lock.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "releasing the lock", e);
    }
    LOG.info("stopped");
    stopped.countDown();
  }

  /** Another process holds the data dir. */
  public static final class DataDirBusyException extends IOException {
    private static final long serialVersionUID = 1L;

    DataDirBusyException(DataDir dataDir, String holder) {
      super("data dir " + dataDir.path() + " is in use" + (holder.isEmpty() ? "" : " by pid " + holder)
          + "; stop that process (bin/symdex stop --data-dir " + dataDir.path() + ") or use another --data-dir");
    }
  }
}
