package dev.symdex.engine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link ResultWindow}: results made out of order by several threads are taken in order, within the lead. */
class ResultWindowTest {
  @Test
  void resultsMadeByInterleavedTasksAreTakenInOrderNeverMoreThanTheLeadAhead() throws Exception {
    int count = 5_000;
    int lead = 16;
    int tasks = 3;
    ResultWindow<Integer> window = new ResultWindow<>(count, lead);
    AtomicInteger taken = new AtomicInteger();
    AtomicInteger furthestLead = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(tasks);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < tasks; t++) {
        int first = t;
        running.add(pool.submit(() -> {
          for (int i = first; i < count; i += tasks) {
            window.awaitRoomFor(i);
            furthestLead.accumulateAndGet(i - taken.get(), Math::max);
            window.put(i, i * 7);
          }
          return null;
        }));
      }
      for (int i = 0; i < count; i++) {
        assertEquals(i * 7, window.take(i));
        taken.set(i + 1);
      }
      for (Future<?> f : running) {
        f.get(30, TimeUnit.SECONDS);
      }
      // `taken` is set just after take returns, so it may lag the window's own count by one
      assertTrue(furthestLead.get() <= lead, "a result was made " + furthestLead.get() + " ahead of the consumer");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTaskWaitsForRoomUntilTheConsumerTakes() throws Exception {
    ResultWindow<String> window = new ResultWindow<>(10, 2);
    window.put(0, "a");
    window.put(1, "b");
    Thread ahead = new Thread(() -> {
      try {
        window.awaitRoomFor(2);
        window.put(2, "c");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    ahead.start();
    while (ahead.getState() != Thread.State.WAITING) { // it cannot make result 2 yet
      assertTrue(ahead.isAlive(), "made result 2 while 0 and 1 were held");
      Thread.onSpinWait();
    }
    assertEquals("a", window.take(0)); // room for one more
    ahead.join(30_000);
    assertEquals("b", window.take(1));
    assertEquals("c", window.take(2));
  }

  @Test
  void aFailedTaskEndsTheConsumersWaitAndAnAbandonedWindowEndsTheTasks() throws Exception {
    ResultWindow<String> window = new ResultWindow<>(10, 1);
    CompletableFuture<String> consumer = CompletableFuture.supplyAsync(() -> {
      try {
        return window.take(0);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    window.fail();
    assertNull(consumer.get(30, TimeUnit.SECONDS));

    ResultWindow<String> abandoned = new ResultWindow<>(10, 1);
    CompletableFuture<Void> task = CompletableFuture.runAsync(() -> {
      try {
        abandoned.awaitRoomFor(5);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    abandoned.abandon();
    ExecutionException e = assertThrows(ExecutionException.class, () -> task.get(30, TimeUnit.SECONDS));
    assertInstanceOf(ResultWindow.Abandoned.class, e.getCause());
  }

  @Test
  void resultsAreTakenInOrderOnly() throws Exception {
    ResultWindow<String> window = new ResultWindow<>(3, 3);
    window.put(1, "b");
    assertThrows(IllegalStateException.class, () -> window.take(1));
    assertThrows(IllegalArgumentException.class, () -> new ResultWindow<String>(3, 0));
  }
}
