package dev.symdex.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.client.DaemonStarter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command lines around DaemonStarter (tests/mcp.sh starts real daemons through them). */
class DaemonStartTest {
  @TempDir Path tmp;

  @Test
  void aCommandLineWithoutStartIsPassedOnAsItIs() {
    String[] args = {"defs", "bar", "--data-dir", tmp.toString()};
    assertSame(args, DaemonStart.startIfAsked(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
  }

  @Test
  void startWithConnectStartsNothingAndIsTakenOff() {
    Path data = tmp.resolve("data");
    String[] rest = DaemonStart.startIfAsked(new String[] {"defs", "bar", "--start", "--connect", "tcp:127.0.0.1:1", "--data-dir", data.toString()},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertArrayEquals(new String[] {"defs", "bar", "--connect", "tcp:127.0.0.1:1", "--data-dir", data.toString()}, rest);
    assertFalse(Files.exists(data), "no daemon was started on the data dir");
  }

  @Test
  void detachRefusesListenAsUsage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = DaemonStart.detach(new String[] {"serve", "--detach", "--listen", "tcp:127.0.0.1:1"}, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(SymdexCli.EXIT_USAGE, rc);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--listen"));
  }

  @Test
  void theDefaultRootIsTheWorkTreeHoldingTheDirectoryAndNeverHomeOrSlashUnasked() throws Exception {
    Path tree = Files.createDirectories(tmp.resolve("tree/.git")).getParent();
    Path deep = Files.createDirectories(tree.resolve("src/main"));
    assertEquals(tree, DaemonStarter.defaultRoot(deep));
    Path loose = Files.createDirectories(tmp.resolve("loose"));
    assertTrue(loose.startsWith(DaemonStarter.defaultRoot(loose)), "itself, or a work tree above the temp dir");
    assertNotNull(DaemonStarter.tooBroad(Path.of("/")));
    assertNotNull(DaemonStarter.tooBroad(Path.of(System.getProperty("user.home"))));
    assertNull(DaemonStarter.tooBroad(tree));
  }
}
