package dev.symdex.engine.index;

import dev.symdex.engine.query.DefinitionQuery;
import dev.symdex.engine.query.Hit;
import dev.symdex.engine.query.Searcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.io.IOException;
import java.nio.file.attribute.FileTime;

/**
 * Issue 11 item 8, in the engine: a file that could not be read is read again on every look (a
 * chmod changes no stat the index compares), and a read that fails for a passing reason (EMFILE,
 * ...) leaves the file's entry as it was and reports it deferred, never unreadable for good.
 */
class ReadFaultsTest {
  @TempDir Path root;
  @TempDir Path data;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /**
   * The kernel's permission check, for a test that may run as root (who reads a mode-000 file):
   * a file without owner read permission fails as EACCES would. As another user the real read
   * fails the same way first.
   */
  static final DiskAccess PERMISSIONS = DiskAccess.REAL.withReader((file, max) -> {
    if (!Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_READ)) {
      throw new AccessDeniedException(file.toString());
    }
    return DiskAccess.readFile(file, max);
  });

  /** Dates a file an hour back: its stat is then trusted (a file written in the last 2 s is re-read anyway, racy-git style). */
  static void settled(Path file) throws IOException {
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
  }

  private static List<String> issues(Engine e) throws Exception {
    try (Searcher s = Searcher.open(e)) {
      return s.snapshot().issues(50).stream().map(i -> i.path() + " " + i.reason()).toList();
    }
  }

  private static List<String> defs(Engine e, String name) throws Exception {
    try (Searcher s = Searcher.open(e)) {
      return s.findDefinitions(DefinitionQuery.exact(name), 10).hits().stream().map(Hit::path).toList();
    }
  }

  @Test
  void aFileThatBecameReadableIsIndexedByTheNextReconcile() throws Exception {
    Path u = Files.writeString(root.resolve("U.java"), "class U { void hidden() {} }\n");
    settled(u);
    Files.setPosixFilePermissions(u, PosixFilePermissions.fromString("---------"));
    try (Engine e = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS, PERMISSIONS)) {
      e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      assertEquals(List.of("U.java unreadable"), issues(e));
      Files.setPosixFilePermissions(u, PosixFilePermissions.fromString("rw-r--r--"));
      e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      assertEquals(List.of(), issues(e));
      assertEquals(List.of("U.java"), defs(e, "hidden"));
    }
  }

  @Test
  void aPassingReadFailureKeepsWhatWasIndexedAndIsReportedDeferred() throws Exception {
    Files.writeString(root.resolve("A.java"), "class A { void alpha() {} }\n");
    boolean[] emfile = {false};
    DiskAccess disk = DiskAccess.REAL.withReader((file, max) -> {
      if (emfile[0]) {
        throw new FileSystemException(file.toString(), null, "Too many open files");
      }
      return DiskAccess.readFile(file, max);
    });
    try (Engine e = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS, disk)) {
      e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      emfile[0] = true;
      Files.writeString(root.resolve("A.java"), "class A { void alpha() {} void gamma() {} }\n");
      ApplyResult r = e.apply(ChangeSet.of("A.java"), pool, ProgressListener.NONE);
      assertEquals(List.of(new ApplyResult.Deferred("A.java", "Too many open files", true)), r.deferred());
      assertEquals(List.of(), issues(e), "not recorded as unreadable");
      assertEquals(List.of("A.java"), defs(e, "alpha"), "what was indexed stays");
      r = e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      assertEquals(List.of("A.java"), r.deferred().stream().map(ApplyResult.Deferred::path).toList(), "a reconcile defers it too");
      emfile[0] = false;
      assertTrue(e.apply(ChangeSet.of("A.java"), pool, ProgressListener.NONE).deferred().isEmpty());
      assertEquals(List.of("A.java"), defs(e, "gamma"), "read once the fault lifted");
    }
  }
}
