package dev.symdex.engine.index;

import dev.symdex.engine.query.DefinitionQuery;
import dev.symdex.engine.query.Hit;
import dev.symdex.engine.query.Searcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.store.LmdbStore;
import dev.symdex.engine.testing.FaultyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.stream.IntStream;

/**
 * Issue 11 item 9 in the engine: a full disk (ENOSPC at commit, injected at the store seam) or a
 * full LMDB map (real LMDB, a small map) fails an apply with {@link SymdexException.Exhausted},
 * commits nothing of it and loses nothing: applying again once there is room converges, and a
 * full map is grown for that.
 */
class DiskFullTest {
  @TempDir Path root;
  @TempDir Path data;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private static List<String> defs(Engine e, String name) throws Exception {
    try (Searcher s = Searcher.open(e)) {
      return s.findDefinitions(DefinitionQuery.exact(name), 10).hits().stream().map(Hit::path).toList();
    }
  }

  @Test
  void aFullDiskFailsTheApplyAndTheSameChangeConvergesOnceThereIsRoom() throws Exception {
    Files.writeString(root.resolve("A.java"), "class A { void alpha() {} }\n");
    AtomicReference<FaultyStore> store = new AtomicReference<>();
    DiskAccess disk = DiskAccess.REAL.withStore(s -> {
      store.set(new FaultyStore(s));
      return store.get();
    });
    try (Engine e = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS, disk)) {
      e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      store.get().full = true;
      Files.writeString(root.resolve("B.java"), "class B { void beta() {} }\n");
      SymdexException.Exhausted full = assertThrows(SymdexException.Exhausted.class,
          () -> e.apply(ChangeSet.of("B.java"), pool, ProgressListener.NONE));
      assertTrue(full.getMessage().contains("No space left on device"), full.getMessage());
      assertEquals(List.of(), defs(e, "beta"), "nothing of the failed apply is visible");
      assertEquals(List.of("A.java"), defs(e, "alpha"), "and nothing before it is lost");
      store.get().full = false;
      e.apply(ChangeSet.of("B.java"), pool, ProgressListener.NONE);
      assertEquals(List.of("B.java"), defs(e, "beta"));
    }
  }

  @Test
  void aFullMapIsGrownAndTheIndexCompletes() throws Exception {
    int files = 300;
    for (int i = 0; i < files; i++) {
      Files.writeString(root.resolve("F" + i + ".java"), "class F" + i + " {\n" + String.format(Locale.ROOT, ("  void m" + i + "_%d() {}\n").repeat(60),
          IntStream.range(0, 60).boxed().toArray()) + "}\n");
    }
    Path index = data.resolve("index");
    AtomicReference<LmdbStore> small = new AtomicReference<>();
    DiskAccess disk = DiskAccess.REAL.withStore(s -> {
      s.close();
      try {
        small.set(LmdbStore.open(index, 256 * 1024)); // far less than the tree's index needs
      } catch (SymdexException.StorageFailure e) {
        throw new IllegalStateException(e);
      }
      return small.get();
    });
    try (Engine e = Engine.open(root, index, EngineOptions.DEFAULTS, disk)) {
      int full = 0;
      while (true) {
        try {
          e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
          break;
        } catch (SymdexException.Exhausted x) {
          assertTrue(x.getMessage().contains("map is full"), x.getMessage());
          assertTrue(++full < 20, "the map grows each time");
        }
      }
      assertTrue(full > 0, "the map was full at first");
      assertTrue(small.get().mapSize() > 256 * 1024);
      try (Searcher s = Searcher.open(e)) {
        assertEquals(files, s.counts().files());
      }
      assertEquals(List.of("F299.java"), defs(e, "m299_59"));
    }
  }
}
