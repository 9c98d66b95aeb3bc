package dev.symdex.engine.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.index.ChangeSet;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.index.ProgressListener;
import dev.symdex.engine.testing.Trees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The column contracts of the TSV exports (the bench scripts parse them), on a real index of a tiny tree. */
class TsvExportsTest {
  @TempDir Path root;
  @TempDir Path data;
  @TempDir Path out;
  private Engine engine;

  @BeforeEach
  void index() throws Exception {
    Trees.write(root, "app/main.py", "from lib.tools import helper\nimport os\n\ndef run():\n    helper()\n    os.getcwd()\n");
    Trees.write(root, "lib/__init__.py", "");
    Trees.write(root, "lib/tools.py", "def helper():\n    pass\n");
    Trees.write(root, "j/Api.java", "class Api { void go() { Util.make(); } }\n");
    Trees.write(root, "j/Util.java", "class Util { static void make() {} }\n");
    Trees.write(root, "notes.txt", "not code\n");
    engine = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS);
    engine.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private String read(String name) throws Exception {
    assertFalse(Files.exists(out.resolve(name + ".tmp")), "the temporary file is renamed into place");
    return Files.readString(out.resolve(name), StandardCharsets.UTF_8);
  }

  @Test
  void definitionsArePathLineKindName() throws Exception {
    try (IndexSnapshot s = engine.snapshot()) {
      DefinitionsTsv.write(s, out.resolve("defs.tsv"));
    }
    assertEquals("""
        app/main.py\t4\tfunction\trun
        j/Api.java\t1\tclass\tApi
        j/Api.java\t1\tmethod\tgo
        j/Util.java\t1\tclass\tUtil
        j/Util.java\t1\tmethod\tmake
        lib/tools.py\t1\tfunction\thelper
        """, read("defs.tsv"));
  }

  @Test
  void filesArePathLanguageStatusErrors() throws Exception {
    Files.writeString(out.resolve("files.tsv"), "replaced\n");
    try (IndexSnapshot s = engine.snapshot()) {
      FilesTsv.write(s, out.resolve("files.tsv"));
    }
    assertEquals("""
        app/main.py\tpython\tindexed\t0
        j/Api.java\tjava\tindexed\t0
        j/Util.java\tjava\tindexed\t0
        lib/__init__.py\tpython\tindexed\t0
        lib/tools.py\tpython\tindexed\t0
        notes.txt\t-\tunsupported\t0
        """, read("files.tsv"));
  }

  @Test
  void importsArePathLineLanguageTextStatusTargets() throws Exception {
    try (IndexSnapshot s = engine.snapshot()) {
      ImportsTsv.write(s, engine.root(), out.resolve("imports.tsv"));
    }
    assertEquals("""
        app/main.py\t1\tpython\tfrom lib.tools import helper\tresolved\tlib/tools.py
        app/main.py\t2\tpython\timport os\texternal\t
        """, read("imports.tsv"));
  }

  @Test
  void graphIsPathAndTargets() throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      ImportGraphTsv.write(s, out.resolve("graph.tsv"));
    }
    assertEquals("app/main.py\tlib/tools.py\n", read("graph.tsv"));
  }

  @Test
  void callsArePositionCalleeReceiverTargetsByNameAndTier() throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      CallsTsv.write(s, out.resolve("calls.tsv"));
    }
    assertEquals("""
        app/main.py\t5\t5\thelper\t\tlib/tools.py:1\tlib/tools.py:1\timported
        app/main.py\t6\t8\tgetcwd\tos\t\t\t
        j/Api.java\t1\t30\tmake\tUtil\tj/Util.java:1\tj/Util.java:1\ttyped
        """, read("calls.tsv"));
  }
}
