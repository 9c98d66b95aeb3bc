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

  @Test
  void theImportGraphResolvedInParallelAfterStepsEqualsOneResolvedOnTheWriter() throws Exception {
    Path tree = Files.createDirectories(data.resolve("graph"));
    int names = 600;
    int files = (int) (WriteBatch.CHECKPOINT_CHANGES / names) + ParallelIngest.IN_FLIGHT + 40;
    java.util.Set<String> paths = new java.util.TreeSet<>();
    for (int i = 0; i < files; i++) {
      String pkg = "p" + (i % 7);
      StringBuilder src = new StringBuilder("package " + pkg + ";\n");
      src.append("import p").append((i + 1) % 7).append(".W").append((i + 1) % files).append(";\n");
      src.append("import p").append((i + 3) % 7).append(".*;\n");
      src.append("class W").append(i).append(" {\n  W").append((i + 1) % files).append(" next;\n");
      for (int n = 0; n < names; n++) {
        src.append("  void f").append(i).append('n').append(n).append("() {}\n");
      }
      Path file = Files.createDirectories(tree.resolve(pkg)).resolve("W" + i + ".java");
      Files.writeString(file, src.append("}\n").toString());
      paths.add(pkg + "/W" + i + ".java");
    }
    try (Engine stepped = Engine.open(tree, data.resolve("stepped"), EngineOptions.DEFAULTS);
        Engine whole = Engine.open(tree, data.resolve("whole"), EngineOptions.DEFAULTS)) {
      ApplyResult a = stepped.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      assertTrue(a.generation() >= 3, "steps, the step before the graph, the graph: " + a.generation());
      ApplyResult b = whole.apply(ChangeSet.of(paths), pool, ProgressListener.NONE); // one transaction: resolved on the writer
      assertEquals(1, b.generation());
      try (Searcher s1 = Searcher.open(stepped); Searcher s2 = Searcher.open(whole)) {
        int edges = 0;
        for (String p : paths) {
          assertEquals(s2.imports(p), s1.imports(p), p);
          edges += s1.imports(p).size();
        }
        assertTrue(edges >= files, "the imports resolved: " + edges);
        assertEquals(s2.dependents("p1/W1.java", 3, 1000), s1.dependents("p1/W1.java", 3, 1000));
      }
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
