package dev.symdex.watcher;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.ApplyResult;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.index.OpenState;
import dev.symdex.engine.scan.IgnoreRules;
import dev.symdex.grpc.ChangeFeed;
import dev.symdex.grpc.HeldMemory;
import dev.symdex.grpc.IndexBackend;
import dev.symdex.grpc.ProjectException;
import dev.symdex.grpc.ProjectInfo;
import dev.symdex.grpc.ProjectMemory;
import dev.symdex.grpc.Projects;
import dev.symdex.grpc.RuntimeStatus;
import dev.symdex.grpc.SyncResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One indexed tree in a daemon: its engine (own index dir), its index loop (the single writer)
 * and its watcher. The daemon serves several; each answers the requests that name it.
 *
 * <p>Thread-safe. Calls hold a {@link #lease}; {@link #close} refuses new leases, waits for the
 * open ones (up to {@link #DRAIN}), then stops the watcher, the loop and the engine, in that order.
 */
final class Project implements IndexBackend, MemoryGovernor.Member, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Project.class.getName());
  /** How long Sync waits for its cookie before it distrusts the watcher and rescans. */
  private static final Duration COOKIE_PATIENCE = Duration.ofSeconds(2);
  /** How long close waits for calls still using the index. */
  private static final Duration DRAIN = Duration.ofSeconds(30);

  private final String id;
  private final Engine engine;
  private final Path dataDir;
  private final long startNanos;
  private final IndexLoop loop;
  private final ChangeFeed feed = new ChangeFeed();
  /** Sync cookies written and not seen yet, by name; completed when the watcher sees them. */
  private final Map<String, CompletableFuture<Void>> cookies = new ConcurrentHashMap<>();
  private final AtomicInteger cookieCounter = new AtomicInteger();
  private final WatchHub hub;
  private volatile TreeWatcher watcher;
  /** The engine's ignore epoch the watcher was last re-checked at (the index loop thread only). */
  private long seenIgnoreEpoch;
  private final Object uses = new Object();
  private int inUse;
  private volatile boolean closing;
  /** The stored index held the whole tree when the project opened (a warm start). */
  private final boolean reconciledAtOpen;
  private final MemoryGovernor.Heat heat = new MemoryGovernor.Heat();
  /** This project under the daemon's memory cap, as Status shows it (set by its set). */
  private volatile Function<Project, ProjectMemory> memory = p -> ProjectMemory.UNTRACKED;

  /**
   * @param engine opened on the project's root and index dir; owned (closed) by this project from now on
   * @param pools the daemon's shared parse and writer pools and timer, owned by the caller
   * @param hub the daemon's watch service, owned by the caller
   * @param dataDir the daemon's data dir (shown in Status)
   * @param startNanos when the daemon started (uptime in Status)
   */
  Project(String id, Engine engine, LoopPools pools, WatchHub hub, long settleMillis, Path dataDir, long startNanos) {
    this.id = id;
    this.engine = engine;
    this.hub = hub;
    this.dataDir = dataDir;
    this.startNanos = startNanos;
    this.loop = new IndexLoop(engine, pools, settleMillis, r -> {
      feed.publish(r);
      long epoch = engine.ignoreEpoch();
      TreeWatcher w = watcher;
      if (epoch != seenIgnoreEpoch && w != null) {
        seenIgnoreEpoch = epoch;
        w.recheckIgnored();
      }
    });
    engine.excludeIfInside(dataDir); // our own writes must not feed the watcher
    this.reconciledAtOpen = reconciled(engine);
  }

  private static boolean reconciled(Engine engine) {
    try {
      return engine.reconciled();
    } catch (SymdexException e) {
      LOG.log(Level.WARNING, "cannot read the index state of " + engine.root() + "; treating it as indexing", e);
      return false;
    }
  }

  @Override
  public String id() {
    return id;
  }

  /** How Status and ListProjects learn this project's memory figures (its set's governor). */
  void reportMemoryBy(Function<Project, ProjectMemory> memory) {
    this.memory = memory;
  }

  @Override
  public MemoryGovernor.Heat heat() {
    return heat;
  }

  @Override
  public long heapBytes(HeldMemory server) {
    return engine.factsCacheBytes() + server.heldBytes(this);
  }

  @Override
  public Optional<Path> mappedFile() {
    return engine.mappedFile();
  }

  @Override
  public void release(HeldMemory server) {
    server.release(this);
    engine.releaseMemory();
  }

  @Override
  public void releasePages() {
    engine.releaseMappedPages();
  }

  /** Starts the index loop: from now on the stored index answers. */
  void startLoop() {
    if (engine.openState() == OpenState.REBUILT_CORRUPT) {
      LOG.warning("index " + engine.indexDir() + " was damaged and is rebuilt from the tree: " + engine.openDetail());
    } else {
      LOG.info("index " + engine.indexDir() + ": " + engine.openState() + (engine.openDetail().isEmpty() ? "" : " (" + engine.openDetail() + ")"));
    }
    loop.start();
  }

  /**
   * Submits the tree to the daemon's watch hub, which registers its directories in the
   * background (after the trees submitted before it), then reconciles it: a change made after
   * its directory is watched is seen by the watcher, one made before by the reconcile's stat
   * check. The stored index answers meanwhile; a Sync before then reconciles the tree itself.
   */
  void startWatching() {
    watcher = hub.watch(engine.tree(), loop, this::cookieSeen);
  }

  /** Holds the project open for one call; refused once {@link #close} began. */
  Projects.Lease lease() throws ProjectException {
    synchronized (uses) {
      if (closing) {
        throw new ProjectException(ProjectException.Reason.NOT_FOUND, "project " + id + " was removed");
      }
      inUse++;
    }
    AtomicBoolean released = new AtomicBoolean();
    return new Projects.Lease() {
      @Override
      public IndexBackend backend() {
        return Project.this;
      }

      @Override
      public void close() {
        if (released.compareAndSet(false, true)) {
          synchronized (uses) {
            inUse--;
            uses.notifyAll();
          }
        }
      }
    };
  }

  /** Stat-scans the directories the watcher could not watch: a change there costs one poll interval. */
  void pollUnwatched() {
    checkStorage();
    TreeWatcher w = watcher;
    if (w != null) {
      w.poll();
    }
  }

  private final AtomicBoolean storageDamageLogged = new AtomicBoolean();

  /** Notices (and says once) that the index file was damaged underneath: queries then answer DATA_LOSS, never fault. */
  private void checkStorage() {
    try {
      engine.checkStorage();
    } catch (SymdexException.CorruptIndex e) {
      if (storageDamageLogged.compareAndSet(false, true)) {
        LOG.severe("index " + engine.indexDir() + ": " + e.getMessage());
        loop.noteIssue(e.getMessage());
      }
    }
  }

  /** The engine of this index (its owner's handle: tests and tools; queries go through {@link #searcher}). */
  public Engine engine() {
    return engine;
  }

  /** Blocks until the first full reconcile has been applied (or the timeout passes). */
  boolean awaitInitialIndex(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      TreeWatcher w = watcher;
      if (w != null) {
        w.registered().get(timeout.toNanos(), TimeUnit.NANOSECONDS); // the startup rescan is queued then
      }
      loop.barrier().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return loop.initialDone();
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  @Override
  public Searcher searcher() throws SymdexException {
    if (closing) {
      throw new SymdexException.IndexNotReady("project " + id + " is closing");
    }
    return Searcher.open(engine);
  }

  /**
   * Read-your-writes: writes a cookie file into the root and waits until the watcher reports it
   * (so every event before it has been queued), then for a barrier behind those events. Without a
   * watcher, or when the cookie is not seen within {@link #COOKIE_PATIENCE}, a full reconcile
   * stands in for the events. A first index still running is waited for like any change.
   */
  @Override
  public SyncResult sync(Duration timeout) throws SymdexException, InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    pollUnwatched(); // no event comes from an unwatched directory: scan those before the barrier
    if (engine.gitMovedSinceSeen()) {
      loop.gitMayHaveMoved(); // a checkout or commit the watcher's .git events may not have delivered yet
    }
    CompletableFuture<ApplyResult> applied = null;
    if (watcher != null && watcher.isWatching()) {
      applied = cookieBarrier(deadline, timeout);
    }
    if (applied == null) {
      // No watcher, or it did not deliver: reconcile the whole tree, which sees every change.
      applied = loop.rescanBarrier("sync fallback");
    }
    ApplyResult r;
    try {
      r = applied.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw timedOut(timeout);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SymdexException se) {
        throw se;
      }
      throw new SymdexException.IndexNotReady("indexing failed: " + e.getCause().getMessage());
    }
    Trouble trouble = loop.trouble();
    if (trouble != null && loop.carrying()) {
      throw trouble.error(); // some change made before this call is not in: say why rather than return with it pending
    }
    return new SyncResult(r.generation(), r.head(), loop.pendingChanges(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  /** A barrier behind every event the watcher delivered before a cookie written now; null when the cookie cannot serve. */
  private CompletableFuture<ApplyResult> cookieBarrier(long deadline, Duration timeout) throws SymdexException.TimedOut,
      InterruptedException {
    String name = IgnoreRules.COOKIE_PREFIX + ProcessHandle.current().pid() + "-" + cookieCounter.incrementAndGet();
    CompletableFuture<Void> seen = new CompletableFuture<>();
    cookies.put(name, seen);
    Path cookie = engine.root().resolve(name);
    try {
      Files.write(cookie, new byte[0]);
      long patience = Math.min(COOKIE_PATIENCE.toNanos(), deadline - System.nanoTime());
      seen.get(Math.max(0, patience), TimeUnit.NANOSECONDS);
      return loop.barrier();
    } catch (IOException e) {
      LOG.fine(() -> "cannot write a sync cookie (" + e + "); rescanning instead");
      return null;
    } catch (TimeoutException e) {
      if (System.nanoTime() - deadline >= 0) {
        throw timedOut(timeout);
      }
      loop.noteIssue("sync cookie not seen within " + COOKIE_PATIENCE.toMillis() + " ms: rescanning");
      return null;
    } catch (ExecutionException e) {
      return null; // never completed exceptionally
    } finally {
      cookies.remove(name);
      try {
        Files.deleteIfExists(cookie);
      } catch (IOException e) {
        // the rules ignore cookie files; a leftover one is harmless
      }
    }
  }

  private SymdexException.TimedOut timedOut(Duration timeout) {
    return new SymdexException.TimedOut("sync did not complete within " + timeout.toMillis() + " ms"
        + (indexing() ? ": " + indexingState() : ""));
  }

  private void cookieSeen(String name) {
    CompletableFuture<Void> f = cookies.get(name);
    if (f != null) {
      f.complete(null);
    }
  }

  /** True while the project has no complete index: its first index runs (or was interrupted and runs again). */
  boolean indexing() {
    return !reconciledAtOpen && !loop.initialDone();
  }

  private String indexingState() {
    long total = loop.progressTotal();
    return "project " + id + " is indexing: " + (total > 0 ? loop.progressDone() + " of " + total + " files" : "scanning the tree");
  }

  @Override
  public void requireIndexed() throws SymdexException.Indexing {
    if (indexing()) {
      throw new SymdexException.Indexing(indexingState() + " (its first index is not complete; ask with sync to wait for it)");
    }
  }

  @Override
  public ChangeFeed changes() {
    return feed;
  }

  @Override
  public long pendingChanges() {
    return loop.pendingChanges();
  }

  @Override
  public RuntimeStatus runtimeStatus() {
    Trouble trouble = loop.trouble();
    return new RuntimeStatus(
        engine.root().toString(),
        dataDir.toString(),
        state(),
        trouble == null ? "" : trouble.reason(),
        engine.filesParsed(),
        loop.pendingChanges(),
        loop.lagMillis(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
        engine.sizeOnDisk(),
        loop.progressDone(),
        loop.progressTotal(),
        watcher == null ? 0 : watcher.unwatched().size(),
        loop.recentIssues(),
        PrivateFiles.exposed(dataDir),
        new RuntimeStatus.Watches(watcher == null ? 0 : watcher.watchedDirectories(), hub.budget(), hub.inUse()),
        memory.apply(this));
  }

  private String state() {
    return indexing() ? "indexing" : loop.trouble() != null ? "degraded" : "serving";
  }

  /** What ListProjects shows of this project. */
  ProjectInfo info(boolean isDefault) throws SymdexException {
    try (IndexSnapshot s = engine.snapshot()) {
      return new ProjectInfo(id, engine.root().toString(), isDefault, s.counts().files(), s.head(), s.generation(), state(),
          loop.pendingChanges(), memory.apply(this));
    }
  }

  /** Notes a problem in this project's recent issues (shown by Status). */
  void noteIssue(String issue) {
    loop.noteIssue(issue);
  }

  /**
   * Refuses new calls, waits up to {@link #DRAIN} for open leases, then stops the watcher, the
   * index loop (an unfinished transaction is abandoned, never half-committed) and the engine. If
   * calls still hold the index after the wait, the engine is left open (a leak, not a crash).
   */
  @Override
  public void close() {
    stopIndexing();
    closeEngine();
  }

  private volatile boolean drained;

  /** The first half of {@link #close}: drain calls, stop the watcher and the index loop. */
  void stopIndexing() {
    synchronized (uses) {
      closing = true;
      long end = System.nanoTime() + DRAIN.toNanos();
      try {
        while (inUse > 0 && System.nanoTime() < end) {
          uses.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      drained = inUse == 0;
    }
    feed.close(); // subscribers hear that the project went away
    if (!drained) {
      LOG.warning("project " + id + ": " + inUse + " calls still hold the index after " + DRAIN.toSeconds() + " s");
    }
    if (watcher != null) {
      watcher.close();
    }
    loop.close();
  }

  /** The second half of {@link #close}, once no parse task of this project runs any more. */
  void closeEngine() {
    if (drained) {
      engine.close();
    } else {
      LOG.warning("project " + id + ": leaving its index open (calls still use it)");
    }
  }
}
