package dev.symdex.watcher;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.grpc.ChangeFeed;
import dev.symdex.grpc.IndexBackend;
import dev.symdex.grpc.ListenAddress;
import dev.symdex.grpc.ProjectException;
import dev.symdex.grpc.ProjectInfo;
import dev.symdex.grpc.Projects;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running symdex daemon: holds the data dir lock, serves gRPC, and keeps each of its projects
 * current (each {@link Project} has its own index, index loop and watcher). The root it was
 * started with is the default project; AddProject adds more, persisted in the data dir's
 * {@link ProjectRegistry} and opened again (warm) on the next start. {@link #start} returns once
 * the server listens; first reconciles run in the background ({@code state = indexing}) and
 * queries answer from what is committed meanwhile.
 *
 * <p>As an {@link IndexBackend} it is its default project. Thread-safe. {@link #close} stops
 * everything in order: health NOT_SERVING, server, watchers, index loops (an unfinished
 * transaction is abandoned, never half-committed), engines, lock.
 */
public final class Daemon implements IndexBackend, Projects, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Daemon.class.getName());

  private final DaemonConfig config;
  private final DataDir dataDir;
  private final DaemonLock lock;
  private final ExecutorService parsers;
  private final long startNanos = System.nanoTime();
  private final Project defaultProject;
  /** Projects added besides the default, by id, in the order added. Guarded by {@code this}. */
  private final Map<String, Project> added = new LinkedHashMap<>();
  private final ProjectRegistry registry;
  /** Roots being opened by AddProject right now (reserved against overlapping adds). Guarded by {@code this}. */
  private final java.util.Set<Path> opening = new java.util.HashSet<>();
  /** Registered roots that failed to open at start: kept in the registry for the next start. Guarded by {@code this}. */
  private final List<Path> unopened = new ArrayList<>();
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
    this.parsers = Threads.pool("parse", config.parseThreads());
    this.registry = new ProjectRegistry(dataDir.projects());
    this.defaultProject = new Project(idOf(config.root()), engine, parsers, config.settleMillis(), dataDir.path(), startNanos);
  }

  /**
   * Starts a daemon: lock, open the index, watch, serve, then open the projects added earlier.
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
    defaultProject.startLoop();
    // Answer from the stored index at once (each answer says its generation, and `sync` waits for
    // the reconcile); then watch (registering a large tree's directories takes seconds), then
    // reconcile.
    address = config.listen().orElse(new ListenAddress.Unix(dataDir.socket()));
    ServerOptions serverOptions = config.server();
    if (address instanceof ListenAddress.Tcp t && !t.loopback() && serverOptions.token().isEmpty()) {
      serverOptions = serverOptions.withToken(TokenFile.readOrCreate(dataDir.token()));
      tokenFile = dataDir.token();
    }
    server = SymdexGrpcServer.listen(address, (Projects) this, serverOptions).start();
    if (address instanceof ListenAddress.Tcp t && t.port() == 0) {
      address = new ListenAddress.Tcp(t.host(), server.port());
    }
    writeDaemonInfo();
    LOG.info("serving " + defaultProject.engine().root() + " on " + address);
    defaultProject.startWatching();
    reopenRegistered();
    poller.scheduleWithFixedDelay(this::pollUnwatched, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
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

  /**
   * Opens the projects of the registry. A root that is no longer a directory leaves the registry;
   * one that fails to open (or now overlaps another project) is skipped and noted in Status, and
   * stays registered for the next start.
   */
  private void reopenRegistered() throws IOException {
    List<Path> roots = registry.read();
    List<Path> gone = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        LOG.warning("project " + root + " is no longer a directory: dropped");
        defaultProject.noteIssue("project " + root + " is no longer a directory: dropped");
        gone.add(root);
        continue;
      }
      try {
        open(root.toRealPath(), false);
      } catch (ProjectException | SymdexException | IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "cannot open project " + root, e);
        defaultProject.noteIssue("cannot open project " + root + ": " + e.getMessage());
        synchronized (this) {
          unopened.add(root);
        }
      }
    }
    if (!gone.isEmpty()) {
      synchronized (this) {
        List<Path> keep = new ArrayList<>(registry.read());
        keep.removeAll(gone);
        registry.write(keep);
      }
    }
  }

  /** How often directories that could not be watched are stat-scanned. */
  static final long POLL_MILLIS = 2_000;

  private final java.util.concurrent.ScheduledExecutorService poller =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Threads.named("poller"));

  private void pollUnwatched() {
    for (Project p : all()) {
      p.pollUnwatched();
    }
  }

  private int subscribers() {
    int n = 0;
    for (Project p : all()) {
      n += p.changes().subscribers();
    }
    return n;
  }

  /** The default project first, then the added ones in the order added. */
  private synchronized List<Project> all() {
    List<Project> list = new ArrayList<>(added.size() + 1);
    list.add(defaultProject);
    list.addAll(added.values());
    return list;
  }

  /** Where clients reach this daemon. */
  public ListenAddress address() {
    return address;
  }

  /** Blocks until the default project's first full reconcile has been applied (or the timeout passes). */
  public boolean awaitInitialIndex(Duration timeout) throws InterruptedException {
    return defaultProject.awaitInitialIndex(timeout);
  }

  // ---- Projects

  @Override
  public Lease lease(String project) throws ProjectException {
    return find(project).lease();
  }

  @Override
  public ProjectInfo add(Path root) throws ProjectException, SymdexException, IOException {
    if (!Files.isDirectory(root)) {
      throw new ProjectException(ProjectException.Reason.INVALID_ROOT, root + " is not a directory");
    }
    Project p = open(root.toRealPath(), true);
    LOG.info("project added: " + p.id() + " at " + p.engine().root());
    return p.info(false);
  }

  @Override
  public ProjectInfo remove(String project) throws ProjectException, SymdexException, IOException {
    Project p;
    ProjectInfo info;
    synchronized (this) {
      p = find(project);
      if (p == defaultProject) {
        throw new ProjectException(ProjectException.Reason.NOT_ALLOWED,
            "the default project (the daemon's --root) cannot be removed; stop the daemon instead");
      }
      info = p.info(false);
      added.remove(p.id());
      try {
        registry.write(addedRoots());
      } catch (IOException e) {
        added.put(p.id(), p);
        throw e;
      }
    }
    p.close(); // outside the lock: waits for the calls still using it
    LOG.info("project removed: " + p.id() + " (its index stays in " + dataDir.indexFor(Path.of(info.root())) + ")");
    return info;
  }

  @Override
  public List<ProjectInfo> list() throws SymdexException {
    List<ProjectInfo> infos = new ArrayList<>();
    for (Project p : all()) {
      infos.add(p.info(p == defaultProject));
    }
    return List.copyOf(infos);
  }

  /** By id, or by absolute root ({@code ""}: the default). */
  private synchronized Project find(String project) throws ProjectException {
    if (project.isEmpty()) {
      return defaultProject;
    }
    for (Project p : all()) {
      if (p.id().equals(project)) {
        return p;
      }
    }
    if (project.startsWith("/") && project.indexOf('\0') < 0) {
      Path asked = Path.of(project).normalize();
      for (Project p : all()) {
        if (p.engine().root().equals(asked) || realRoot(p).equals(asked)) {
          return p;
        }
      }
    }
    throw new ProjectException(ProjectException.Reason.NOT_FOUND, "no project " + project + " (ListProjects shows them)");
  }

  /**
   * Refuses a root that is a project already (or being added), lies inside one, contains one, or
   * lies in the data dir. The caller holds {@code this}.
   */
  private void checkOverlap(Path real) throws ProjectException {
    if (real.toString().indexOf('\n') >= 0) {
      throw new ProjectException(ProjectException.Reason.INVALID_ROOT, "a root with a newline in its path is not supported");
    }
    if (real.startsWith(dataDir.path())) {
      throw new ProjectException(ProjectException.Reason.INVALID_ROOT, real + " is inside the data dir");
    }
    for (Path other : opening) {
      if (other.equals(real)) {
        throw new ProjectException(ProjectException.Reason.ALREADY_EXISTS, real + " is being added already");
      }
      if (real.startsWith(other) || other.startsWith(real)) {
        throw new ProjectException(ProjectException.Reason.INVALID_ROOT, real + " overlaps " + other + ", being added");
      }
    }
    for (Project p : all()) {
      Path other = realRoot(p);
      if (other.equals(real)) {
        throw new ProjectException(ProjectException.Reason.ALREADY_EXISTS, real + " is already project " + p.id());
      }
      if (real.startsWith(other)) {
        throw new ProjectException(ProjectException.Reason.INVALID_ROOT, real + " is inside project " + p.id() + " (" + other + ")");
      }
      if (other.startsWith(real)) {
        throw new ProjectException(ProjectException.Reason.INVALID_ROOT, real + " contains project " + p.id() + " (" + other + ")");
      }
    }
  }

  private static Path realRoot(Project p) {
    try {
      return p.engine().root().toRealPath();
    } catch (IOException e) {
      return p.engine().root();
    }
  }

  /**
   * Opens, starts and watches the project at {@code real} and adds it (to the registry too when
   * {@code persist}). The root is reserved first, so that overlapping adds exclude each other;
   * the opening itself (seconds for a large tree) runs without the daemon's lock, so calls to
   * other projects are not held up by it.
   */
  private Project open(Path real, boolean persist) throws ProjectException, SymdexException, IOException {
    synchronized (this) {
      if (closed) {
        throw new SymdexException.IndexNotReady("daemon is stopping");
      }
      checkOverlap(real);
      opening.add(real);
    }
    Project p = null;
    try {
      Engine engine = Engine.open(real, dataDir.indexFor(real), config.options());
      p = new Project(idOf(real), engine, parsers, config.settleMillis(), dataDir.path(), startNanos);
      p.startLoop();
      p.startWatching();
      synchronized (this) {
        if (closed) {
          throw new SymdexException.IndexNotReady("daemon is stopping");
        }
        added.put(p.id(), p);
        if (persist) {
          try {
            registry.write(addedRoots());
          } catch (IOException e) {
            added.remove(p.id());
            throw e;
          }
        }
      }
      return p;
    } catch (SymdexException | IOException | RuntimeException e) {
      if (p != null) {
        p.close();
      }
      throw e;
    } finally {
      synchronized (this) {
        opening.remove(real);
      }
    }
  }

  private String idOf(Path root) {
    return dataDir.indexFor(root).getFileName().toString();
  }

  /** What the registry holds: the added projects, and the registered roots that did not open. */
  private List<Path> addedRoots() {
    List<Path> roots = new ArrayList<>(unopened);
    for (Project p : added.values()) {
      roots.add(p.engine().root());
    }
    return roots;
  }

  // ---- IndexBackend: the default project

  @Override
  public Engine engine() {
    return defaultProject.engine();
  }

  @Override
  public IndexSnapshot snapshot() throws SymdexException {
    if (closed) {
      throw new SymdexException.IndexNotReady("daemon is stopping");
    }
    return defaultProject.snapshot();
  }

  @Override
  public SyncResult sync(Duration timeout) throws SymdexException, InterruptedException {
    return defaultProject.sync(timeout);
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
    List<Project> projects = all();
    for (Project p : projects) {
      p.stopIndexing();
    }
    parsers.shutdownNow();
    try {
      parsers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Project p : projects) {
      p.closeEngine();
    }
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
