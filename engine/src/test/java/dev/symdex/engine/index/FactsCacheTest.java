package dev.symdex.engine.index;

import dev.symdex.engine.query.Searcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries over a file whose facts are large enough to be kept row-indexed in the engine's
 * {@link FactsCache}: the same answers as a walk of every row, again when asked twice, and the
 * new content's answers after an edit (a new content hash, a new view).
 */
class FactsCacheTest {
  static final int METHODS = 3_000;

  @TempDir Path root;
  @TempDir Path data;
  private Engine engine;

  /** A class of METHODS methods: m{i} on line i+2, each calling m{i+1} (the last calls m0). */
  static String big(String renamed) {
    StringBuilder b = new StringBuilder("class Big {\n");
    for (int i = 0; i < METHODS; i++) {
      String name = ("m" + i).equals(renamed) ? "q" + i : "m" + i;
      b.append("  void ").append(name).append("() { m").append((i + 1) % METHODS).append("(); }\n");
    }
    return b.append("}\n").toString();
  }

  @BeforeEach
  void index() throws Exception {
    Files.writeString(root.resolve("Big.java"), big(""));
    Files.writeString(root.resolve("Small.java"), "class Small { void s() { new Big().m1234(); } }\n");
    engine = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS);
    engine.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private List<String> defs(String name) throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      return s.definitions(name, 100).hits().stream().map(h -> h.path() + ":" + h.line() + " " + h.kind() + " " + h.container()).toList();
    }
  }

  private List<String> refs(String name) throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      return s.references(name, 100).hits().stream().map(h -> h.path() + ":" + h.line() + " " + h.kind()).toList();
    }
  }

  @Test
  void aLargeFilesAnswersAreTheSameFromItsIndexedViewAndFollowAnEdit() throws Exception {
    for (int round = 0; round < 2; round++) { // the second round reads the kept view
      assertEquals(List.of("Big.java:1236 method Big"), defs("m1234"));
      assertEquals(List.of("Big.java:1235 call", "Small.java:1 call"), refs("m1234"));
      assertEquals(List.of("Big.java:2 method Big"), defs("m0"));
      assertEquals(List.of("Big.java:" + (METHODS + 1) + " call"), refs("m0"));
      assertEquals(List.of(), defs("q1234"));
    }
    assertTrue(engine.factsCacheBytes() > 0, "the large file's view is kept");

    Files.writeString(root.resolve("Big.java"), big("m1234"));
    engine.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
    assertEquals(List.of(), defs("m1234"));
    assertEquals(List.of("Big.java:1236 method Big"), defs("q1234"));
    assertEquals(List.of("Big.java:1235 call", "Small.java:1 call"), refs("m1234"));
    try (Searcher s = Searcher.open(engine)) {
      assertEquals(List.of("Big.java:1236 method Big"),
          s.outline("Big.java").stream().filter(h -> h.name().equals("q1234")).map(h -> h.path() + ":" + h.line() + " " + h.kind() + " " + h.container()).toList());
      assertEquals(METHODS + 1, s.outline("Big.java").size());
    }
  }
}
