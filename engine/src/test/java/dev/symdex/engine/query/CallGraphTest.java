package dev.symdex.engine.query;

import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.ChangeSet;
import dev.symdex.engine.index.ProgressListener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.resolve.CallTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Call resolution tiers and confidences, on a real index of a small Python and Java tree. */
class CallGraphTest {
  @TempDir Path root;
  @TempDir Path data;
  private Engine engine;

  @BeforeEach
  void index() throws Exception {
    write("app/main.py", "from lib.tools import helper\n\ndef local():\n    pass\n\ndef run():\n    local()\n    helper()\n    shared()\n    everywhere()\n");
    write("app/sibling.py", "def shared():\n    pass\n");
    write("lib/__init__.py", "");
    write("lib/tools.py", "def helper():\n    pass\n\ndef local():\n    pass\n");
    write("other/a.py", "def everywhere():\n    pass\n");
    write("other/b.py", "def everywhere():\n    pass\n");
    write("j/Api.java", "class Api { void go() { Util.make(); } }\n");
    write("j/Util.java", "class Util { static void make() {} }\n");
    engine = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS);
    engine.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
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

  private static String describe(CallTarget t) {
    return t.path() + ":" + t.line() + " " + t.tier() + " " + t.confidence();
  }

  @Test
  void eachCallResolvesToItsBestTierWithEveryCandidate() throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      QueryResult r = s.callGraph().callees("run", 10);
      assertEquals(List.of("local", "helper", "shared", "everywhere"), r.hits().stream().map(Hit::name).toList());
      assertEquals(List.of("app/main.py:3 same-file 1.0"), r.hits().get(0).targets().stream().map(CallGraphTest::describe).toList(),
          "the same file wins over lib/tools.py's local");
      assertEquals(List.of("lib/tools.py:1 imported 0.9"), r.hits().get(1).targets().stream().map(CallGraphTest::describe).toList());
      assertEquals(List.of("app/sibling.py:1 same-directory 0.7"), r.hits().get(2).targets().stream().map(CallGraphTest::describe).toList());
      assertEquals(List.of("other/a.py:1 global 0.15", "other/b.py:1 global 0.15"),
          r.hits().get(3).targets().stream().map(CallGraphTest::describe).toList(), "ambiguity is kept, confidence split");
    }
  }

  @Test
  void callersOfADefinitionAreTheCallsThatResolveToIt() throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      CallGraph g = s.callGraph();
      assertEquals(List.of(), g.callersOf("local", "lib/tools.py", 10).hits(), "main.py's local() is its own");
      assertEquals(List.of("app/main.py:run"), g.callersOf("local", "app/main.py", 10).hits().stream().map(h -> h.path() + ":" + h.name()).toList());
      List<Hit> viaJava = g.callersOf("make", "j/Util.java", 10).hits();
      assertEquals(List.of("j/Api.java:go"), viaJava.stream().map(h -> h.path() + ":" + h.name()).toList());
      assertEquals(1.0, viaJava.get(0).confidence(), 1e-9, "Java: resolved by the receiver's type (Util, same package)");
      assertThrows(SymdexException.InvalidQuery.class, () -> g.callersOf("make", "", 10));
    }
  }
}
