package dev.symdex.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.index.DiskAccess;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.StatusResponse;
import dev.symdex.proto.v1.SyncRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 8, end to end: a file that became readable (mode 000, then 644: a real chmod
 * seen by the real watcher) is indexed; a read that fails for a passing reason (EMFILE, injected
 * at the read seam) keeps what was indexed, makes the daemon degraded and Sync RESOURCE_EXHAUSTED,
 * and once the fault lifts every change made during it is indexed without a restart.
 */
class ReadFaultsTest {
  @TempDir Path root;
  @TempDir Path data;
  private TestDaemon d;

  @AfterEach
  void stop() {
    if (d != null) {
      d.close();
    }
  }

  /**
   * The kernel's permission check, for a test that may run as root (who reads a mode-000 file):
   * a file without owner read permission fails as EACCES does. As another user the real read
   * fails the same way first.
   */
  private static final DiskAccess PERMISSIONS = DiskAccess.REAL.withReader((file, max) -> {
    if (!Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_READ)) {
      throw new AccessDeniedException(file.toString());
    }
    return DiskAccess.readFile(file, max);
  });

  private List<String> defs(String name) {
    return d.within(30_000).findDefinitions(FindDefinitionsRequest.newBuilder().setName(name).build()).getResultsList().stream()
        .map(Result::getPath).toList();
  }

  private long sync() {
    return d.within(60_000).sync(SyncRequest.newBuilder().setTimeoutMs(30_000).build()).getPendingChanges();
  }

  @Test
  void aFileThatBecameReadableIsIndexedOnItsNextEvent() throws Exception {
    Path u = Files.writeString(root.resolve("U.java"), "class U { void hidden() {} }\n");
    Files.setLastModifiedTime(u, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000)); // a settled stat, trusted
    Files.setPosixFilePermissions(u, PosixFilePermissions.fromString("---------"));
    d = TestDaemon.start(root, data, PERMISSIONS);
    assertTrue(d.daemon.awaitInitialIndex(Duration.ofSeconds(60)));
    StatusResponse st = d.status();
    assertTrue(st.getFileIssuesList().stream().anyMatch(i -> i.getPath().equals("U.java") && i.getReason().equals("unreadable")), st.toString());
    assertEquals(List.of(), defs("hidden"));

    Files.setPosixFilePermissions(u, PosixFilePermissions.fromString("rw-r--r--")); // only the ctime moves
    assertEquals(0, sync());
    assertEquals(List.of("U.java"), defs("hidden"));
    assertTrue(d.status().getFileIssuesList().stream().noneMatch(i -> i.getPath().equals("U.java")));
  }

  @Test
  void changesMadeWhileFileDescriptorsRanOutAreIndexedOnceTheyAreBack() throws Exception {
    Files.writeString(root.resolve("A.java"), "class A { void alpha() {} }\n");
    AtomicBoolean emfile = new AtomicBoolean();
    d = TestDaemon.start(root, data, DiskAccess.REAL.withReader((file, max) -> {
      if (emfile.get()) {
        throw new FileSystemException(file.toString(), null, "Too many open files");
      }
      return DiskAccess.readFile(file, max);
    }));
    assertTrue(d.daemon.awaitInitialIndex(Duration.ofSeconds(60)));

    emfile.set(true);
    Files.writeString(root.resolve("A.java"), "class A { void alpha() {} void gamma() {} }\n");
    Files.writeString(root.resolve("B.java"), "class B { void beta() {} }\n");
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, this::sync);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
    assertTrue(e.getStatus().getDescription().contains("Too many open files"), e.getStatus().getDescription());
    StatusResponse st = d.status();
    assertEquals("degraded", st.getState());
    assertTrue(st.getStateReason().contains("Too many open files"), st.getStateReason());
    assertTrue(st.getPendingChanges() > 0, "the unread changes are pending");
    assertEquals(List.of("A.java"), defs("alpha"), "what was indexed stays: the file is not unreadable");
    assertTrue(st.getFileIssuesList().isEmpty(), "nothing recorded as unreadable: " + st.getFileIssuesList());

    emfile.set(false);
    assertEquals(0, sync(), "everything applied once the fault lifted");
    assertEquals(List.of("A.java"), defs("gamma"));
    assertEquals(List.of("B.java"), defs("beta"));
    st = d.status();
    assertEquals("serving", st.getState());
    assertEquals("", st.getStateReason());
    assertEquals(0, st.getPendingChanges());
  }
}
