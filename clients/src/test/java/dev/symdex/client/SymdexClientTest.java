package dev.symdex.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.cli.FakeDaemon;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client library against a real gRPC server on a Unix socket in a data dir. */
class SymdexClientTest {
  @TempDir Path dir;

  @Test
  void findsTheSocketInTheDataDirAndAnswers() throws Exception {
    try (FakeDaemon d = new FakeDaemon(dir); SymdexClient c = SymdexClient.connect(dir)) {
      assertEquals("unix://" + dir.toAbsolutePath().resolve("symdex.sock"), c.target());
      assertEquals("A.java", c.findDefinitions("bar").getResults(0).getPath());
      assertEquals(0, c.findDefinitions("nothing").getResultsCount());
      assertEquals("serving", c.status().getState());
    }
  }

  @Test
  void aTokenGoesWithEveryCallAndNoneWithout() throws Exception {
    try (FakeDaemon d = new FakeDaemon(dir)) {
      try (SymdexClient c = SymdexClient.builder().dataDir(dir).token("s3cret").build()) {
        c.findDefinitions("bar");
        assertEquals("Bearer s3cret", d.lastAuthorization);
        c.status();
        assertEquals("Bearer s3cret", d.lastAuthorization);
      }
      try (SymdexClient c = SymdexClient.connect(dir)) {
        c.status();
        assertEquals("", d.lastAuthorization);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> SymdexClient.builder().token(" "));
  }

  @Test
  void retriesUnavailableWhileTheDaemonStarts() throws Exception {
    try (SymdexClient c = SymdexClient.builder().dataDir(dir).startupWait(Duration.ofSeconds(20)).build()) {
      CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> c.findDefinitions("bar").getResults(0).getName());
      Thread.sleep(700); // the first attempts find no socket
      try (FakeDaemon d = new FakeDaemon(dir)) {
        assertEquals("bar", answer.get(20, TimeUnit.SECONDS));
      }
    }
  }

  @Test
  void givesUpOnUnavailableAfterTheStartupWait() {
    try (SymdexClient c = SymdexClient.builder().dataDir(dir).startupWait(Duration.ofMillis(300)).build()) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, c::status);
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    }
  }

  @Test
  void everyCallHasTheDefaultDeadlineAndOtherErrorsAreNotRetried() throws Exception {
    try (FakeDaemon d = new FakeDaemon(dir);
         SymdexClient c = SymdexClient.builder().dataDir(dir).deadline(Duration.ofMillis(200)).build()) {
      StatusRuntimeException slow = assertThrows(StatusRuntimeException.class, () -> c.findDefinitions("slow:3000"));
      assertEquals(Status.Code.DEADLINE_EXCEEDED, slow.getStatus().getCode());
      int before = d.calls.get();
      StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> c.findDefinitions("fail:3:bad"));
      assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
      assertEquals(before + 1, d.calls.get(), "an INVALID_ARGUMENT is not repeated");
    }
  }

  @Test
  void defaultDataDirIsTheDaemons() {
    String env = System.getenv("SYMDEX_DATA_DIR");
    Path expected = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".local/share/symdex");
    assertEquals(expected, SymdexPaths.defaultDataDir());
    assertEquals(expected.toAbsolutePath().resolve("symdex.sock"), SymdexPaths.socket(expected));
  }
}
