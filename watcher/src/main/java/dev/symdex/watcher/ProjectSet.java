package dev.symdex.watcher;

import dev.symdex.engine.Quote;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.DiskAccess;
import dev.symdex.engine.index.Engine;
import dev.symdex.grpc.ProjectException;
import dev.symdex.grpc.ProjectInfo;
import dev.symdex.grpc.Projects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The projects of one daemon: the default one (the root it was started with) and those added
 * with AddProject, which are persisted in the data dir's {@link ProjectRegistry} and opened again
 * by {@link #reopenRegistered} at the next start. A project is named by its id (the name of its
 * index dir: directory name and a hash of the root) or by its absolute root.
 *
 * <p>Thread-safe: the set is guarded by {@code this}; opening a project (seconds for a large tree)
 * and closing one (it waits for the calls holding it) run outside that lock. Owns the projects
 * and the parse pool they share; {@link #close} stops them all.
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
    this.defaultProject = newProject(config.root(), engine);
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
   * Opens the projects of the registry. A root that is no longer a directory leaves the registry;
   * one that fails to open (or now overlaps another project) is skipped and noted in Status, and
   * stays registered for the next start.
   */
  void reopenRegistered() throws IOException {
    List<Path> roots = registry.read();
    List<Path> gone = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        LOG.warning("project " + Quote.of(root.toString()) + " is no longer a directory: dropped");
        defaultProject.noteIssue("project " + Quote.of(root.toString()) + " is no longer a directory: dropped");
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

  @Override
  public Lease lease(String project) throws ProjectException {
    return find(project).lease();
  }

  @Override
  public ProjectInfo add(Path root) throws ProjectException, SymdexException, IOException {
    if (!Files.isDirectory(root)) {
      throw new ProjectException(ProjectException.Reason.INVALID_ROOT, Quote.of(root.toString()) + " is not a directory");
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
      Engine engine = Engine.open(real, dataDir.indexFor(real), config.options(), disk);
      p = newProject(real, engine);
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
