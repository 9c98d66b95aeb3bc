package dev.symdex.engine.index;

import dev.symdex.engine.query.Searcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A change set larger than a checkpoint commits in steps, and an interrupted one keeps its steps. */
class CheckpointTest {
  static final int FILES = IndexWriter.CHECKPOINT_FILES * 2 + 100;

  @TempDir Path root;
  @TempDir Path data;
  private ExecutorService pool;

  @BeforeEach
  void tree() throws Exception {
    pool = Executors.newFixedThreadPool(2);
    for (int i = 0; i < FILES; i++) {
      Path dir = Files.createDirectories(root.resolve("d" + (i % 50)));
      Files.writeString(dir.resolve("F" + i + ".java"), "class F" + i + " { void m" + i + "() { shared(); } }\n");
    }
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void aLargeChangeSetCommitsInStepsAndEndsComplete() throws Exception {
    try (Engine e = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS)) {
      ApplyResult r = e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      assertEquals(FILES, r.filesParsed());
      assertTrue(r.generation() >= 3, "two checkpoints and the final commit: " + r.generation());
      try (Searcher s = Searcher.open(e)) {
        assertEquals(FILES, s.counts().files());
        assertEquals(FILES, s.callers("shared", FILES + 1).hits().size());
      }
    }
  }

  @Test
  void anInterruptedIndexKeepsWhatItCommitted() throws Exception {
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try (Engine e = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS)) {
      Future<ApplyResult> running = writer.submit(() -> e.apply(ChangeSet.everything(), pool, ProgressListener.NONE));
      // Wait until the first checkpoint is visible, then interrupt the writer.
      long files = 0;
      while (files == 0 && !running.isDone()) {
        try (Searcher s = Searcher.open(e)) {
          files = s.counts().files();
        }
        Thread.sleep(5);
      }
      running.cancel(true);
      writer.shutdown();
      assertTrue(writer.awaitTermination(60, TimeUnit.SECONDS));
      long committed;
      try (Searcher s = Searcher.open(e)) {
        committed = s.counts().files();
      }
      assertTrue(committed >= IndexWriter.CHECKPOINT_FILES, "a checkpoint was committed: " + committed);
      assertFalse(e.reconciled(), "steps of a first index are not a whole index (issue 11 item 7)");
      ApplyResult resumed = e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      assertEquals(FILES - committed, resumed.filesParsed(), "only what was not committed is parsed again");
      try (Searcher s = Searcher.open(e)) {
        assertEquals(FILES, s.counts().files());
      }
      assertTrue(e.reconciled(), "the resumed reconcile completed the index");
    }
    try (Engine again = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS)) {
      assertTrue(again.reconciled(), "and a restart knows it");
    }
  }

  @Test
  void aWholeTreeStepEndsAfterSoManyChangesButAnEditOfTheSameFilesIsSeenWhole() throws Exception {
    Path wide = Files.createDirectories(data.resolve("wide"));
    int names = 1000; // a definition each: a put in the definitions postings
    // far fewer files than a step holds (steps end between submissions: some are in flight)
    int files = (int) (WriteBatch.CHECKPOINT_CHANGES / names) + ParallelIngest.IN_FLIGHT + 20;
    java.util.Set<String> paths = new java.util.TreeSet<>();
    for (int i = 0; i < files; i++) {
      StringBuilder src = new StringBuilder("class W" + i + " {\n");
      for (int n = 0; n < names; n++) {
        src.append("  void f").append(i).append('n').append(n).append("() {}\n");
      }
      Files.writeString(wide.resolve("W" + i + ".java"), src.append("}\n").toString());
      paths.add("W" + i + ".java");
    }
    try (Engine e = Engine.open(wide, data.resolve("wide-index"), EngineOptions.DEFAULTS)) {
      ApplyResult first = e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      assertEquals(files, first.filesParsed());
      assertTrue(first.generation() >= 2, "a step ended by its changes, then the final commit: " + first.generation());
      for (int i = 0; i < files; i++) { // every file again, other names: as many changes, twice (out and in)
        Files.writeString(wide.resolve("W" + i + ".java"), "class W" + i + " { void edited" + i + "() {} }\n"
            + Files.readString(wide.resolve("W" + i + ".java")).replace("class W" + i, "class X" + i));
      }
      ApplyResult edit = e.apply(ChangeSet.of(paths), pool, ProgressListener.NONE);
      assertEquals(files, edit.filesParsed());
      assertEquals(first.generation() + 1, edit.generation(), "a change set of fewer files than a step commits once");
      try (Searcher s = Searcher.open(e)) {
        assertEquals(files, s.counts().files());
        assertEquals(1, s.definitions("edited0", 10).hits().size());
        assertEquals(1, s.definitions("f" + (files - 1) + "n" + (names - 1), 10).hits().size());
      }
    }
  }
}
