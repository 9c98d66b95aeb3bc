package dev.symdex.engine.query.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.index.ChangeSet;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.ProgressListener;
import dev.symdex.engine.query.CallGraph;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.resolve.CallTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file graph and its personalized PageRank, on a real index of a small tree: a hub imported
 * (and called) by five files, a leaf with its own helper, a file with no edges, and two Java
 * files joined by a call alone.
 */
class FileGraphTest {
  @TempDir Path root;
  @TempDir Path data;
  private Engine engine;

  @BeforeEach
  void index() throws Exception {
    write("lib/__init__.py", "");
    write("lib/hub.py", "def hub():\n    pass\n");
    for (String user : List.of("a", "b", "c", "d", "e")) {
      write("app/" + user + ".py", "from lib.hub import hub\n\ndef " + user + "_main():\n    hub()\n");
    }
    write("lib/helper.py", "def assist():\n    pass\n");
    write("app/leaf.py", "from lib.helper import assist\n\ndef leaf():\n    assist()\n");
    write("app/caller.py", "def c():\n    shared()\n");
    write("app/shared.py", "def shared():\n    pass\n");
    write("alone/alone.py", "def alone():\n    pass\n");
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

  private FileGraph graph() throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      return FileGraph.build(s);
    }
  }

  private static List<FileGraph.Edge> allEdges(FileGraph g) {
    List<FileGraph.Edge> out = new ArrayList<>();
    for (int i = 0; i < g.size(); i++) {
      out.addAll(g.edgesFrom(g.path(i)));
    }
    return out;
  }

  @Test
  void importsAndCallsMakeWeightedEdgesBetweenFiles() throws Exception {
    FileGraph g = graph();
    assertEquals(14, g.size(), "every indexed file is a node");
    List<FileGraph.Edge> fromA = g.edgesFrom("app/a.py");
    assertEquals(List.of("lib/hub.py"), fromA.stream().map(FileGraph.Edge::to).toList());
    assertTrue(fromA.get(0).weight() > FileGraph.IMPORT_WEIGHT, "the import and the call to hub() add up: " + fromA);

    assertEquals(List.of(new FileGraph.Edge("app/caller.py", "app/shared.py", 0.7)), g.edgesFrom("app/caller.py"),
        "a call with no import makes an edge, weighted by its confidence (same directory: 0.7)");

    try (Searcher s = Searcher.open(engine)) {
      double expected = s.snapshot().importedBy("j/Api.java").contains("j/Util.java") ? FileGraph.IMPORT_WEIGHT : 0;
      for (CallGraph.Site site : s.callGraph().calls("j/Api.java")) {
        for (CallTarget t : site.targets()) {
          expected += t.path().equals("j/Util.java") ? t.confidence() : 0;
        }
      }
      assertEquals(List.of(new FileGraph.Edge("j/Api.java", "j/Util.java", expected)), g.edgesFrom("j/Api.java"), "import weight plus summed call confidence");
    }

    assertEquals(List.of(), g.edgesFrom("alone/alone.py"));
    assertEquals(List.of(), g.edgesFrom("no/such.py"));
    assertEquals(allEdges(g).size(), g.edgeCount());
    try (Searcher s = Searcher.open(engine)) {
      assertEquals(s.generation(), g.generation());
    }
  }

  @Test
  void theHubRanksFirstWithoutSeedsAndRanksSumToOne() throws Exception {
    FileGraph g = graph();
    GraphRank.Ranks ranks = new GraphRank(GraphRank.Params.DEFAULTS).rank(g, Map.of());
    assertEquals("lib/hub.py", ranks.top(1).get(0).path());
    assertEquals(1.0, ranks.total(), 1e-9);
    assertTrue(ranks.converged());
    assertTrue(ranks.of("alone/alone.py") > 0, "a file with no edges keeps its restart mass");
    assertTrue(ranks.of("lib/hub.py") > ranks.of("app/a.py"));
    assertEquals(0, ranks.of("no/such.py"));
    assertEquals(g.size(), ranks.top(100).size());
  }

  @Test
  void seedingALeafRaisesItsNeighboursAboveUnrelatedFiles() throws Exception {
    FileGraph g = graph();
    GraphRank rank = new GraphRank(GraphRank.Params.DEFAULTS);
    GraphRank.Ranks plain = rank.rank(g, Map.of());
    GraphRank.Ranks seeded = rank.rank(g, Map.of("app/leaf.py", 1.0));
    assertEquals(List.of("app/leaf.py", "lib/helper.py"), seeded.top(2).stream().map(GraphRank.Ranked::path).toList());
    assertTrue(seeded.of("lib/helper.py") > seeded.of("lib/hub.py"), "the seed's neighbour beats the global hub");
    assertTrue(seeded.of("lib/helper.py") > plain.of("lib/helper.py"));
    assertEquals(0, seeded.of("alone/alone.py"), "no walk from the seed reaches an unrelated file");
    assertEquals(1.0, seeded.total(), 1e-9);

    GraphRank.Ranks weighted = rank.rank(g, Map.of("app/leaf.py", 1.0, "j/Api.java", 3.0, "not/indexed.py", 5.0));
    assertTrue(weighted.of("j/Util.java") > weighted.of("lib/helper.py"), "a heavier seed spreads more");
    assertEquals(1.0, weighted.total(), 1e-9);
  }

  @Test
  void walkingBackwardsReachesImporters() throws Exception {
    FileGraph g = graph();
    GraphRank.Params params = new GraphRank.Params(0.85, 1e-9, 200, 0.5);
    GraphRank.Ranks forward = new GraphRank(GraphRank.Params.DEFAULTS).rank(g, Map.of("lib/hub.py", 1.0));
    GraphRank.Ranks both = new GraphRank(params).rank(g, Map.of("lib/hub.py", 1.0));
    assertEquals(0, forward.of("app/a.py"), "the hub imports nothing");
    assertTrue(both.of("app/a.py") > both.of("app/leaf.py"), "an importer of the seed beats an unrelated file");
    assertEquals(1.0, both.total(), 1e-9);
  }

  @Test
  void theSameGraphAndSeedsGiveTheSameRanks() throws Exception {
    GraphRank rank = new GraphRank(GraphRank.Params.DEFAULTS);
    Map<String, Double> seeds = Map.of("app/leaf.py", 1.0, "app/a.py", 0.5);
    List<GraphRank.Ranked> first = rank.rank(graph(), seeds).top(100);
    List<GraphRank.Ranked> second = rank.rank(graph(), seeds).top(100);
    assertEquals(first, second, "bit for bit, in the same order");
    List<GraphRank.Ranked> flat = rank.rank(graph(), Map.of()).top(100);
    List<String> equalRanks = flat.stream().filter(r -> r.rank() == flat.get(flat.size() - 1).rank()).map(GraphRank.Ranked::path).toList();
    assertEquals(equalRanks.stream().sorted().toList(), equalRanks, "equal ranks come in path order");
  }

  @Test
  void anUpdateRebuildsTheChangedRowsAndEqualsAFullBuild() throws Exception {
    try (Searcher old = Searcher.open(engine)) {
      FileGraph before = FileGraph.build(old);
      write("app/f.py", "from lib.hub import hub\n\ndef f_main():\n    hub()\n");
      Files.delete(root.resolve("app/b.py"));
      write("app/leaf.py", "from lib.hub import hub\n\ndef leaf():\n    hub()\n");
      apply();
      try (Searcher s = Searcher.open(engine)) {
        FileGraph updated = before.update(s, List.of("app/f.py", "app/b.py", "app/leaf.py"));
        FileGraph full = FileGraph.build(s);
        assertEquals(s.generation(), updated.generation());
        assertEquals(allEdges(full), allEdges(updated));
        assertFalse(updated.id("app/b.py").isPresent());
        assertEquals(List.of("lib/hub.py"), updated.edgesFrom("app/leaf.py").stream().map(FileGraph.Edge::to).toList());
        assertThrows(IllegalArgumentException.class, () -> updated.update(old, List.of()), "an older generation is refused");
      }
    }
  }

  @Test
  void anEmptyGraphRanksNothing() throws Exception {
    for (String p : List.of("lib/__init__.py", "lib/hub.py", "lib/helper.py", "app/a.py", "app/b.py", "app/c.py", "app/d.py", "app/e.py",
        "app/leaf.py", "app/caller.py", "app/shared.py", "alone/alone.py", "j/Api.java", "j/Util.java")) {
      Files.delete(root.resolve(p));
    }
    apply();
    FileGraph g = graph();
    assertEquals(0, g.size());
    GraphRank.Ranks ranks = new GraphRank(GraphRank.Params.DEFAULTS).rank(g, Map.of("x", 1.0));
    assertEquals(List.of(), ranks.top(5));
    assertEquals(0, ranks.total());
  }
}
