package dev.symdex.watcher;

import dev.symdex.engine.scan.IgnoreRules;
import dev.symdex.engine.scan.SourceTree;
import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeListener;
import io.methvin.watcher.DirectoryWatcher;
import io.methvin.watcher.visitor.FileTreeVisitor;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches a tree with directory-watcher (inotify on Linux) and turns events into index loop
 * signals. Ignored directories are never registered; {@code .git} is registered only for itself
 * and {@code refs/}, so commits and checkouts are noticed without watching objects. The listener
 * only hands events on. Any watcher exception or overflow means "rescan" (directory-watcher
 * reports overflow as an exception, not as an event).
 */
final class TreeWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TreeWatcher.class.getName());

  private final SourceTree tree;
  private final IndexLoop loop;
  private final Consumer<String> cookieSeen;
  private final DirectoryWatcher watcher;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(Threads.named("watcher"));
  private volatile CompletableFuture<Void> running;
  /**
   * Fault injection for tests only: the listener stalls on its first event until this latch
   * opens, as a slow listener would, so the kernel's event queue really overflows. Null in
   * production.
   */
  static volatile CountDownLatch stallFirstEventForTests;
  private final AtomicBoolean stalled = new AtomicBoolean();
  /** Fault injection for tests only: registering a matching directory fails as at the inotify limit. */
  static volatile Predicate<String> failRegistrationForTests;
  /** Directories that could not be watched (the inotify watch limit): polled instead. */
  private final Set<String> unwatched = ConcurrentHashMap.newKeySet();

  TreeWatcher(SourceTree tree, IndexLoop loop, Consumer<String> cookieSeen) throws IOException {
    this.tree = tree;
    this.loop = loop;
    this.cookieSeen = cookieSeen;
    this.watcher = DirectoryWatcher.builder()
        .path(tree.root())
        .fileHashing(false)
        .fileTreeVisitor(new SkipIgnored())
        .listener(new Listener())
        .build();
  }

  /** Registers every watched directory, then returns; events flow from then on. */
  void start() {
    running = watcher.watchAsync(thread);
    running.whenComplete((v, e) -> {
      if (e != null && !watcher.isClosed()) {
        LOG.log(Level.SEVERE, "watcher stopped", e);
        loop.noteIssue("watcher stopped: " + e);
      }
    });
  }

  /** Directories not registered because they were ignored at the time. */
  private final Set<String> skippedIgnored = ConcurrentHashMap.newKeySet();

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

  /** Directories left unwatched (the OS ran out of watches, or unignored after they were skipped); the daemon polls them. */
  Set<String> unwatched() {
    return Set.copyOf(unwatched);
  }

  boolean isWatching() {
    CompletableFuture<Void> r = running;
    return r != null && !r.isDone();
  }

  @Override
  public void close() throws IOException {
    watcher.close();
    thread.shutdownNow();
  }

  private final class Listener implements DirectoryChangeListener {
    @Override
    public void onEvent(DirectoryChangeEvent e) {
      CountDownLatch stall = stallFirstEventForTests;
      if (stall != null && stalled.compareAndSet(false, true)) {
        try {
          stall.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      Path p = e.path();
      if (e.eventType() == DirectoryChangeEvent.EventType.OVERFLOW || p == null) {
        loop.noteIssue("watch event overflow: rescanning");
        loop.rescanAfterTrouble("event overflow");
        return;
      }
      if (!p.startsWith(tree.root())) {
        return;
      }
      String rel = tree.relative(p);
      if (rel.isEmpty()) {
        return;
      }
      if (rel.equals(".git") || rel.startsWith(".git/")) {
        if (isHeadRelevant(rel)) {
          loop.gitMayHaveMoved();
        }
        return;
      }
      String name = rel.substring(rel.lastIndexOf('/') + 1);
      if (name.startsWith(IgnoreRules.COOKIE_PREFIX) && !rel.contains("/")) {
        if (e.eventType() != DirectoryChangeEvent.EventType.DELETE) {
          cookieSeen.accept(name);
        }
        return;
      }
      Path parent = p.getParent();
      if (parent != null && !parent.equals(tree.root()) && !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
        // The JDK's watch service names events by the path a directory had when it was watched:
        // after the directory moved, its events arrive under a path that no longer exists. Which
        // files they were is unknown here: reconcile (stat only), and watch the tree afresh.
        loop.noteIssue("events under a moved directory (" + tree.relative(parent) + "): rescanning");
        loop.rescanAfterTrouble("a watched directory moved");
        return;
      }
      if (IgnoreRules.isRuleFile(rel) || !tree.rules().isIgnored(rel, e.isDirectory())) {
        loop.pathChanged(rel);
      }
    }

    @Override
    public void onException(Exception e) {
      LOG.log(Level.WARNING, "watcher error; rescanning", e);
      loop.noteIssue("watcher error (" + e + "): rescanning");
      loop.rescanAfterTrouble("watcher error");
    }
  }

  private static boolean isWatchLimit(IOException e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return m.contains("inotify") || m.contains("no space left") || m.contains("too many open files");
  }

  private static boolean isHeadRelevant(String rel) {
    return rel.equals(".git/HEAD") || rel.equals(".git/packed-refs") || rel.startsWith(".git/refs/") || rel.equals(".git/index")
        || rel.equals(".git/index.lock");
  }

  /** Registers non-ignored directories only, plus .git and .git/refs. */
  private final class SkipIgnored implements FileTreeVisitor {
    @Override
    public void recursiveVisitFiles(Path start, Callback onDirectory, Callback onFile) throws IOException {
      Files.walkFileTree(start, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
          if (dir.equals(tree.root())) {
            onDirectory.call(dir);
            return FileVisitResult.CONTINUE;
          }
          String rel = tree.relative(dir);
          if (rel.equals(".git")) {
            onDirectory.call(dir);
            Path refs = dir.resolve("refs");
            if (Files.isDirectory(refs)) {
              Files.walkFileTree(refs, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                  onDirectory.call(d);
                  return FileVisitResult.CONTINUE;
                }
              });
            }
            return FileVisitResult.SKIP_SUBTREE;
          }
          if (tree.rules().isIgnored(rel, true)) {
            skippedIgnored.add(rel);
            return FileVisitResult.SKIP_SUBTREE;
          }
          try {
            Predicate<String> fail = failRegistrationForTests;
            if (fail != null && fail.test(rel)) {
              throw new IOException("User limit of inotify watches reached");
            }
            onDirectory.call(dir);
          } catch (IOException e) {
            if (!isWatchLimit(e)) {
              throw e;
            }
            // Out of watches: this directory (and what is below it) is polled instead.
            if (unwatched.add(rel)) {
              LOG.warning("cannot watch " + rel + " (" + e.getMessage() + "): polling it instead;"
                  + " raise fs.inotify.max_user_watches to watch it");
              loop.noteIssue("watch limit reached: polling " + rel);
            }
            return FileVisitResult.SKIP_SUBTREE;
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          if (!tree.rules().isIgnored(tree.relative(file), false)) {
            onFile.call(file);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    }
  }
}
