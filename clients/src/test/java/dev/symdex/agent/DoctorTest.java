package dev.symdex.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** symdex doctor without a daemon (with one: tests/agent.sh). */
class DoctorTest {
  @Test
  void noDaemonIsExitThreeWithAClearLineAndTheLocalChecksStillRun(@TempDir Path tmp) throws Exception {
    Path dataDir = Files.createDirectory(tmp.resolve("data"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    int rc = Doctor.run(new String[] {"doctor", "--data-dir", dataDir.toString(), "--root", tmp.toString()}, o, o);
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(3, rc, text);
    assertTrue(text.contains("FAIL  daemon: no daemon answers (no socket " + dataDir.resolve("symdex.sock")), text);
    assertTrue(text.contains("FAIL  data dir: others may read " + dataDir + " is rwxr-xr-x"), text);
    assertTrue(text.contains("Claude Code, project " + tmp + ": not set up"), text);
  }

  @Test
  void badUsageIsExitTwo() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertEquals(2, Doctor.run(new String[] {"doctor", "--frobnicate"}, o, o));
  }
}
