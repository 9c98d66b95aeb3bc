package dev.symdex.watcher;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/** Every thread symdex starts is named {@code symdex-<role>-N} and is a daemon thread. */
final class Threads {
  private Threads() {}

  static ThreadFactory named(String role) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "symdex-" + role + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * A fixed pool of {@code size} named threads, all started now (so a daemon's thread count does
   * not depend on how much work it has seen). The caller shuts it down.
   */
  static ExecutorService pool(String role, int size) {
    ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(Math.max(1, size), named(role));
    pool.prestartAllCoreThreads();
    return pool;
  }
}
