package dev.symdex.watcher;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.ApplyResult;
import dev.symdex.engine.index.ChangeSet;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.ProgressListener;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The single writer: one named virtual thread that takes change signals from a queue, lets a
 * burst settle, and applies it to the engine as one change set. The apply itself runs on the
 * daemon's shared writer pool ({@link LoopPools#writers}: LMDB binds a write transaction to one OS
 * thread), one at a time per loop, and delayed work on its shared timer; so a loop costs no
 * platform thread of its own. Barriers queued behind changes complete
 * only after those changes are applied, which is what makes {@code Sync} read-your-writes.
 *
 * <p>Nothing seen is dropped. When an apply fails (the disk or LMDB's map is full, an I/O error),
 * or leaves paths it could not read for a passing reason (too many open files, ...), those
 * changes are <em>carried</em>: they stay counted in {@link #pendingChanges}, the loop reports
 * the {@link #trouble}, and they go into the next apply — one a timer queues after a growing
 * delay (1 s doubling to 60 s), or any sooner (a Sync's barrier tries again at once). The barriers
 * of a failed apply fail with its error.
 *
 * <p>Signals may be offered from any thread. Thread-safe.
 */
final class IndexLoop implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(IndexLoop.class.getName());
  /** A burst is applied at the latest this long after its first event, even if events keep coming. */
  private static final long MAX_BATCH_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final int RECENT_ISSUES = 20;

  private sealed interface Signal permits PathChanged, GitMoved, Rescan, Barrier, Retry {}

  private record PathChanged(String path, long seenNanos) implements Signal {}

  /** Git's HEAD or index may have moved. */
  private record GitMoved(long seenNanos) implements Signal {}

  /** @param quiet not logged (a poll of a tree without watches, every few seconds) */
  private record Rescan(String why, boolean quiet) implements Signal {}

  /** Completes with the result of the apply that follows every signal queued before it. */
  private record Barrier(CompletableFuture<ApplyResult> done) implements Signal {}

  /** Apply what is carried (queued by the retry timer). */
  private record Retry() implements Signal {}


  private final Engine engine;
  private final ExecutorService parsers;
  private final ExecutorService writers;
  private final ScheduledExecutorService timer;
  private final long settleNanos;
  private final LinkedBlockingQueue<Signal> queue = new LinkedBlockingQueue<>();
  /** Path signals queued and not yet through an apply. */
  private final AtomicLong pending = new AtomicLong();
  /** Changes carried past a failed or partial apply (the indexer thread writes them). */
  private final Set<String> carriedPaths = new HashSet<>();
  /** A "git may have moved" carried past a failed apply. */
  private boolean carriedGitMoved;
  private boolean carriedRescan;
  /** When the oldest carried change was seen (for the lag shown in Status). */
  private long carriedOldestNanos = Long.MAX_VALUE;
  private volatile int carriedCount;
  private volatile Trouble trouble;
  private final Deque<String> recentIssues = new ArrayDeque<>();
  private final Thread thread;
  private volatile long batchOldestNanos = Long.MAX_VALUE;
  private volatile long progressDone;
  private volatile long progressTotal;
  private volatile boolean initialDone;
  private volatile boolean running = true;

  private final Consumer<ApplyResult> onApplied;

  /**
   * @param pools the daemon's shared parse and writer pools and timer, owned by the caller
   * @param onApplied told of every committed change, on the indexer thread; must not block
   */
  IndexLoop(Engine engine, LoopPools pools, long settleMillis, Consumer<ApplyResult> onApplied) {
    this.engine = engine;
    this.onApplied = onApplied;
    this.parsers = pools.parsers();
    this.writers = pools.writers();
    this.timer = pools.timer();
    this.retries = new Backoff(timer, () -> {
      if (running) {
        queue.add(new Retry());
      }
    });
    this.settleNanos = TimeUnit.MILLISECONDS.toNanos(settleMillis);
    this.thread = Thread.ofVirtual().name("symdex-indexer-" + engine.root().getFileName()).unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  /**
   * A path changed (file or directory, created, modified or deleted).
   *
   * @param relPath relative to the root, '/'-separated, not empty
   */
  void pathChanged(String relPath) {
    if (relPath.isEmpty()) {
      throw new IllegalArgumentException("an empty path: git moving is gitMayHaveMoved()");
    }
    pending.incrementAndGet();
    queue.add(new PathChanged(relPath, System.nanoTime()));
  }

  /**
   * Git's HEAD or index may have moved (a checkout, commit, reset): the next apply re-reads HEAD
   * and the files git tracks. Counted as one pending change until applied.
   */
  void gitMayHaveMoved() {
    pending.incrementAndGet();
    queue.add(new GitMoved(System.nanoTime()));
  }

  /** Reconcile the whole tree with the index (startup, overflow, watcher failure). */
  void rescan(String why) {
    queue.add(new Rescan(why, false));
  }

  /** A rescan that is not logged: the poll of a tree none of whose directories is watched. */
  void pollRescan(String why) {
    queue.add(new Rescan(why, true));
  }

  private static final long BACKOFF_START_MILLIS = Backoff.START_MILLIS;
  private static final long BACKOFF_MAX_MILLIS = Backoff.MAX_MILLIS;
  private long backoffMillis = BACKOFF_START_MILLIS;
  private long lastTroubleNanos;
  private boolean troubleRescanScheduled;

  /**
   * A rescan asked for by trouble (an overflow, a watcher error, a failed apply). A burst of
   * trouble costs one rescan now and then one per growing interval (1 s doubling to 60 s), never a
   * rescan per event; after a quiet minute the interval starts again at 1 s. Rescans only compare
   * stats: unchanged files are neither read nor parsed.
   */
  synchronized void rescanAfterTrouble(String why) {
    long now = System.nanoTime();
    if (now - lastTroubleNanos > TimeUnit.MILLISECONDS.toNanos(BACKOFF_MAX_MILLIS)) {
      backoffMillis = BACKOFF_START_MILLIS;
      lastTroubleNanos = now;
      rescan(why);
      return;
    }
    if (troubleRescanScheduled) {
      return; // one is coming: it will see this trouble's changes too
    }
    troubleRescanScheduled = true;
    long delay = backoffMillis;
    backoffMillis = Math.min(BACKOFF_MAX_MILLIS, backoffMillis * 2);
    noteIssue("rescan in " + delay + " ms (" + why + ")");
    timer.schedule(() -> {
      synchronized (IndexLoop.this) {
        troubleRescanScheduled = false;
        lastTroubleNanos = System.nanoTime();
      }
      if (running) {
        rescan(why);
      }
    }, delay, TimeUnit.MILLISECONDS);
  }

  /** A future completed once everything queued before this call has been applied. */
  CompletableFuture<ApplyResult> barrier() {
    CompletableFuture<ApplyResult> f = new CompletableFuture<>();
    queue.add(new Barrier(f));
    return f;
  }

  /** A future completed after a full reconcile queued now. */
  CompletableFuture<ApplyResult> rescanBarrier(String why) {
    CompletableFuture<ApplyResult> f = new CompletableFuture<>();
    synchronized (queue) {
      queue.add(new Rescan(why, false));
      queue.add(new Barrier(f));
    }
    return f;
  }

  /** Changes seen and not in the index yet: queued ones, and those carried past a failed apply. */
  long pendingChanges() {
    return pending.get() + carriedCount;
  }

  /** True while changes are carried past a failed or partial apply. */
  boolean carrying() {
    return carriedCount > 0;
  }

  /** Why changes are carried (null when nothing is): the daemon is degraded while it lasts. */
  Trouble trouble() {
    return trouble;
  }

  /** Age of the oldest change seen and not yet applied, in ms. */
  long lagMillis() {
    long oldest = batchOldestNanos;
    Signal head = queue.peek();
    if (head instanceof PathChanged p) {
      oldest = Math.min(oldest, p.seenNanos());
    } else if (head instanceof GitMoved g) {
      oldest = Math.min(oldest, g.seenNanos());
    }
    return oldest == Long.MAX_VALUE ? 0 : Math.max(0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - oldest));
  }

  boolean initialDone() {
    return initialDone;
  }

  long progressDone() {
    return progressDone;
  }

  long progressTotal() {
    return progressTotal;
  }

  List<String> recentIssues() {
    synchronized (recentIssues) {
      return List.copyOf(recentIssues);
    }
  }

  /** Queues a {@link Retry} of what is carried, after a growing delay. */
  private final Backoff retries;

  private void retryHeadLater() {
    timer.schedule(() -> {
      if (running) {
        gitMayHaveMoved();
      }
    }, 50, TimeUnit.MILLISECONDS);
  }

  void noteIssue(String issue) {
    synchronized (recentIssues) {
      recentIssues.addLast(Instant.now() + " " + issue);
      while (recentIssues.size() > RECENT_ISSUES) {
        recentIssues.removeFirst();
      }
    }
  }

  private void run() {
    List<Signal> batch = new ArrayList<>();
    while (running) {
      try {
        batch.clear();
        batch.add(queue.take());
        collectBurst(batch);
        applyBatch(batch);
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "indexer failed on a batch; will rescan", e);
        noteIssue("indexer error: " + e);
        fail(batch, e);
        rescanAfterTrouble("after an indexer error");
      }
    }
    List<Signal> rest = new ArrayList<>();
    queue.drainTo(rest);
    fail(rest, new IllegalStateException("daemon is stopping"));
  }

  /**
   * Lets a burst settle: keeps taking signals until none comes for the settle window (or the
   * burst is too old). A waiting barrier (a client's Sync) ends the wait at once: the client has
   * said it is done writing.
   */
  private void collectBurst(List<Signal> batch) throws InterruptedException {
    long start = System.nanoTime();
    while (System.nanoTime() - start < MAX_BATCH_DELAY_NANOS && !hasBarrier(batch)) {
      Signal next = queue.poll(settleNanos, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
      queue.drainTo(batch);
    }
  }

  private static boolean hasBarrier(List<Signal> batch) {
    for (Signal s : batch) {
      if (s instanceof Barrier) {
        return true;
      }
    }
    return false;
  }

  /**
   * While git holds {@code .git/index.lock} (a checkout, rebase or merge in progress) HEAD is in
   * flux: leave the HEAD check for later, and look again once the lock is gone.
   */
  private boolean gitBusy() {
    return Files.exists(engine.root().resolve(".git/index.lock"));
  }

  private void applyBatch(List<Signal> batch) throws InterruptedException {
    boolean rescan = carriedRescan;
    boolean gitMoved = carriedGitMoved;
    Set<String> paths = new HashSet<>(carriedPaths);
    int pathSignals = 0;
    boolean quiet = true;
    long oldest = carriedOldestNanos;
    for (Signal s : batch) {
      switch (s) {
        case PathChanged p -> {
          paths.add(p.path());
          pathSignals++;
          oldest = Math.min(oldest, p.seenNanos());
        }
        case GitMoved g -> {
          gitMoved = true;
          pathSignals++;
          oldest = Math.min(oldest, g.seenNanos());
        }
        case Rescan r -> {
          rescan = true;
          quiet &= r.quiet();
          if (!r.quiet()) {
            LOG.info("rescan: " + r.why());
          }
        }
        case Barrier b -> { }
        case Retry r -> { }
      }
    }
    batchOldestNanos = oldest;
    if (gitMoved && gitBusy()) {
      gitMoved = false;
      retryHeadLater();
    }
    ChangeSet changes = rescan ? ChangeSet.everything() : ChangeSet.of(paths).withGitMoved(gitMoved);
    ApplyResult result;
    try {
      long[] lastLog = {System.nanoTime()};
      result = applyOnWriter(changes, (done, total) -> {
        progressDone = done;
        progressTotal = total;
        if (System.nanoTime() - lastLog[0] > TimeUnit.SECONDS.toNanos(2) && done < total) {
          lastLog[0] = System.nanoTime();
          LOG.info("indexing: " + done + " of " + total + " files checked");
        }
      });
    } catch (SymdexException e) {
      if (!(e instanceof SymdexException.Exhausted)) { // running out is said once, by troubled(), without a trace
        LOG.log(Level.WARNING, "applying changes failed; they stay pending and are retried", e);
      }
      failed(batch, paths, gitMoved, rescan, pathSignals, oldest, e, e);
      return;
    } catch (RuntimeException e) { // the writer thread must outlive any failure of an apply; nothing is dropped
      LOG.log(Level.SEVERE, "applying changes failed unexpectedly; they stay pending and are retried", e);
      failed(batch, paths, gitMoved, rescan, pathSignals, oldest, e, new SymdexException.StorageFailure("indexing failed: " + e, e));
      return;
    } finally {
      progressTotal = 0;
      progressDone = 0;
    }
    carry(Set.of(), false, false);
    for (ApplyResult.Deferred d : result.deferred()) {
      if (d.path().isEmpty()) {
        carriedRescan = true; // the root itself could not be listed: a full reconcile applies it again
      } else {
        carriedPaths.add(d.path());
      }
    }
    carriedCount = carriedPaths.size() + (carriedRescan ? 1 : 0);
    carriedOldestNanos = carriedCount == 0 ? Long.MAX_VALUE : oldest == Long.MAX_VALUE ? System.nanoTime() : oldest;
    pending.addAndGet(-pathSignals);
    batchOldestNanos = carriedOldestNanos;
    if (result.deferred().isEmpty()) {
      recovered();
    } else {
      ApplyResult.Deferred first = result.deferred().get(0);
      String reason = result.deferred().size() + " path(s) could not be read (" + first.path() + ": " + first.reason() + "); retrying";
      troubled(reason, first.exhausted());
    }
    if (rescan) {
      initialDone = true;
    }
    if (rescan && !quiet) {
      LOG.info("rescan done: " + result.filesChecked() + " files checked, " + result.filesParsed() + " parsed, generation "
          + result.generation());
    }
    onApplied.accept(result);
    if (result.changedAnything() || rescan) {
      LOG.fine(() -> "generation " + result.generation() + ": " + result.filesChanged() + " changed, "
          + result.filesRemoved() + " removed, " + result.filesParsed() + " parsed");
    }
    for (Signal s : batch) {
      if (s instanceof Barrier b) {
        b.done().complete(result);
      }
    }
  }

  /** An apply failed: its changes are carried to the next one, its barriers fail with {@code error}. */
  private void failed(List<Signal> batch, Set<String> paths, boolean gitMoved, boolean rescan, int pathSignals, long oldest,
      Exception cause, SymdexException error) {
    carry(paths, gitMoved, rescan);
    carriedOldestNanos = oldest == Long.MAX_VALUE ? System.nanoTime() : oldest;
    pending.addAndGet(-pathSignals); // counted in carriedCount from now on
    batchOldestNanos = carriedOldestNanos; // the lag keeps growing while the changes are carried
    boolean exhausted = error instanceof SymdexException.Exhausted;
    troubled(exhausted ? error.getMessage() : "indexing failed: " + cause.getMessage(), exhausted);
    fail(batch, error);
  }

  private void carry(Set<String> paths, boolean gitMoved, boolean rescan) {
    carriedPaths.clear();
    carriedPaths.addAll(paths);
    carriedGitMoved = gitMoved;
    carriedRescan = rescan;
    carriedCount = carriedPaths.size() + (gitMoved ? 1 : 0) + (rescan ? 1 : 0);
  }

  private void troubled(String reason, boolean exhausted) {
    if (trouble == null || !trouble.reason().equals(reason)) {
      LOG.warning(reason);
      noteIssue(reason);
    }
    trouble = new Trouble(reason, exhausted);
    retries.schedule();
  }

  private void recovered() {
    if (trouble != null) {
      LOG.info("recovered from: " + trouble.reason());
      noteIssue("recovered: every pending change is applied");
      trouble = null;
    }
    retries.reset();
  }

  private static void fail(List<Signal> batch, Throwable t) {
    for (Signal s : batch) {
      if (s instanceof Barrier b) {
        b.done().completeExceptionally(t);
      }
    }
  }

  /**
   * Runs one apply on the writer pool and waits for it. Interrupted (the loop closes), it
   * interrupts the apply (which abandons its transaction) and waits for it to end before it
   * rethrows: an engine is never closed under a running apply.
   */
  private ApplyResult applyOnWriter(ChangeSet changes, ProgressListener progress) throws SymdexException, InterruptedException {
    WriterTask task = new WriterTask(changes, progress);
    try {
      writers.execute(task);
    } catch (RejectedExecutionException e) {
      throw new SymdexException.IndexNotReady("daemon is stopping");
    }
    try {
      return task.result.get();
    } catch (InterruptedException e) {
      task.cancelAndAwait();
      throw e;
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case SymdexException se -> throw se;
        case InterruptedException ie -> throw ie;
        case RuntimeException re -> throw re;
        case Error err -> throw err;
        default -> throw new IllegalStateException(e.getCause());
      }
    }
  }

  /** One apply on a writer thread; cancelled before it starts, it never applies. */
  private final class WriterTask implements Runnable {
    private final ChangeSet changes;
    private final ProgressListener progress;
    final CompletableFuture<ApplyResult> result = new CompletableFuture<>();
    private Thread runner;
    private boolean cancelled;
    private boolean ended;

    WriterTask(ChangeSet changes, ProgressListener progress) {
      this.changes = changes;
      this.progress = progress;
    }

    @Override
    public void run() {
      synchronized (this) {
        if (cancelled) {
          result.completeExceptionally(new InterruptedException("apply cancelled"));
          return;
        }
        runner = Thread.currentThread();
      }
      try {
        result.complete(engine.apply(changes, parsers, progress));
      } catch (Throwable t) {
        result.completeExceptionally(t);
      } finally {
        synchronized (this) {
          runner = null;
          ended = true;
          notifyAll();
        }
        Thread.interrupted(); // a cancel's interrupt is for this apply only, never for the pool's next task
      }
    }

    /** Interrupts the apply if it runs (it abandons its transaction) and waits up to 10 s for it to end. */
    synchronized void cancelAndAwait() {
      cancelled = true;
      if (runner == null) {
        return;
      }
      runner.interrupt();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      boolean interrupted = false;
      while (!ended && System.nanoTime() < end) {
        try {
          wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
