package dev.symdex.watcher;

import dev.symdex.engine.scan.SourceTree;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The daemon's one watch service, shared by all its projects: one JDK {@link WatchService} (one
 * inotify instance on Linux, whose own poller is one thread), one dispatcher thread that hands
 * each key's events to the {@link TreeWatcher} that registered its directory, and one thread that
 * registers trees, one after another in the order they were submitted ({@link #watch}). So a
 * daemon's watching costs three threads and one inotify instance whatever the number of projects.
 *
 * <p>Watches are counted against a budget ({@code --max-watches}) shared by every project: a
 * directory beyond it is not registered and its tree watcher polls it instead, as it does a
 * directory the OS refuses to watch. When watches are freed (a project is removed, directories are
 * deleted), directories polled for want of budget get them, trees in the order submitted.
 *
 * <p>Thread-safe. {@link #close} stops the threads and closes the watch service.
 */
final class WatchHub implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WatchHub.class.getName());
  /** The budget when the OS's limit cannot be read. */
  static final int FALLBACK_BUDGET = 8192;
  private static final Path MAX_USER_WATCHES = Path.of("/proc/sys/fs/inotify/max_user_watches");

  /** A registration refused: the budget is spent (or the OS refused, see {@link TreeWatcher}). */
  static final class WatchLimitException extends IOException {
    private static final long serialVersionUID = 1L;

    WatchLimitException(String message) {
      super(message);
    }
  }

  /** Which directory of which tree a key watches. */
  private record Watched(TreeWatcher owner, Path dir) {}

  private final WatchService service;
  private final int budget;
  /** Every live key; guarded by {@code this}. */
  private final Map<WatchKey, Watched> keys = new HashMap<>();
  /** Live tree watchers, in the order submitted. */
  private final List<TreeWatcher> watchers = new CopyOnWriteArrayList<>();
  private final AtomicBoolean promotionQueued = new AtomicBoolean();
  private final Thread dispatcher;
  private final ExecutorService registrar = Executors.newSingleThreadExecutor(Threads.named("watch-register"));
  private volatile boolean closed;

  /**
   * @param budget how many directories all projects together may watch; at least 1
   * @throws IOException when the OS gives no watch service (out of inotify instances)
   */
  WatchHub(int budget) throws IOException {
    if (budget < 1) {
      throw new IllegalArgumentException("the watch budget must be at least 1, not " + budget);
    }
    this.budget = budget;
    this.service = FileSystems.getDefault().newWatchService();
    this.dispatcher = Threads.named("watch").newThread(this::dispatch);
    dispatcher.start();
  }

  /**
   * The default budget: 90% of the user's inotify watch limit ({@code
   * /proc/sys/fs/inotify/max_user_watches}, leaving some to other programs), else {@link
   * #FALLBACK_BUDGET}.
   */
  static int defaultBudget() {
    // Read as a stream: /proc says its files are empty, and Files.readString then reads one byte.
    try (BufferedReader r = Files.newBufferedReader(MAX_USER_WATCHES)) {
      long max = Long.parseLong(String.valueOf(r.readLine()).strip());
      return (int) Math.max(1, Math.min(Integer.MAX_VALUE, max * 9 / 10));
    } catch (IOException | NumberFormatException | SecurityException e) {
      return FALLBACK_BUDGET;
    }
  }

  /** How many directories all projects together may watch. */
  int budget() {
    return budget;
  }

  /** How many directories are watched now, in all projects. */
  synchronized int inUse() {
    return keys.size();
  }

  /**
   * A watcher for {@code tree}: its directories are registered in the background, after the
   * trees submitted before it; {@link TreeWatcher#registered} completes then (and the loop is
   * asked for its startup rescan).
   *
   * @param cookieSeen told the name of each sync cookie seen in the root
   */
  TreeWatcher watch(SourceTree tree, IndexLoop loop, Consumer<String> cookieSeen) {
    TreeWatcher w = new TreeWatcher(this, tree, loop, cookieSeen);
    watchers.add(w);
    try {
      registrar.execute(w::registerTree);
    } catch (RejectedExecutionException e) {
      w.registrationFailed(new IOException("the daemon is stopping"));
    }
    return w;
  }

  /**
   * Watches {@code dir} for {@code owner}: its key's events go to {@code owner} from now on.
   *
   * @return the directory's key
   *
   * @throws WatchLimitException when the budget is spent
   * @throws IOException when the OS refuses (its limit, the directory is gone, ...)
   */
  synchronized WatchKey register(TreeWatcher owner, Path dir) throws IOException {
    if (closed || owner.isClosed()) {
      throw new IOException("not watching any more");
    }
    if (keys.size() >= budget) {
      throw new WatchLimitException("the daemon's watch budget is spent (--max-watches " + budget + ")");
    }
    WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
        StandardWatchEventKinds.ENTRY_MODIFY);
    // The same directory registered again (it moved, and appeared under its new name) gives the
    // same key: it now names the new path.
    Watched before = keys.put(key, new Watched(owner, dir));
    if (before != null && before.owner() != owner) {
      before.owner().forget(key);
    }
    owner.remember(key);
    return key;
  }

  /** Stops watching what {@code owned} watch, for good: {@code owner} closes. */
  void release(TreeWatcher owner, Iterable<WatchKey> owned) {
    watchers.remove(owner);
    synchronized (this) {
      for (WatchKey k : owned) {
        keys.remove(k);
        k.cancel();
      }
    }
    promoteSoon();
  }

  /** Watches left in the budget. */
  synchronized int spare() {
    return budget - keys.size();
  }

  /**
   * Watches were freed: on the registering thread (after the registrations queued before), gives
   * them to directories polled for want of budget, trees in the order submitted.
   */
  private void promoteSoon() {
    if (closed || spare() <= 0 || !promotionQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      registrar.execute(() -> {
        promotionQueued.set(false);
        for (TreeWatcher w : watchers) {
          if (spare() <= 0) {
            return;
          }
          w.promote();
        }
      });
    } catch (RejectedExecutionException e) {
      // stopping
    }
  }

  private synchronized Watched lookUp(WatchKey key) {
    return keys.get(key);
  }

  private synchronized Watched forgetKey(WatchKey key) {
    return keys.remove(key);
  }

  private void dispatch() {
    while (true) {
      WatchKey key;
      try {
        key = service.take();
      } catch (ClosedWatchServiceException | InterruptedException e) {
        return;
      }
      Watched w = lookUp(key); // registered under the lock before any of its events is taken here
      List<WatchEvent<?>> events = key.pollEvents();
      if (w != null) {
        try {
          w.owner().onEvents(w.dir(), events);
        } catch (RuntimeException e) {
          w.owner().onError(e);
        }
      }
      if (!key.reset()) { // the directory went (or its watch was cancelled)
        Watched gone = forgetKey(key);
        if (gone != null) {
          gone.owner().forget(key);
          promoteSoon();
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    registrar.shutdownNow();
    try {
      service.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing the watch service", e);
    }
    try {
      dispatcher.join(TimeUnit.SECONDS.toMillis(10));
      registrar.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
