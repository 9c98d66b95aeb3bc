package dev.symdex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.proto.v1.StatusResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's own commands: {@code wait} with its progress line, {@code completion}, and the exit-code table in --help. */
class WaitAndCompletionTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new SymdexCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
  }

  @Test
  void waitShowsProgressUntilServingThenPrintsStatus() throws Exception {
    try (FakeDaemon d = new FakeDaemon(dir)) {
      AtomicInteger polls = new AtomicInteger();
      d.status = () -> {
        int n = polls.incrementAndGet();
        return n < 4
            ? StatusResponse.newBuilder().setState("indexing").setProgressDone(100L * n).setProgressTotal(400).build()
            : StatusResponse.newBuilder().setState("serving").setFiles(400).build();
      };
      assertEquals(SymdexCli.EXIT_OK, run("wait", "--data-dir", dir.toString(), "--json"));
      assertTrue(polls.get() >= 4);
      String progress = err.toString(StandardCharsets.UTF_8);
      assertTrue(progress.contains("indexing 100 / 400 files  25% ["), progress);
      assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"files\":400"), out.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void waitWithNoDaemonGivesUpAtItsDeadline() {
    assertEquals(SymdexCli.EXIT_FAILED, run("wait", "--data-dir", dir.toString(), "--deadline-ms", "600"));
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.contains("waiting for the daemon") && e.contains("not indexed within 600 ms"), e);
  }

  @Test
  void progressLineHasDoneTotalRateAndEta() {
    long s = 1_000_000_000L;
    Progress p = new Progress(0);
    assertEquals("indexing 0 / 1,000 files   0% [........................] 0 files/s ETA ?", p.line(0, 1000, 0));
    assertEquals("indexing 500 / 1,000 files  50% [############............] 50 files/s ETA 0:10", p.line(500, 1000, 10 * s));
    assertEquals("indexing 42 files", p.line(42, 0, s));
    assertEquals("1:02:03", Progress.clock(3723));
  }

  @Test
  void completionScriptsNameEveryCommand() {
    assertEquals(SymdexCli.EXIT_OK, run("completion", "bash"));
    String bash = out.toString(StandardCharsets.UTF_8);
    for (String cmd : new String[] {"find-definitions", "defs", "refs", "callers", "status", "wait", "serve", "index", "stop", "--limit", "--json"}) {
      assertTrue(bash.contains(cmd), "bash completion lacks " + cmd);
    }
    assertTrue(bash.contains("complete -F"), "a bash completion function is registered");
    out.reset();
    assertEquals(SymdexCli.EXIT_OK, run("completion", "zsh"));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("autoload -U +X compinit"));
    assertEquals(SymdexCli.EXIT_USAGE, run("completion", "fish"));
    assertEquals(SymdexCli.EXIT_USAGE, run("completion"));
  }

  @Test
  void helpPrintsTheExitCodes() {
    assertEquals(SymdexCli.EXIT_OK, run("--help"));
    String help = out.toString(StandardCharsets.UTF_8);
    assertTrue(help.contains("Exit codes:") && help.contains("3  no daemon answers"), help);
    assertTrue(help.contains("wait") && help.contains("completion"), help);
  }
}
