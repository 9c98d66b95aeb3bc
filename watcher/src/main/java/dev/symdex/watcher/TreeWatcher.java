package dev.symdex.watcher;

import dev.symdex.engine.scan.IgnoreRules;
import dev.symdex.engine.scan.SourceTree;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches one project's tree through the daemon's {@link WatchHub} and turns its events into
 * index loop signals. Ignored directories are never registered; {@code .git} is registered only
 * for itself and {@code refs/}, so commits and checkouts are noticed without watching objects. A
 * directory that appears is registered at once, and signalled as a whole (what was created in it
 * before its watch is found by the reconcile of that path). An overflow, an error, or events under
 * a directory that moved mean "rescan". A directory that cannot be watched (the daemon's watch
 * budget is spent, or the OS's limit) is polled instead: see {@link #poll}.
 *
 * <p>Events arrive on the hub's dispatcher thread; registration of the tree runs on the hub's
 * registering thread. Thread-safe.
 */
final class TreeWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TreeWatcher.class.getName());

  private final WatchHub hub;
  private final SourceTree tree;
  private final IndexLoop loop;
  private final Consumer<String> cookieSeen;
  /** The keys of this tree's watched directories. */
  private final Set<WatchKey> keys = ConcurrentHashMap.newKeySet();
  private volatile WatchKey rootKey;
  private final CompletableFuture<Void> registered = new CompletableFuture<>();
  private volatile boolean closed;
  /**
   * Fault injection for tests only: the listener stalls on its first event until this latch
   * opens, as a slow listener would, so the kernel's event queue really overflows. Null in
   * production.
   */
  static volatile CountDownLatch stallFirstEventForTests;
  private final AtomicBoolean stalled = new AtomicBoolean();
  /** Fault injection for tests only: registering a matching directory fails as at the inotify limit. */
  static volatile Predicate<String> failRegistrationForTests;
  /**
   * Directories that could not be watched (the watch budget or the OS's limit), each with what is
   * below it: polled instead. {@code ""} is the root: the whole tree is polled.
   */
  private final Set<String> unwatched = ConcurrentHashMap.newKeySet();
  /** The unwatched directories that were refused a watch by the daemon's budget: they get one when watches are freed. */
  private final Set<String> overBudget = ConcurrentHashMap.newKeySet();
  /** Directories not registered because they were ignored at the time. */
  private final Set<String> skippedIgnored = ConcurrentHashMap.newKeySet();

  /** Made by {@link WatchHub#watch}, which registers it. */
  TreeWatcher(WatchHub hub, SourceTree tree, IndexLoop loop, Consumer<String> cookieSeen) {
    this.hub = hub;
    this.tree = tree;
    this.loop = loop;
    this.cookieSeen = cookieSeen;
  }

  /**
   * Registers every directory to watch (on the hub's registering thread), then asks the loop for
   * the startup rescan: a change made after its directory is watched is seen by the watcher, one
   * made before by the rescan's stat check.
   */
  void registerTree() {
    try {
      if (!closed) {
        registerAll(tree.root());
      }
    } catch (IOException | RuntimeException e) {
      registrationFailed(e);
      return;
    }
    if (!closed) {
      loop.rescan("startup"); // before registered completes: a barrier asked for after that is behind it
    }
    registered.complete(null);
  }

  /** The tree could not be registered: it is polled as a whole (a rescan now, and one per poll). */
  void registrationFailed(Exception e) {
    if (!closed) {
      LOG.log(Level.WARNING, "cannot watch " + tree.root() + "; polling it instead", e);
      loop.noteIssue("cannot watch the tree (" + e.getMessage() + "): polling it");
      unwatched.add("");
      loop.rescan("startup");
    }
    registered.complete(null);
  }

  /** Completes once the tree's directories are registered (or registration failed, or the watcher closed). */
  CompletableFuture<Void> registered() {
    return registered;
  }

  /**
   * True when events can be trusted for a Sync: the tree is registered and its root is watched.
   * False before registration, after the root went, and when the whole tree is polled.
   */
  boolean isWatching() {
    WatchKey k = rootKey;
    return registered.isDone() && !closed && k != null && k.isValid();
  }

  boolean isClosed() {
    return closed;
  }

  /** How many of this tree's directories are watched now. */
  int watchedDirectories() {
    return keys.size();
  }

  void remember(WatchKey key) {
    keys.add(key);
  }

  /** The key's directory is not watched any more (it went, or another tree has it now). */
  void forget(WatchKey key) {
    keys.remove(key);
  }

  /**
   * After what is ignored changed: a skipped directory that is no longer ignored (a rule went, or
   * git now tracks files in it) joins the unwatched ones, which the daemon polls (every 2 s and
   * before every sync barrier) — as a directory beyond the watch limit is.
   */
  void recheckIgnored() {
    for (String dir : skippedIgnored) {
      if (!Files.isDirectory(tree.root().resolve(dir))) {
        skippedIgnored.remove(dir);
      } else if (!tree.rules().isIgnored(dir, true)) {
        skippedIgnored.remove(dir);
        if (unwatched.add(dir)) {
          LOG.info("no longer ignored, polled: " + dir);
        }
      }
    }
  }

  /** Directories left unwatched (no watch left, or unignored after they were skipped); {@link #poll} scans them. */
  Set<String> unwatched() {
    return Set.copyOf(unwatched);
  }

  /**
   * Signals every unwatched directory to the loop (a stat check of what is below it); one that
   * is gone is signalled a last time and forgotten (if it comes back, its parent's watch or poll
   * finds it). The whole tree is rescanned (quietly) when its root is unwatched.
   */
  void poll() {
    for (String dir : unwatched) {
      if (dir.isEmpty()) {
        loop.pollRescan("polling a tree without watches");
      } else {
        loop.pathChanged(dir);
        if (!Files.isDirectory(tree.root().resolve(dir), LinkOption.NOFOLLOW_LINKS)) {
          unwatched.remove(dir);
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    hub.release(this, Set.copyOf(keys));
    keys.clear();
    registered.complete(null);
  }

  /** The events of one watched directory, {@code dir} as it was named when registered; on the hub's dispatcher thread. */
  void onEvents(Path dir, List<WatchEvent<?>> events) {
    if (closed) {
      return;
    }
    CountDownLatch stall = stallFirstEventForTests;
    if (stall != null && stalled.compareAndSet(false, true)) {
      try {
        stall.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    for (WatchEvent<?> e : events) {
      if (e.kind() == StandardWatchEventKinds.OVERFLOW || !(e.context() instanceof Path name)) {
        loop.noteIssue("watch event overflow: rescanning");
        loop.rescanAfterTrouble("event overflow");
        continue;
      }
      onEvent(dir, dir.resolve(name), e.kind());
    }
  }

  /**
   * Watches the directories polled for want of budget, as far as the budget now goes (on the
   * hub's registering thread, when watches were freed); each is then signalled as a whole, for
   * what changed before its watch.
   */
  void promote() {
    for (String dir : List.copyOf(overBudget)) {
      if (closed || hub.spare() <= 0) {
        return;
      }
      overBudget.remove(dir);
      unwatched.remove(dir);
      Path p = dir.isEmpty() ? tree.root() : tree.root().resolve(dir);
      if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try {
        registerAll(p); // what the budget does not cover goes back to the polled ones
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "cannot watch " + p + "; polling it", e);
        unwatched.add(dir);
      }
      if (dir.isEmpty()) {
        loop.rescan("the tree is watched now");
      } else {
        loop.pathChanged(dir);
      }
      LOG.info("watched now (watches were freed): " + (dir.isEmpty() ? tree.root().toString() : dir));
    }
  }

  /** Something went wrong handling events: rescan. */
  void onError(Exception e) {
    LOG.log(Level.WARNING, "watcher error; rescanning", e);
    loop.noteIssue("watcher error (" + e + "): rescanning");
    loop.rescanAfterTrouble("watcher error");
  }

  private void onEvent(Path dir, Path p, WatchEvent.Kind<?> kind) {
    if (!p.startsWith(tree.root())) {
      return;
    }
    String rel = tree.relative(p);
    if (rel.isEmpty()) {
      return;
    }
    boolean isDirectory = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    if (kind == StandardWatchEventKinds.ENTRY_CREATE && isDirectory) {
      try {
        registerAll(p); // events in it from now on; what is in it already, by the reconcile of the path signalled below
      } catch (IOException e) {
        onError(e);
      }
    }
    if (rel.equals(".git") || rel.startsWith(".git/")) {
      if (isHeadRelevant(rel)) {
        loop.gitMayHaveMoved();
      }
      return;
    }
    String name = rel.substring(rel.lastIndexOf('/') + 1);
    if (name.startsWith(IgnoreRules.COOKIE_PREFIX) && !rel.contains("/")) {
      if (kind != StandardWatchEventKinds.ENTRY_DELETE) {
        cookieSeen.accept(name);
      }
      return;
    }
    if (!dir.equals(tree.root()) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      // The watch service names events by the path a directory had when it was watched: after
      // the directory moved, its events arrive under a path that no longer exists. Which files
      // they were is unknown here: reconcile (stat only), and watch the tree afresh.
      loop.noteIssue("events under a moved directory (" + tree.relative(dir) + "): rescanning");
      loop.rescanAfterTrouble("a watched directory moved");
      return;
    }
    if (IgnoreRules.isRuleFile(rel) || !tree.rules().isIgnored(rel, isDirectory)) {
      loop.pathChanged(rel);
    }
  }

  private static boolean isWatchLimit(IOException e) {
    if (e instanceof WatchHub.WatchLimitException) {
      return true;
    }
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return m.contains("inotify") || m.contains("no space left") || m.contains("too many open files");
  }

  private static boolean isHeadRelevant(String rel) {
    return rel.equals(".git/HEAD") || rel.equals(".git/packed-refs") || rel.startsWith(".git/refs/") || rel.equals(".git/index")
        || rel.equals(".git/index.lock");
  }

  /**
   * Registers {@code start} and the directories below it to watch: not ignored ones, plus .git
   * itself and .git/refs. From the root, .git comes right after the root, so that a budget that
   * runs out leaves directories polled rather than commits unseen.
   */
  private void registerAll(Path start) throws IOException {
    Path git = tree.root().resolve(".git");
    boolean gitFirst = start.equals(tree.root()) && Files.isDirectory(git, LinkOption.NOFOLLOW_LINKS);
    Files.walkFileTree(start, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (closed) {
          return FileVisitResult.TERMINATE;
        }
        if (dir.equals(tree.root())) {
          WatchKey k = watch(dir, "");
          if (k == null) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          rootKey = k;
          if (gitFirst) {
            registerAll(git);
          }
          return FileVisitResult.CONTINUE;
        }
        String rel = tree.relative(dir);
        if (gitFirst && rel.equals(".git")) {
          return FileVisitResult.SKIP_SUBTREE; // registered already
        }
        if (rel.equals(".git") || rel.startsWith(".git/")) {
          boolean wanted = rel.equals(".git") || rel.equals(".git/refs") || rel.startsWith(".git/refs/");
          if (!wanted) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          watchGit(dir, rel);
          return FileVisitResult.CONTINUE; // into .git only as far as refs/
        }
        if (tree.rules().isIgnored(rel, true)) {
          skippedIgnored.add(rel);
          return FileVisitResult.SKIP_SUBTREE;
        }
        return watch(dir, rel) != null ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /**
   * Watches one directory; null when there is no watch for it (it is polled from now on, with
   * what is below it, unless it went).
   */
  private WatchKey watch(Path dir, String rel) {
    try {
      Predicate<String> fail = failRegistrationForTests;
      if (fail != null && fail.test(rel)) {
        throw new IOException("User limit of inotify watches reached");
      }
      return hub.register(this, dir);
    } catch (IOException e) {
      if (closed || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        return null; // it went meanwhile: its parent's event says so
      }
      String name = rel.isEmpty() ? tree.root().toString() : rel;
      if (!isWatchLimit(e)) {
        // Not for want of watches (no permission, ...): this directory is polled; the rest of the tree is still watched.
        if (unwatched.add(rel)) {
          LOG.warning("cannot watch " + name + " (" + e + "): polling it instead");
          loop.noteIssue("cannot watch " + name + " (" + e.getMessage() + "): polling it");
        }
        return null;
      }
      if (e instanceof WatchHub.WatchLimitException) {
        overBudget.add(rel);
      }
      if (unwatched.add(rel)) {
        LOG.warning("cannot watch " + name + " (" + e.getMessage() + "): polling it instead;"
            + (e instanceof WatchHub.WatchLimitException ? " raise --max-watches" : " raise fs.inotify.max_user_watches")
            + " to watch it");
        loop.noteIssue("watch limit reached: polling " + (rel.isEmpty() ? "the whole tree" : rel));
      }
      return null;
    }
  }

  /** .git and what is under .git/refs: watched when a watch is left; sync re-reads HEAD anyway. */
  private void watchGit(Path dir, String rel) {
    try {
      hub.register(this, dir);
    } catch (IOException e) {
      LOG.fine(() -> "not watching " + rel + ": " + e.getMessage());
    }
  }
}
