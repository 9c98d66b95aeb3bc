package dev.symdex.engine.index;

import dev.symdex.engine.query.DefinitionQuery;
import dev.symdex.engine.query.Hit;
import dev.symdex.engine.query.Searcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 13 in the engine: a file or directory whose name the JVM cannot represent (bytes
 * that are not UTF-8; made by the shell, as Java cannot name them) is listed as skipped with its
 * reason, never silently absent and never opened by a lossy name; an event naming it costs a
 * directory listing, not a failed apply; once it is gone its issue goes.
 */
class FileNamesTest {
  @TempDir Path root;
  @TempDir Path data;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Runs {@code script} in sh with the root as $1 (printf makes the raw bytes). */
  private void sh(String script) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", script, "sh", root.toString()).inheritIO().start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, script);
  }

  private static List<String> issues(Engine e) throws Exception {
    try (Searcher s = Searcher.open(e)) {
      return s.snapshot().issues(50).stream().map(i -> i.path() + " " + i.reason()).sorted().toList();
    }
  }

  private static List<String> defs(Engine e, String name) throws Exception {
    try (Searcher s = Searcher.open(e)) {
      return s.findDefinitions(DefinitionQuery.exact(name), 10).hits().stream().map(Hit::path).toList();
    }
  }

  @Test
  void aNameThatIsNotUtf8IsListedAsSkippedAndNeverBreaksAnApply() throws Exception {
    Files.writeString(root.resolve("Ok.java"), "class Ok { void fine() {} }\n");
    sh("printf 'class X { void lost() {} }\\n' > \"$1/$(printf '\\377').java\"; mkdir \"$1/$(printf 'd\\376')\";"
        + " printf 'class Y { void below() {} }\\n' > \"$1/$(printf 'd\\376')/Y.java\"");
    try (Engine e = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS)) {
      e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      assertEquals(List.of("d\uFFFD bad-file-name", "\uFFFD.java bad-file-name"), issues(e), "listed, with the reason");
      assertEquals(List.of("Ok.java"), defs(e, "fine"));
      assertEquals(List.of(), defs(e, "below"), "nothing below a bad directory name is opened");
      try (Searcher s = Searcher.open(e)) {
        assertEquals(2, s.counts().issues());
      }

      // What the watcher sends for these names: their lossy strings. Each costs a listing.
      e.apply(ChangeSet.of("\uFFFD.java", "d\uFFFD/Y.java"), pool, ProgressListener.NONE);
      assertEquals(List.of("d\uFFFD bad-file-name", "\uFFFD.java bad-file-name"), issues(e));

      sh("rm \"$1/$(printf '\\377').java\"");
      e.apply(ChangeSet.of("\uFFFD.java"), pool, ProgressListener.NONE);
      assertEquals(List.of("d\uFFFD bad-file-name"), issues(e), "gone: its issue goes with it");
      sh("rm -r \"$1/$(printf 'd\\376')\"");
      e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      assertEquals(List.of(), issues(e));
      try (Searcher s = Searcher.open(e)) {
        assertEquals(0, s.counts().issues());
      }
    }
  }
}
