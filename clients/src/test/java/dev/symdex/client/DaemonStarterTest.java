package dev.symdex.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.cli.FakeDaemon;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DaemonStarter without the daemon (clients cannot depend on it; tests/mcp.sh starts the real one):
 * a daemon that answers is left alone, a fresh data dir is made private and marked, someone else's
 * is refused, and a {@code bin/symdex} that fails is reported with its output.
 */
class DaemonStarterTest {
  @TempDir Path tmp;

  @AfterEach
  void clearHome() {
    System.clearProperty(DaemonStarter.HOME_PROPERTY);
  }

  @Test
  void aDaemonThatAnswersIsNotStartedAgain() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    try (FakeDaemon fake = new FakeDaemon(data)) {
      System.setProperty(DaemonStarter.HOME_PROPERTY, tmp.resolve("nowhere").toString()); // a start would fail
      DaemonStarter.Running r = DaemonStarter.ensureRunning(data, tmp, Duration.ofSeconds(5), List.of());
      assertFalse(r.started());
      assertNull(r.log());
      assertEquals(SymdexPaths.socket(data), r.socket());
      assertTrue(DaemonStarter.answers(data));
    }
    assertFalse(DaemonStarter.answers(data), "the socket file is gone with the daemon");
  }

  @Test
  void aFreshDataDirIsMadePrivateAndMarkedBeforeTheLogIsWritten() throws IOException {
    Path data = tmp.resolve("a/b/data");
    Path log = DaemonStarter.prepareLog(data);
    assertEquals(data.resolve(DaemonStarter.LOG), log);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log.getParent())));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
    assertEquals(DaemonStarter.MARKER_TEXT, Files.readString(data.resolve(DaemonStarter.MARKER), StandardCharsets.UTF_8));
    Files.writeString(log, "old run\n", StandardCharsets.UTF_8);
    DaemonStarter.prepareLog(data);
    assertEquals("", Files.readString(log, StandardCharsets.UTF_8), "each start has a log of its own");
  }

  @Test
  void aDirectoryThatIsNotEmptyAndNotSymdexsIsRefusedAndLeftAsItWas() throws IOException {
    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.writeString(other.resolve("notes.txt"), "mine", StandardCharsets.UTF_8);
    IOException e = assertThrows(IOException.class, () -> DaemonStarter.prepareLog(other));
    assertTrue(e.getMessage().contains("not a symdex data dir"), e.getMessage());
    try (var s = Files.list(other)) {
      assertEquals(List.of(other.resolve("notes.txt")), s.toList());
    }
  }

  @Test
  void aServeThatFailsIsReportedWithItsOutputAndLog() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home/bin"));
    Path script = home.resolve("symdex");
    Files.writeString(script, "#!/bin/sh\necho \"serve refused: $*\" >&2\nexit 2\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    System.setProperty(DaemonStarter.HOME_PROPERTY, home.getParent().toString());
    Path data = tmp.resolve("data");
    DaemonStarter.StartException e = assertThrows(DaemonStarter.StartException.class,
        () -> DaemonStarter.ensureRunning(data, tmp, Duration.ofSeconds(10), List.of("--idle-timeout", "1h")));
    assertTrue(e.getMessage().contains("exited (2)"), e.getMessage());
    assertTrue(e.getMessage().contains("serve refused: serve --root " + tmp.toAbsolutePath().normalize() + " --data-dir " + data + " --idle-timeout 1h"),
        e.getMessage());
    assertTrue(e.getMessage().contains(data.resolve(DaemonStarter.LOG).toString()), e.getMessage());
  }

  @Test
  void homeIsThePropertyWhenItHoldsBinSymdexElseFoundFromTheClassesLocation() throws IOException {
    Path home = Files.createDirectories(tmp.resolve("h/bin"));
    Files.writeString(home.resolve("symdex"), "", StandardCharsets.UTF_8);
    System.setProperty(DaemonStarter.HOME_PROPERTY, home.getParent().toString());
    assertEquals(home.getParent(), DaemonStarter.home().orElseThrow());
    System.setProperty(DaemonStarter.HOME_PROPERTY, tmp.toString());
    assertTrue(DaemonStarter.home().isEmpty(), "a property naming no checkout is not second-guessed");
    System.clearProperty(DaemonStarter.HOME_PROPERTY);
    // Tests load classes from clients/target/classes, inside this checkout.
    assertTrue(Files.isRegularFile(DaemonStarter.home().orElseThrow().resolve("bin/symdex")));
  }
}
