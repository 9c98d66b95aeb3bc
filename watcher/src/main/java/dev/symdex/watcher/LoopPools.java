package dev.symdex.watcher;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads every index loop of a daemon shares, so that a daemon's thread count does not grow
 * with its projects: each loop waits on a virtual thread of its own and runs its applies (LMDB
 * write transactions, which are bound to one OS thread) on {@code writers}.
 *
 * @param parsers reads and parses files for every apply
 * @param writers runs applies ({@link dev.symdex.engine.index.Engine#apply}), one per loop at a
 *     time; its size bounds how many projects write at once
 * @param timer every loop's delayed work (rescans after trouble, retries, HEAD re-checks)
 */
record LoopPools(ExecutorService parsers, ExecutorService writers, ScheduledExecutorService timer) {
  LoopPools {
    Objects.requireNonNull(parsers, "parsers");
    Objects.requireNonNull(writers, "writers");
    Objects.requireNonNull(timer, "timer");
  }

  /** New pools: {@code parseThreads} parsers, as many writers (at least 2), one timer thread. The caller {@link #shutdown}s them. */
  static LoopPools create(int parseThreads) {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, Threads.named("timer"));
    timer.prestartAllCoreThreads();
    return new LoopPools(Threads.pool("parse", parseThreads), Threads.pool("writer", Math.max(2, parseThreads)), timer);
  }

  /** Stops the timer, then the writers and parsers (interrupting what runs), waiting up to 5 s for each pool. */
  void shutdown() {
    timer.shutdownNow();
    for (ExecutorService pool : new ExecutorService[] {writers, parsers}) {
      pool.shutdownNow();
      try {
        pool.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
