package dev.symdex.engine.index;

import dev.symdex.engine.query.Searcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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
  void stepsThatOnlyMoveStatsKeepTheImportGraphCompleteAndAFewEditsAreResolvedInTheirStep() throws Exception {
    // Files no import is read from (docs, data): more than a step resolves by itself.
    Path notes = Files.createDirectories(root.resolve("notes"));
    for (int i = 0; i < 1000; i++) {
      Files.writeString(notes.resolve("n" + i + ".txt"), "note " + i + "\n");
    }
    try (Engine e = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS)) {
      e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      for (int i = 0; i < 1000; i++) {
        Files.setLastModifiedTime(notes.resolve("n" + i + ".txt"), FileTime.fromMillis(System.currentTimeMillis() - 7_200_000L + i));
      }
      // Every file's stat moves and its content stays (a tool touched the tree, or the index was
      // copied from another clone): more files than a step, so the change commits in steps.
      long past = System.currentTimeMillis() - 3_600_000L;
      for (int i = 0; i < FILES; i++) {
        Files.setLastModifiedTime(root.resolve("d" + (i % 50)).resolve("F" + i + ".java"), FileTime.fromMillis(past + i));
      }
      Files.writeString(root.resolve("d7").resolve("F7.java"), "class F7 { void edited() { shared(); } }\n");
      Files.setLastModifiedTime(root.resolve("d7").resolve("F7.java"), FileTime.fromMillis(past - 1000));
      ApplyResult r = e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      assertEquals(1, r.filesParsed(), "the one edited file");
      assertTrue(r.importsResolved() < 100, "the graph was not rebuilt from every file: " + r.importsResolved() + " resolved");
      try (Searcher s = Searcher.open(e)) {
        assertEquals(FILES, s.callers("shared", FILES + 1).hits().size());
        assertEquals(1, s.definitions("edited", 10).hits().size());
        assertEquals(0, s.definitions("m7", 10).hits().size());
      }
      ApplyResult again = e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      assertEquals(0, again.importsResolved(), "and it is complete: nothing left to rebuild");
    }
  }
}
