package dev.symdex.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping a daemon that is not there: nothing is signalled, and a stale daemon.json goes. */
class DaemonStopTest {
  @TempDir Path dataDir;

  @Test
  void noDaemonJsonIsNotRunning() throws Exception {
    DaemonStop.Result r = DaemonStop.stop(dataDir, Duration.ofSeconds(1));
    assertEquals(new DaemonStop.Result(DaemonStop.Outcome.NOT_RUNNING, "no daemon runs on " + dataDir), r);
  }

  @Test
  void aPidThatIsNotRunningIsNotRunningAndItsFileIsDeleted() throws Exception {
    long pid = Long.MAX_VALUE; // above pid_max: never a live process
    Files.writeString(dataDir.resolve("daemon.json"), "{\"pid\":" + pid + ",\"root\":\"/x\"}\n", StandardCharsets.UTF_8);
    DaemonStop.Result r = DaemonStop.stop(dataDir, Duration.ofSeconds(1));
    assertEquals(new DaemonStop.Result(DaemonStop.Outcome.NOT_RUNNING, "daemon pid " + pid + " is not running"), r);
    assertFalse(Files.exists(dataDir.resolve("daemon.json")));
  }

  @Test
  void aFileWithoutPidFails() throws Exception {
    Files.writeString(dataDir.resolve("daemon.json"), "{}\n", StandardCharsets.UTF_8);
    DaemonStop.Result r = DaemonStop.stop(dataDir, Duration.ofSeconds(1));
    assertEquals(new DaemonStop.Result(DaemonStop.Outcome.FAILED, "unreadable " + dataDir.resolve("daemon.json")), r);
  }
}
