package dev.symdex.watcher;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.DiskAccess;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.query.Searcher;
import dev.symdex.grpc.ChangeFeed;
import dev.symdex.grpc.IndexBackend;
import dev.symdex.grpc.ListenAddress;
import dev.symdex.grpc.Projects;
import dev.symdex.grpc.RuntimeStatus;
import dev.symdex.grpc.ServerOptions;
import dev.symdex.grpc.SocketPath;
import dev.symdex.grpc.SymdexGrpcServer;
import dev.symdex.grpc.SyncResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running symdex daemon: holds the data dir lock, serves gRPC, and keeps each of its projects
 * current (each {@link Project} has its own index, index loop and tree watcher; the loops share
 * one set of {@link LoopPools} and the watchers one {@link WatchHub}, so the daemon's platform
 * threads and inotify instances do not grow with its projects). The root it was
 * started with is the default project; AddProject adds more ({@link ProjectSet}), persisted in the
 * data dir and opened again (warm) on the next start. {@link #start} returns once
 * the server listens; first reconciles run in the background ({@code state = indexing}) and
 * queries answer from what is committed meanwhile.
 *
 * <p>As an {@link IndexBackend} it is its default project. Thread-safe. {@link #close} stops
 * everything in order: health NOT_SERVING, server, watchers, index loops (an unfinished
 * transaction is abandoned, never half-committed), engines, lock.
 */
public final class Daemon implements IndexBackend, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Daemon.class.getName());

  private final DaemonConfig config;
  private final DataDir dataDir;
  private final DaemonLock lock;
  private final long startNanos = System.nanoTime();
  private final ProjectSet projects;
  private final Project defaultProject;
  private SymdexGrpcServer server;
  private ListenAddress address;
  /** The data dir's token file when this daemon demands its token; null otherwise. */
  private Path tokenFile;
  private volatile boolean closed;
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** Blocks until the daemon has stopped (by {@link #close}, a signal or its idle timeout). */
  public void awaitClosed() throws InterruptedException {
    stopped.await();
  }

  private Daemon(DaemonConfig config, DataDir dataDir, DaemonLock lock, Engine engine, DiskAccess disk) throws IOException {
    this.config = config;
    this.dataDir = dataDir;
    this.lock = lock;
    this.projects = new ProjectSet(config, dataDir, engine, startNanos, disk);
    this.defaultProject = projects.defaultProject();
  }

  /**
   * Starts a daemon: lock, open the index, watch, serve, then open the projects added earlier.
   *
   * @throws DataDirBusyException when another process holds the data dir
   */
  public static Daemon start(DaemonConfig config) throws IOException, SymdexException {
    return start(config, DiskAccess.REAL);
  }

  /** {@link #start(DaemonConfig)} with every project's files read and index kept through {@code disk} (tests inject faults there). */
  static Daemon start(DaemonConfig config, DiskAccess disk) throws IOException, SymdexException {
    DataDir dataDir = DataDir.open(config.dataDir());
    DaemonLock lock = DaemonLock.tryAcquire(dataDir, "daemon " + config.root().toAbsolutePath().normalize())
        .orElseThrow(() -> new DataDirBusyException(dataDir, DaemonLock.holder(dataDir)));
    try {
      checkSocketPath(config, dataDir);
      makePrivate(dataDir);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
    Engine engine;
    try {
      // Nothing is open yet: a root without an index may start from a sibling's copy, closed ones included.
      Seeding.removeLeftovers(dataDir);
      Seeding.seed(dataDir, config.root(), config.options(), List.of(), true)
          .ifPresent(s -> LOG.info(config.root() + ": index " + s.describe()));
      engine = Engine.open(config.root(), dataDir.indexFor(config.root()), config.options(), disk);
    } catch (SymdexException | RuntimeException e) {
      lock.close();
      throw e;
    }
    Daemon d;
    try {
      d = new Daemon(config, dataDir, lock, engine, disk);
    } catch (IOException | RuntimeException e) {
      engine.close();
      lock.close();
      throw e;
    }
    try {
      d.startParts();
    } catch (IOException | RuntimeException e) {
      d.close();
      throw e;
    }
    return d;
  }

  /**
   * Refuses a Unix socket outside the data dir unless the config allows it: the data dir lock
   * makes its socket this daemon's alone, while a path elsewhere may be another daemon's (or any
   * file). Symbolic links are resolved, so a link into another data dir counts as outside. Then
   * claims the path (see {@link SocketPath#claim}): one a live server answers on is refused.
   */
  private static void checkSocketPath(DaemonConfig config, DataDir dataDir) throws IOException {
    Path socket = config.listen().orElse(new ListenAddress.Unix(dataDir.socket())) instanceof ListenAddress.Unix u ? u.path() : null;
    if (socket == null) {
      return;
    }
    if (!config.allowSocketPath() && !resolved(socket.toAbsolutePath().normalize().getParent()).startsWith(dataDir.path().toRealPath())) {
      throw new IOException("the socket " + socket + " is outside the data dir " + dataDir.path()
          + "; pass --allow-socket-path to listen there");
    }
    SocketPath.claim(socket); // before the index opens: a refused daemon leaves nothing behind
  }

  /** {@code p} with the symbolic links of its longest existing prefix resolved. */
  private static Path resolved(Path p) throws IOException {
    Path existing = p;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing == null ? p : existing.toRealPath().resolve(existing.relativize(p)).normalize();
  }

  /**
   * Takes the group and other permissions off what earlier runs left in the data dir (logged),
   * and warns (log, and Status while the daemon runs) about what others can still read: the data
   * dir itself is the user's to chmod.
   */
  private static void makePrivate(DataDir dataDir) throws IOException {
    for (String line : PrivateFiles.tighten(dataDir.path())) {
      LOG.info(line);
    }
    for (String warning : PrivateFiles.exposed(dataDir.path())) {
      LOG.warning(warning);
    }
  }

  private void startParts() throws IOException {
    String names = System.getProperty("sun.jnu.encoding", "");
    if (!names.equalsIgnoreCase("UTF-8")) {
      String warning = "file names are decoded as " + names + " (the locale is not UTF-8): a name that is not ASCII cannot be "
          + "opened and is skipped (status lists it as bad-file-name); run under a UTF-8 locale (bin/symdex does: LC_ALL=C.UTF-8)";
      LOG.warning(warning);
      defaultProject.noteIssue(warning);
    }
    defaultProject.startLoop();
    // Answer from the stored index at once (each answer says its generation, and `sync` waits for
    // the reconcile); then watch (registering a large tree's directories takes seconds), then
    // reconcile.
    address = config.listen().orElse(new ListenAddress.Unix(dataDir.socket()));
    ServerOptions serverOptions = config.server();
    if (address instanceof ListenAddress.Tcp && serverOptions.token().isEmpty()) { // any local user reaches loopback
      serverOptions = serverOptions.withToken(TokenFile.readOrCreate(dataDir.token()));
      tokenFile = dataDir.token();
    }
    server = SymdexGrpcServer.listen(address, projects, serverOptions).start();
    projects.attach(server.heldMemory());
    if (address instanceof ListenAddress.Tcp t && t.port() == 0) {
      address = new ListenAddress.Tcp(t.host(), server.port());
    }
    writeDaemonInfo();
    LOG.info("serving " + defaultProject.engine().root() + " on " + address);
    defaultProject.startWatching();
    projects.reopenRegistered();
    poller.scheduleWithFixedDelay(this::pollUnwatched, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    poller.scheduleWithFixedDelay(this::enforceMemory, MEMORY_MILLIS, MEMORY_MILLIS, TimeUnit.MILLISECONDS);
    LOG.info("memory: " + projects.governor());
    config.idleTimeout().ifPresent(idle -> {
      long check = Math.max(50, Math.min(1_000, idle.toMillis() / 10));
      poller.scheduleWithFixedDelay(() -> {
        if (server != null && server.idleMillis() >= idle.toMillis() && subscribers() == 0) {
          LOG.info("idle for " + idle + ": stopping");
          new Thread(this::close, "symdex-idle-stop").start();
        }
      }, check, check, TimeUnit.MILLISECONDS);
    });
  }

  /** How often the memory cap is enforced ({@link MemoryGovernor}). */
  static final long MEMORY_MILLIS = 1_000;

  private void enforceMemory() {
    try {
      projects.enforceMemory();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "enforcing the memory cap failed; trying again in " + MEMORY_MILLIS + " ms", e);
    }
  }

  /** How often directories that could not be watched are stat-scanned. */
  static final long POLL_MILLIS = 2_000;

  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(Threads.named("poller"));

  private void pollUnwatched() {
    for (Project p : projects.all()) {
      p.pollUnwatched();
    }
  }

  private int subscribers() {
    int n = 0;
    for (Project p : projects.all()) {
      n += p.changes().subscribers();
    }
    return n;
  }

  /** The projects this daemon serves (AddProject, RemoveProject, ListProjects and each call's lease). */
  public Projects projects() {
    return projects;
  }

  /** Its project set as the watcher module sees it (memory cap, reopening: tests and tools). */
  ProjectSet projectSet() {
    return projects;
  }

  /** Where clients reach this daemon. */
  public ListenAddress address() {
    return address;
  }

  /** Blocks until the default project's first full reconcile has been applied (or the timeout passes). */
  public boolean awaitInitialIndex(Duration timeout) throws InterruptedException {
    return defaultProject.awaitInitialIndex(timeout);
  }

  // ---- IndexBackend: the default project

  /** The engine of this index (its owner's handle: tests and tools; queries go through {@link #searcher}). */
  public Engine engine() {
    return defaultProject.engine();
  }

  @Override
  public Searcher searcher() throws SymdexException {
    if (closed) {
      throw new SymdexException.IndexNotReady("daemon is stopping");
    }
    return defaultProject.searcher();
  }

  @Override
  public SyncResult sync(Duration timeout) throws SymdexException, InterruptedException {
    return defaultProject.sync(timeout);
  }

  @Override
  public void requireIndexed() throws SymdexException {
    defaultProject.requireIndexed();
  }

  @Override
  public ChangeFeed changes() {
    return defaultProject.changes();
  }

  @Override
  public long pendingChanges() {
    return defaultProject.pendingChanges();
  }

  @Override
  public RuntimeStatus runtimeStatus() {
    return defaultProject.runtimeStatus();
  }

  private void writeDaemonInfo() throws IOException {
    String json = "{\"pid\":" + ProcessHandle.current().pid()
        + ",\"root\":" + Json.quote(defaultProject.engine().root().toString())
        + ",\"address\":" + Json.quote(address.toString())
        + (tokenFile == null ? "" : ",\"token_file\":" + Json.quote(tokenFile.toString()))
        + ",\"started\":" + Json.quote(Instant.now().toString()) + "}\n";
    PrivateFiles.write(dataDir.daemonInfo(), json, false);
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
    projects.close();
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
