package dev.symdex.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.index.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
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
    LoopPools pools = LoopPools.create(2);
    AtomicInteger applies = new AtomicInteger();
    try (Engine engine = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS);
        // counts full reconciles (they check the tree's one file); a barrier alone checks nothing
        IndexLoop loop = new IndexLoop(engine, pools, 5, r -> {
          if (r.filesChecked() > 0) {
            applies.incrementAndGet();
          }
        })) {
      loop.start();
      loop.barrier().get();
      int before = applies.get();
      for (int i = 0; i < 20; i++) {
        loop.rescanAfterTrouble("test storm " + i);
      }
      assertTrue(loop.recentIssues().stream().anyMatch(s -> s.contains("rescan in 1000 ms")),
          "the first trouble rescans at once, the rest wait for one later rescan: " + loop.recentIssues());
      // No timing in the verdict: wait (bounded) for the delayed rescan, then check none followed.
      for (int i = 0; i < 2400 && applies.get() < before + 2; i++) {
        Thread.sleep(25);
      }
      loop.barrier().get();
      assertEquals(before + 2, applies.get(), "twenty troubles cost two rescans: one at once, one covering the rest");
    } finally {
      pools.shutdown();
    }
  }
}
