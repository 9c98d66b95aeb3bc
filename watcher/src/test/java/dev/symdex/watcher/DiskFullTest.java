package dev.symdex.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.index.DiskAccess;
import dev.symdex.engine.testing.FaultyStore;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.StatusResponse;
import dev.symdex.proto.v1.SyncRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 9, end to end: while the disk holding the index is full (ENOSPC at commit,
 * injected at the store seam; the rest is the real daemon, watcher, LMDB and gRPC), Status says
 * degraded with the reason, Sync answers RESOURCE_EXHAUSTED instead of returning with changes
 * pending, queries keep answering what was committed; once there is room again the index
 * converges and pending_changes returns to 0, without a restart.
 */
class DiskFullTest {
  @TempDir Path root;
  @TempDir Path data;
  private TestDaemon d;

  @AfterEach
  void stop() {
    if (d != null) {
      d.close();
    }
  }

  private List<String> defs(String name) {
    return d.within(30_000).findDefinitions(FindDefinitionsRequest.newBuilder().setName(name).build()).getResultsList().stream()
        .map(Result::getPath).toList();
  }

  private long sync() {
    return d.within(60_000).sync(SyncRequest.newBuilder().setTimeoutMs(30_000).build()).getPendingChanges();
  }

  @Test
  void aFullDiskDegradesTheDaemonAndItConvergesOnceThereIsRoom() throws Exception {
    Files.writeString(root.resolve("A.java"), "class A { void alpha() {} }\n");
    AtomicReference<FaultyStore> store = new AtomicReference<>();
    d = TestDaemon.start(root, data, DiskAccess.REAL.withStore(s -> {
      store.set(new FaultyStore(s));
      return store.get();
    }));
    assertTrue(d.daemon.awaitInitialIndex(Duration.ofSeconds(60)));

    store.get().full = true;
    Files.writeString(root.resolve("B.java"), "class B { void beta() {} }\n");
    Files.writeString(root.resolve("A.java"), "class A { void alpha() {} void gamma() {} }\n");
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, this::sync);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
    assertTrue(e.getStatus().getDescription().contains("full"), e.getStatus().getDescription());
    StatusResponse st = d.status();
    assertEquals("degraded", st.getState());
    assertTrue(st.getStateReason().contains("No space left on device"), st.getStateReason());
    assertTrue(st.getPendingChanges() > 0, "the changes are pending, not dropped");
    assertEquals(List.of("A.java"), defs("alpha"), "queries answer what was committed");
    assertEquals(List.of(), defs("beta"));
    assertThrows(StatusRuntimeException.class, this::sync, "still full: still refused");

    store.get().full = false;
    assertEquals(0, sync(), "room again: every change applied, no restart");
    assertEquals(List.of("B.java"), defs("beta"));
    assertEquals(List.of("A.java"), defs("gamma"));
    st = d.status();
    assertEquals("serving", st.getState());
    assertEquals(0, st.getPendingChanges());
    assertTrue(store.get().refused.get() >= 2, "the full disk was really hit: " + store.get().refused.get());
  }

  @Test
  void aFirstIndexOnAFullDiskConvergesWithoutARestart() throws Exception {
    Files.writeString(root.resolve("A.java"), "class A { void alpha() {} }\n");
    AtomicReference<FaultyStore> store = new AtomicReference<>();
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch fill = new CountDownLatch(1);
    d = TestDaemon.start(root, data, new DiskAccess((file, max) -> {
      reading.countDown();
      try {
        fill.await(60, TimeUnit.SECONDS); // the disk fills while the first index reads
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("stopped");
      }
      return DiskAccess.readFile(file, max);
    }, s -> {
      store.set(new FaultyStore(s));
      return store.get();
    }));
    assertTrue(reading.await(60, TimeUnit.SECONDS));
    store.get().full = true;
    fill.countDown();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, this::sync);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
    StatusResponse st = d.status();
    assertEquals("indexing", st.getState(), "no complete index yet");
    assertTrue(st.getStateReason().contains("No space left on device"), st.getStateReason());
    assertTrue(st.getPendingChanges() > 0);
    store.get().full = false;
    assertEquals(0, sync());
    assertEquals(List.of("A.java"), defs("alpha"));
    assertEquals("serving", d.status().getState());
  }
}
