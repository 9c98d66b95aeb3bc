package dev.symdex.engine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.ChangeSet;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.ProgressListener;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.Language;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every read query through one {@link Searcher}, on a real index of a small git tree: no daemon,
 * no gRPC. A searcher answers from its snapshot's generation, however the index changes after it
 * was opened.
 */
class SearcherTest {
  @TempDir Path root;
  @TempDir Path data;
  private Engine engine;

  @BeforeEach
  void index() throws Exception {
    write("app/main.py", "from lib.tools import helper\n\ndef run():\n    helper()\n    helper()\n");
    write("lib/__init__.py", "");
    write("lib/tools.py", "def helper():\n    pass\n\nclass Box:\n    def open(self):\n        pass\n");
    write("j/Api.java", "package j;\nclass Api {\n  void go() { Util.make(); }\n}\n");
    write("j/Util.java", "package j;\nclass Util {\n  static void make() {}\n}\n");
    try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("base").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
    }
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

  private static List<String> at(QueryResult r) {
    return r.hits().stream().map(h -> h.path() + ":" + h.line() + " " + h.name()).toList();
  }

  @Test
  void answersEveryQueryFromOneSnapshot() throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      assertEquals(List.of("lib/tools.py:1 helper"), at(s.definitions("helper", 10)));
      assertEquals(List.of("app/main.py:4 run", "app/main.py:5 run"), at(s.callers("helper", 10)), "each call site, named by its caller");
      assertEquals(List.of("app/main.py:4 helper", "app/main.py:5 helper"), at(s.callees("run", 10)));
      assertFalse(s.references("helper", 10).hits().isEmpty(), "the import names helper");
      assertEquals(List.of("helper", "Box", "open"), s.outline("lib/tools.py").stream().map(Hit::name).toList());
      assertThrows(SymdexException.NotFound.class, () -> s.outline("no/such.py"));

      DefinitionQuery classes = new DefinitionQuery("Bo", DefinitionQuery.Match.PREFIX, Set.of(DefinitionKind.CLASS), Set.of(Language.PYTHON), "lib/");
      assertEquals(List.of("lib/tools.py:4 Box"), at(s.findDefinitions(classes, 10)));

      assertEquals(List.of("lib/tools.py"), s.imports("app/main.py").stream().flatMap(i -> i.target().paths().stream()).toList());
      Map.Entry<List<ImportGraph.Dependent>, Boolean> deps = s.dependents("lib/tools.py", 0, 10);
      assertEquals(List.of("app/main.py"), deps.getKey().stream().map(ImportGraph.Dependent::path).toList());
      assertFalse(deps.getValue());

      List<Hit> makers = s.callGraph().callersOf("make", "j/Util.java", 10).hits();
      assertEquals(List.of("j/Api.java:go"), makers.stream().map(h -> h.path() + ":" + h.name()).toList());

      assertEquals(List.of(), s.delta("HEAD", 10).files(), "nothing changed since the commit");
      assertEquals(s.snapshot().generation(), s.generation());
    }
  }

  @Test
  void aSearcherKeepsItsGenerationWhileTheIndexMoves() throws Exception {
    try (Searcher before = Searcher.open(engine)) {
      write("lib/more.py", "def helper():\n    pass\n");
      apply();
      try (Searcher after = Searcher.open(engine)) {
        assertTrue(after.generation() > before.generation());
        assertEquals(List.of("lib/more.py:1 helper", "lib/tools.py:1 helper"), at(after.definitions("helper", 10)));
        assertEquals(List.of("lib/more.py"), after.delta("HEAD", 10).files().stream().map(Delta.FileDelta::path).toList());
      }
      assertEquals(List.of("lib/tools.py:1 helper"), at(before.definitions("helper", 10)), "the older snapshot's answer");
      assertEquals(List.of(), before.delta("HEAD", 10).files(), "the delta of the older snapshot");
    }
  }

  @Test
  void aSearcherStopsWhenCancelledAndRefusesBadQueries() throws Exception {
    try (Searcher s = Searcher.open(engine).cancelWhen(() -> true)) {
      assertThrows(SymdexException.Cancelled.class, () -> s.definitions("helper", 10));
    }
    try (Searcher s = Searcher.open(engine)) {
      assertThrows(SymdexException.InvalidQuery.class, () -> s.definitions("", 10));
      assertThrows(SymdexException.InvalidQuery.class, () -> s.definitions("helper", 0));
      assertThrows(SymdexException.InvalidQuery.class, () -> s.delta("", 10));
      assertThrows(SymdexException.InvalidQuery.class, () -> s.delta("no-such-branch", 10));
    }
  }
}
