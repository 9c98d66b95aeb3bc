package dev.symdex.engine.query.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.index.ChangeSet;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.ProgressListener;
import dev.symdex.engine.query.Searcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-generation holder of the file graph and its global ranks, over a real index and real edits. */
class RankCacheTest {
  @TempDir Path root;
  @TempDir Path data;
  private Engine engine;
  private final RankCache cache = new RankCache(GraphRank.Params.DEFAULTS);

  @BeforeEach
  void index() throws Exception {
    write("lib/__init__.py", "");
    write("lib/hub.py", "def hub():\n    pass\n");
    for (String user : List.of("a", "b", "c")) {
      write("app/" + user + ".py", "from lib.hub import hub\n\ndef " + user + "_main():\n    hub()\n");
    }
    write("lib/helper.py", "def assist():\n    pass\n");
    write("app/leaf.py", "from lib.helper import assist\n\ndef leaf():\n    assist()\n");
    write("j/Api.java", "package j;\nclass Api {\n  void go() { Util.make(); }\n}\n");
    write("j/Util.java", "package j;\nclass Util {\n  static void make() {}\n}\n");
    engine = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS);
    apply();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private void write(String rel, String text) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private void apply() throws Exception {
    engine.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
  }

  private RankCache.Current refresh() throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      return cache.at(s);
    }
  }

  private void assertFresh(RankCache.Current c) throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      assertEquals(s.generation(), c.generation());
      FileGraph fresh = FileGraph.build(s);
      assertTrue(c.graph().sameEdges(fresh), "the held graph is the one a full build makes");
      GraphRank.Ranks ranks = new GraphRank(GraphRank.Params.DEFAULTS).rank(fresh, Map.of());
      assertEquals(ranks.top(fresh.size()), c.centrality().top(fresh.size()), "and so are its global ranks");
    }
  }

  @Test
  void theFirstCallBuildsAndAnEditMovesTheGraphToWhatAFullBuildGives() throws Exception {
    assertTrue(cache.latest().isEmpty(), "nothing before the first call");
    RankCache.Current first = refresh();
    assertEquals(RankCache.Move.BUILT, first.move());
    assertFresh(first);
    assertSame(first, refresh(), "the same generation is answered from the holder");

    write("app/d.py", "from lib.hub import hub\n\ndef d_main():\n    hub()\n");
    Files.delete(root.resolve("app/b.py"));
    write("app/leaf.py", "from lib.hub import hub\n\ndef leaf():\n    hub()\n");
    write("j/Util.java", "package j;\nclass Util {\n  static void make() {}\n  static void more() {}\n}\n");
    apply();
    RankCache.Current second = refresh();
    assertEquals(RankCache.Move.UPDATED, second.move());
    assertEquals(4, second.changed(), "added, deleted and two modified, found by their hashes");
    assertTrue(second.generation() > first.generation());
    assertFresh(second);
    assertEquals(List.of("lib/hub.py"), second.graph().edgesFrom("app/leaf.py").stream().map(FileGraph.Edge::to).toList());
    assertSame(second, cache.latest().orElseThrow());
  }

  @Test
  void anEditThatLeavesTheEdgesAloneKeepsTheGlobalRanks() throws Exception {
    RankCache.Current first = refresh();
    write("app/a.py", "# a comment\nfrom lib.hub import hub\n\ndef a_main():\n    hub()\n");
    apply();
    RankCache.Current second = refresh();
    assertEquals(RankCache.Move.UPDATED, second.move());
    assertEquals(1, second.changed());
    assertSame(first.centrality(), second.centrality(), "the same edges: not ranked again");
    assertFresh(second);

    write("app/a.py", "from lib.helper import assist\n\ndef a_main():\n    assist()\n");
    apply();
    RankCache.Current third = refresh();
    assertTrue(third.centrality() != second.centrality(), "new edges: ranked again");
    assertFresh(third);
  }

  @Test
  void anOlderSearcherGetsTheCurrentState() throws Exception {
    try (Searcher old = Searcher.open(engine)) {
      write("app/d.py", "from lib.hub import hub\n\ndef d_main():\n    hub()\n");
      apply();
      RankCache.Current now = refresh();
      assertSame(now, cache.refresh(old), "never moved backwards");
      assertSame(now, cache.at(old));
    }
  }

  @Test
  void whileOneThreadMovesTheGraphAReaderGetsTheLastCompleteOneAtOnce() throws Exception {
    RankCache.Current first = refresh();
    write("app/d.py", "from lib.hub import hub\n\ndef d_main():\n    hub()\n");
    apply();
    CountDownLatch building = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread builder = Thread.ofPlatform().name("rank-cache-test-builder").start(() -> {
      try (Searcher s = Searcher.open(engine)) {
        s.cancelWhen(() -> { // polled inside the update: hold the builder there
          building.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return false;
        });
        cache.refresh(s);
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    building.await();
    try (Searcher s = Searcher.open(engine)) {
      assertTrue(s.generation() > first.generation());
      RankCache.Current seen = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> cache.at(s), "a reader does not wait for the builder");
      assertSame(first, seen, "the last complete state, older than the searcher");
    } finally {
      release.countDown();
      builder.join();
    }
    assertEquals(null, failure.get());
    RankCache.Current moved = cache.latest().orElseThrow();
    assertEquals(RankCache.Move.UPDATED, moved.move());
    assertFresh(moved);
  }
}
