package dev.symdex.watcher;

import dev.symdex.engine.Quote;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.DiskAccess;
import dev.symdex.engine.index.Engine;
import dev.symdex.grpc.ProjectException;
import dev.symdex.grpc.HeldMemory;
import dev.symdex.grpc.ProjectInfo;
import dev.symdex.grpc.ProjectMemory;
import dev.symdex.grpc.Projects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The projects of one daemon: the default one (the root it was started with) and those added
 * with AddProject, which are persisted in the data dir's {@link ProjectRegistry} and opened again
 * by {@link #reopenRegistered} at the next start, in the background, most recently queried
 * first ({@link ProjectUse}); a call naming one not open yet opens it at once. A project is named
 * by its id (the name of its index dir: directory name and a hash of the root) or by its absolute
 * root. Every call's lease marks its project used for the {@link MemoryGovernor}, which {@link
 * #enforceMemory} runs.
 *
 * <p>Thread-safe: the set is guarded by {@code this}; opening a project (seconds for a large tree)
 * and closing one (it waits for the calls holding it) run outside that lock. Owns the projects,
 * the watch hub and the pools they share; {@link #close} stops them all.
 */
final class ProjectSet implements Projects, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ProjectSet.class.getName());

  private final DaemonConfig config;
  private final DiskAccess disk;
  private final DataDir dataDir;
  private final long startNanos;
  private final LoopPools pools;
  private final WatchHub hub;
  private final ProjectRegistry registry;
  private final Project defaultProject;
  /** Projects added besides the default, by id, in the order added. */
  private final Map<String, Project> added = new LinkedHashMap<>();
  /** Roots being opened right now (reserved against overlapping adds). */
  private final Set<Path> opening = new HashSet<>();
  /** Registered roots that failed to open at start: kept in the registry for the next start. */
  private final List<Path> unopened = new ArrayList<>();
  /**
   * Registered roots not opened yet at start (opened in the background, most recently used first,
   * or at once by the first call naming one), by id; each with the opening of it once begun.
   */
  private final Map<String, Path> toReopen = new LinkedHashMap<>();
  private final Map<Path, CompletableFuture<Project>> reopening = new HashMap<>();
  private final MemoryGovernor governor;
  private final ProjectUse use;
  /** Last use (epoch millis) of each root, as read at start and as queried since. */
  private final Map<Path, Long> lastUse = new HashMap<>();
  private boolean closed;

  /**
   * @param engine the default project's engine, owned by this set from now on
   * @param disk how added projects read files and keep their index ({@link DiskAccess#REAL} but in tests)
   * @throws IOException when the OS gives no watch service (it is out of inotify instances)
   */
  ProjectSet(DaemonConfig config, DataDir dataDir, Engine engine, long startNanos, DiskAccess disk) throws IOException {
    this.disk = disk;
    this.config = config;
    this.dataDir = dataDir;
    this.startNanos = startNanos;
    this.hub = new WatchHub(config.maxWatches() > 0 ? config.maxWatches() : WatchHub.defaultBudget());
    this.pools = LoopPools.create(config.parseThreads());
    this.registry = new ProjectRegistry(dataDir.projects());
    this.governor = new MemoryGovernor(config.maxMemoryBytes(), Runtime.getRuntime().maxMemory());
    this.use = new ProjectUse(dataDir.projectUse());
    this.lastUse.putAll(use.read());
    this.defaultProject = track(newProject(config.root(), engine));
  }

  private Project track(Project p) {
    p.reportMemoryBy(q -> governor.memoryOf(q, all()));
    return p;
  }

  /** Where the server's share of each project's memory is measured and given back. */
  void attach(HeldMemory server) {
    governor.attach(server);
  }

  /**
   * One round of the memory cap ({@link MemoryGovernor#enforce}), then the projects' last use
   * written down when it moved (a restart opens them in that order). From one thread.
   */
  void enforceMemory() {
    governor.enforce(all());
    long nowMillis = System.currentTimeMillis();
    long nowNanos = System.nanoTime();
    boolean moved = false;
    synchronized (this) {
      for (Project p : all()) {
        MemoryGovernor.Heat h = p.heat();
        if (h.everUsed()) {
          long millis = nowMillis - (nowNanos - h.lastUsedNanos()) / 1_000_000;
          Long before = lastUse.put(p.engine().root(), millis);
          moved |= before == null || Math.abs(before - millis) > 500;
        }
      }
      if (moved) {
        try {
          use.write(lastUse);
        } catch (IOException e) {
          LOG.log(Level.FINE, "cannot write " + dataDir.projectUse(), e);
        }
      }
    }
  }

  MemoryGovernor governor() {
    return governor;
  }

  private Project newProject(Path root, Engine engine) {
    return new Project(idOf(root), engine, pools, hub, config.settleMillis(), dataDir.path(), startNanos);
  }

  Project defaultProject() {
    return defaultProject;
  }

  /** The default project first, then the added ones in the order added. */
  synchronized List<Project> all() {
    List<Project> list = new ArrayList<>(added.size() + 1);
    list.add(defaultProject);
    list.addAll(added.values());
    return list;
  }

  /**
   * Opens the projects of the registry, most recently used first, on a background thread: a call
   * naming one not open yet opens it at once ({@link #lease}). A root that is no longer a
   * directory leaves the registry; one that fails to open (or now overlaps another project) is
   * skipped and noted in Status, and stays registered for the next start.
   */
  void reopenRegistered() throws IOException {
    List<Path> roots = ProjectUse.byLastUse(registry.read(), lastUse);
    List<Path> gone = new ArrayList<>();
    synchronized (this) {
      for (Path root : roots) {
        if (!Files.isDirectory(root)) {
          LOG.warning("project " + Quote.of(root.toString()) + " is no longer a directory: dropped");
          defaultProject.noteIssue("project " + Quote.of(root.toString()) + " is no longer a directory: dropped");
          gone.add(root);
        } else {
          toReopen.put(idOf(root), root);
        }
      }
      if (!gone.isEmpty()) {
        List<Path> keep = new ArrayList<>(registry.read());
        keep.removeAll(gone);
        registry.write(keep);
      }
    }
    List<Path> order;
    synchronized (this) {
      order = List.copyOf(toReopen.values());
      reopenOrder = order;
    }
    if (!order.isEmpty()) {
      Thread t = Threads.named("reopen").newThread(() -> {
        CountDownLatch hold = holdReopenForTests;
        if (hold != null) {
          try {
            hold.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        for (Path root : order) {
          reopen(root);
        }
      });
      t.start();
    }
  }

  /** Fault injection for tests only: the background reopening waits for this latch first. Null in production. */
  static volatile CountDownLatch holdReopenForTests;
  private List<Path> reopenOrder = List.of();

  /** The registered roots in the order the last start opens them in the background. */
  synchronized List<Path> reopenOrder() {
    return reopenOrder;
  }

  /**
   * Opens the registered {@code root} (or waits for the opening under way); null when it could not
   * be opened (noted in Status), or the daemon is stopping.
   */
  private Project reopen(Path root) {
    CompletableFuture<Project> mine;
    CompletableFuture<Project> theirs;
    synchronized (this) {
      theirs = reopening.get(root);
      mine = theirs == null ? new CompletableFuture<>() : null;
      if (mine != null) {
        reopening.put(root, mine);
      }
    }
    if (theirs != null) {
      return theirs.join();
    }
    Project p = null;
    try {
      p = open(root.toRealPath(), false);
    } catch (ProjectException | SymdexException | IOException | RuntimeException e) {
      if (isClosed()) {
        mine.complete(null);
        return null; // stopping: it stays registered, to open at the next start
      }
      LOG.log(Level.WARNING, "cannot open project " + root, e);
      defaultProject.noteIssue("cannot open project " + root + ": " + e.getMessage());
      synchronized (this) {
        unopened.add(root);
      }
    } finally {
      synchronized (this) {
        toReopen.remove(idOf(root));
      }
      mine.complete(p);
    }
    return p;
  }

  /**
   * Holds {@code project} for one call, opening it first if it is registered and not open yet (a
   * restart opens them in the background); the project is then the most recently used, and hot.
   */
  @Override
  public Lease lease(String project) throws ProjectException {
    Project p = findOrReopen(project);
    Lease lease = p.lease();
    governor.used(p);
    return lease;
  }

  /** {@link #find}, or a registered project not open yet opened now (or its opening under way waited for). */
  private Project findOrReopen(String project) throws ProjectException {
    try {
      return find(project);
    } catch (ProjectException notOpen) {
      Path root = registeredNotOpen(project);
      Project p = root == null ? null : reopen(root);
      if (p == null) {
        throw notOpen;
      }
      return p;
    }
  }

  /** The root of a registered project not open yet that {@code project} names (id or root), or null. */
  private synchronized Path registeredNotOpen(String project) {
    Path byId = toReopen.get(project);
    if (byId != null) {
      return byId;
    }
    for (Path root : toReopen.values()) {
      if (root.toString().equals(project)) {
        return root;
      }
    }
    return null;
  }

  @Override
  public ProjectInfo add(Path root) throws ProjectException, SymdexException, IOException {
    if (!Files.isDirectory(root)) {
      throw new ProjectException(ProjectException.Reason.INVALID_ROOT, Quote.of(root.toString()) + " is not a directory");
    }
    Path registered = registeredNotOpen(root.toRealPath().toString());
    if (registered != null) { // registered before the restart, not open yet: it is open once this returns
      Project reopened = reopen(registered);
      if (reopened != null) {
        throw new ProjectException(ProjectException.Reason.ALREADY_EXISTS, Quote.of(registered.toString()) + " is already project "
            + reopened.id());
      }
    }
    Project p = open(root.toRealPath(), true);
    LOG.info("project added: " + p.id() + " at " + p.engine().root());
    return p.info(false);
  }

  @Override
  public ProjectInfo remove(String project) throws ProjectException, SymdexException, IOException {
    Project p = findOrReopen(project);
    ProjectInfo info;
    synchronized (this) {
      if (!all().contains(p)) {
        throw new ProjectException(ProjectException.Reason.NOT_FOUND, "no project " + Quote.of(project) + " (it was removed)");
      }
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
    Map<String, Path> waiting;
    synchronized (this) {
      waiting = new LinkedHashMap<>(toReopen);
    }
    waiting.forEach((id, root) -> infos.add(new ProjectInfo(id, root.toString(), false, 0, "", 0, "opening", 0,
        new ProjectMemory(false, 0, 0, 0, 0, ProjectMemory.Daemon.NONE))));
    List<String> order = registeredOrder().stream().map(Path::toString).toList();
    infos.sort(Comparator.comparing((ProjectInfo i) -> !i.isDefault())
        .thenComparingInt(i -> order.indexOf(i.root()) < 0 ? Integer.MAX_VALUE : order.indexOf(i.root())));
    return List.copyOf(infos);
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /** The registry's roots in the order added (empty when it cannot be read): ListProjects' order. */
  private List<Path> registeredOrder() {
    try {
      return registry.read();
    } catch (IOException e) {
      return List.of();
    }
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
    throw new ProjectException(ProjectException.Reason.NOT_FOUND, "no project " + Quote.of(project) + " (ListProjects shows them)");
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
      throw new ProjectException(ProjectException.Reason.INVALID_ROOT, Quote.of(real.toString()) + " is inside the data dir");
    }
    for (Path other : opening) {
      if (other.equals(real)) {
        throw new ProjectException(ProjectException.Reason.ALREADY_EXISTS, Quote.of(real.toString()) + " is being added already");
      }
      if (real.startsWith(other) || other.startsWith(real)) {
        throw new ProjectException(ProjectException.Reason.INVALID_ROOT, Quote.of(real.toString()) + " overlaps " + Quote.of(other.toString()) + ", being added");
      }
    }
    for (Project p : all()) {
      Path other = realRoot(p);
      if (other.equals(real)) {
        throw new ProjectException(ProjectException.Reason.ALREADY_EXISTS, Quote.of(real.toString()) + " is already project " + p.id());
      }
      if (real.startsWith(other)) {
        throw new ProjectException(ProjectException.Reason.INVALID_ROOT, Quote.of(real.toString()) + " is inside project " + p.id() + " (" + Quote.of(other.toString()) + ")");
      }
      if (other.startsWith(real)) {
        throw new ProjectException(ProjectException.Reason.INVALID_ROOT, Quote.of(real.toString()) + " contains project " + p.id() + " (" + Quote.of(other.toString()) + ")");
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
      // A root without an index starts from a copy of an open sibling's (a clone or worktree of
      // the same repository): its first reconcile parses only what differs. Closed indexes are
      // not read here: another thread of this daemon may be opening them.
      List<Engine> open = all().stream().map(Project::engine).toList();
      Seeding.seed(dataDir, real, config.options(), open, false).ifPresent(s -> LOG.info(real + ": index " + s.describe()));
      Engine engine = Engine.open(real, dataDir.indexFor(real), config.options(), disk);
      p = track(newProject(real, engine));
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

  /**
   * What the registry holds: the added projects, the registered roots that did not open and those
   * not open yet, in the order they were added (the registry's order, then the ones added since).
   */
  private List<Path> addedRoots() {
    List<Path> now = new ArrayList<>(unopened);
    for (Project p : added.values()) {
      now.add(p.engine().root());
    }
    now.addAll(toReopen.values());
    List<Path> roots = new ArrayList<>();
    for (Path r : registeredOrder()) {
      if (now.contains(r) && !roots.contains(r)) {
        roots.add(r);
      }
    }
    for (Path r : now) {
      if (!roots.contains(r)) {
        roots.add(r);
      }
    }
    return roots;
  }

  /**
   * Stops every project's watcher and index loop, then the watch hub and the loops' pools, then closes the engines.
   * Later adds are refused. Idempotent.
   */
  @Override
  public void close() {
    List<Project> projects;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      projects = all();
    }
    for (Project p : projects) {
      p.stopIndexing();
    }
    hub.close();
    pools.shutdown();
    for (Project p : projects) {
      p.closeEngine();
    }
  }
}
