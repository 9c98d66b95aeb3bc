package dev.symdex.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.index.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single writer's loop on a real engine: trouble costs a bounded number of rescans. */
class IndexLoopTest {
  @TempDir Path root;
  @TempDir Path data;

  @Test
  void aStormOfTroubleCostsOneRescanNowAndOneLater() throws Exception {
    Files.writeString(root.resolve("A.java"), "class A {}\n");
    ExecutorService parsers = Threads.pool("parse-test", 2);
    AtomicInteger applies = new AtomicInteger();
    try (Engine engine = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS);
        IndexLoop loop = new IndexLoop(engine, parsers, 5, r -> applies.incrementAndGet())) {
      loop.start();
      loop.barrier().get();
      int before = applies.get();
      for (int i = 0; i < 20; i++) {
        loop.rescanAfterTrouble("test storm " + i);
      }
      loop.barrier().get();
      assertEquals(before + 1, applies.get(), "the first trouble rescans at once; the rest wait");
      assertTrue(loop.recentIssues().stream().anyMatch(s -> s.contains("rescan in 1000 ms")), loop.recentIssues().toString());
      for (int i = 0; i < 200 && applies.get() < before + 2; i++) {
        Thread.sleep(25);
      }
      assertEquals(before + 2, applies.get(), "one more rescan covers the rest of the storm");
    } finally {
      parsers.shutdownNow();
    }
  }
}
