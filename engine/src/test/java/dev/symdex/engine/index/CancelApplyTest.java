package dev.symdex.engine.index;

import dev.symdex.engine.query.Searcher;

import static dev.symdex.engine.testing.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: SIGTERM during a long apply was ignored, because closing the engine waited for the
 * apply to finish. An apply stops between two files when its thread is interrupted or the engine
 * closes, and abandons its transaction: nothing of it is committed, nothing half-written.
 */
class CancelApplyTest {
  static final int FILES = 300;

  @TempDir Path tmp;
  Path root;
  Path indexDir;
  ExecutorService pool;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("src"));
    indexDir = tmp.resolve("index");
    pool = Trees.pool("cancel-test");
    for (int i = 0; i < FILES; i++) {
      write(root, "p" + (i % 10) + "/C" + i + ".java", "import p0.C0;\nclass C" + i + " { void m" + i + "() { m" + ((i + 1) % FILES) + "(); } }\n");
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    Trees.shutdown(pool);
  }

  /** Generation and files committed in the index dir, read by a fresh engine. */
  long[] committed() throws Exception {
    try (Engine e = Engine.open(root, indexDir, EngineOptions.DEFAULTS); Searcher s = Searcher.open(e)) {
      return new long[] {s.generation(), s.counts().files()};
    }
  }

  /** Runs each parse on the applying thread, and calls {@code hook} before the {@code at}-th. */
  static Executor directExecutor(int at, Runnable hook) {
    AtomicInteger n = new AtomicInteger();
    return task -> {
      if (n.incrementAndGet() == at) {
        hook.run();
      }
      task.run();
    };
  }

  @Test
  @Timeout(120)
  void closingTheEngineStopsARunningApplyAtTheNextFileAndCommitsNothing() throws Exception {
    Engine engine = Engine.open(root, indexDir, EngineOptions.DEFAULTS);
    Thread[] closer = new Thread[1];
    Executor executor = directExecutor(20, () -> {
      closer[0] = new Thread(engine::close, "closer");
      closer[0].start();
      // Go on only once close is waiting for this apply (blocked on it, or parked): it has begun.
      while (closer[0].getState() != Thread.State.BLOCKED && closer[0].getState() != Thread.State.WAITING
          && closer[0].getState() != Thread.State.TERMINATED) {
        Thread.onSpinWait();
      }
    });
    SymdexException.Cancelled e = assertThrows(SymdexException.Cancelled.class,
        () -> engine.apply(ChangeSet.everything(), executor, ProgressListener.NONE));
    assertTrue(e.getMessage().contains("closing"), e.getMessage());
    closer[0].join();
    assertEquals(0, committed()[1], "the abandoned apply committed nothing");
    try (Engine again = Engine.open(root, indexDir, EngineOptions.DEFAULTS)) {
      assertEquals(OpenState.CURRENT, again.openState());
      assertEquals(FILES, again.apply(ChangeSet.everything(), pool, ProgressListener.NONE).filesParsed());
      try (Searcher s = Searcher.open(again)) {
        assertEquals(List.of("p9/C299.java"), EngineTest.paths(s.definitions("m299", 10)));
      }
    }
  }

  /**
   * Interrupted after its last file was read but before it resolved imports and committed: it
   * stops there (resolving every import of a large tree is long work too).
   */
  @Test
  void anInterruptAfterTheLastFileStopsTheApplyBeforeItCommits() throws Exception {
    try (Engine engine = Engine.open(root, indexDir, EngineOptions.DEFAULTS)) {
      ProgressListener interruptAtTheEnd = (done, total) -> {
        if (done == total && total == FILES) {
          Thread.currentThread().interrupt();
        }
      };
      assertThrows(InterruptedException.class, () -> engine.apply(ChangeSet.everything(), pool, interruptAtTheEnd));
      assertTrue(!Thread.interrupted(), "the interrupt was taken by the apply that stopped");
      try (Searcher s = Searcher.open(engine)) {
        assertEquals(0, s.generation());
        assertEquals(0, s.counts().files());
      }
      ApplyResult r = engine.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      assertEquals(FILES, r.filesParsed());
      assertEquals(1, r.generation());
    }
  }

  @Test
  void aClosedEngineRefusesToApply() throws Exception {
    Engine engine = Engine.open(root, indexDir, EngineOptions.DEFAULTS);
    engine.close();
    assertThrows(SymdexException.Cancelled.class, () -> engine.apply(ChangeSet.everything(), pool, ProgressListener.NONE));
    engine.close(); // idempotent
  }
}
