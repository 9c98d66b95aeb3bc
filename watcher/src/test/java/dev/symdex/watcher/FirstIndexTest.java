package dev.symdex.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.index.DiskAccess;
import dev.symdex.proto.v1.CallersRequest;
import dev.symdex.proto.v1.DeltaRequest;
import dev.symdex.proto.v1.FileOutlineRequest;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.FindReferencesRequest;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.SyncRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 7: while a project's first index is not complete, a query is refused with
 * FAILED_PRECONDITION ("project P is indexing: N of M files"), never answered empty; with sync it
 * waits for the first index; a Sync past its deadline is DEADLINE_EXCEEDED, never UNAVAILABLE. A
 * warm restart with a complete stored index answers from it while it re-checks. The first index
 * is held back by a read that waits at a gate (the only injected part: a real daemon, watcher,
 * LMDB and gRPC over the Unix socket).
 */
class FirstIndexTest {
  @TempDir Path root;
  @TempDir Path data;

  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  /** Reads of Slow.java wait at the gate until {@link #release} opens. */
  private final DiskAccess gated = DiskAccess.REAL.withReader((file, max) -> {
    if (file.getFileName().toString().equals("Slow.java")) {
      held.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("stopped at the gate");
      }
    }
    return DiskAccess.readFile(file, max);
  });
  private TestDaemon d;

  @BeforeEach
  void tree() throws Exception {
    Files.writeString(root.resolve("A.java"), "class A { void alpha() { beta(); } void beta() {} }\n");
    Files.writeString(root.resolve("Slow.java"), "class Slow { void slow() {} }\n");
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (d != null) {
      d.close();
    }
  }

  private static void assertCode(Status.Code code, Executable call, String inMessage) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
    assertEquals(code, e.getStatus().getCode(), String.valueOf(e.getStatus().getDescription()));
    assertTrue(String.valueOf(e.getStatus().getDescription()).contains(inMessage), e.getStatus().getDescription());
  }

  private static List<String> paths(List<Result> results) {
    return results.stream().map(Result::getPath).toList();
  }

  @Test
  void aQueryDuringTheFirstIndexIsRefusedAndWithSyncWaitsForIt() throws Exception {
    d = TestDaemon.start(root, data, gated);
    assertTrue(held.await(60, TimeUnit.SECONDS), "the first index reached the gate");
    assertEquals("indexing", d.status().getState());

    var alpha = FindDefinitionsRequest.newBuilder().setName("alpha").build();
    assertCode(Status.Code.FAILED_PRECONDITION, () -> d.within(30_000).findDefinitions(alpha), "is indexing");
    assertCode(Status.Code.FAILED_PRECONDITION, () -> d.within(30_000).findReferences(FindReferencesRequest.newBuilder().setName("beta").build()),
        "is indexing");
    assertCode(Status.Code.FAILED_PRECONDITION, () -> d.within(30_000).callers(CallersRequest.newBuilder().setName("beta").build()), "is indexing");
    assertCode(Status.Code.FAILED_PRECONDITION, () -> d.within(30_000).fileOutline(FileOutlineRequest.newBuilder().setPath("A.java").build()),
        "is indexing");
    assertCode(Status.Code.FAILED_PRECONDITION, () -> d.within(30_000).delta(DeltaRequest.newBuilder().setSince("HEAD").build()), "is indexing");

    assertCode(Status.Code.DEADLINE_EXCEEDED, () -> d.within(30_000).sync(SyncRequest.newBuilder().setTimeoutMs(300).build()), "is indexing");
    assertCode(Status.Code.DEADLINE_EXCEEDED, () -> d.within(300).sync(SyncRequest.getDefaultInstance()), "");
    assertCode(Status.Code.DEADLINE_EXCEEDED, () -> d.within(300).findDefinitions(alpha.toBuilder().setSync(true).build()), "");

    CompletableFuture<List<String>> waited = CompletableFuture.supplyAsync(
        () -> paths(d.within(60_000).findDefinitions(alpha.toBuilder().setSync(true).build()).getResultsList()));
    assertFalse(waited.isDone(), "a query with sync waits for the first index");
    release.countDown();
    assertEquals(List.of("A.java"), waited.get(60, TimeUnit.SECONDS));
    assertEquals("serving", d.status().getState());
    assertEquals(List.of("A.java"), paths(d.within(30_000).findDefinitions(alpha).getResultsList()));
  }

  @Test
  void aWarmRestartAnswersFromItsCompleteStoredIndexWhileItRechecks() throws Exception {
    release.countDown();
    d = TestDaemon.start(root, data, DiskAccess.REAL);
    assertTrue(d.daemon.awaitInitialIndex(Duration.ofSeconds(60)));
    d.close();
    Files.writeString(root.resolve("Slow.java"), "class Slow { void slow() {} void slower() {} }\n"); // re-read at the restart

    CountDownLatch again = new CountDownLatch(1);
    CountDownLatch heldAgain = new CountDownLatch(1);
    d = TestDaemon.start(root, data, DiskAccess.REAL.withReader((file, max) -> {
      if (file.getFileName().toString().equals("Slow.java")) {
        heldAgain.countDown();
        try {
          again.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("stopped at the gate");
        }
      }
      return DiskAccess.readFile(file, max);
    }));
    try {
      assertTrue(heldAgain.await(60, TimeUnit.SECONDS), "the re-check reached the gate");
      assertEquals("serving", d.status().getState(), "a complete stored index serves while it is re-checked");
      assertEquals(List.of("A.java"), paths(d.within(30_000).findDefinitions(FindDefinitionsRequest.newBuilder().setName("alpha").build())
          .getResultsList()));
    } finally {
      again.countDown();
    }
  }
}
