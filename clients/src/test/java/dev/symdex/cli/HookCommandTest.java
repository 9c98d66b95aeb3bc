package dev.symdex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hooks fail open. With a daemon up they are tested end to end by tests/agent.sh (a real daemon
 * on a temp git tree); here: no daemon, and a socket that accepts and never answers (the one
 * stand-in: a real daemon cannot be made to hang on purpose).
 */
class HookCommandTest {
  private static final String INPUT = "{\"cwd\":\"/tmp\",\"session_id\":\"s\",\"hook_event_name\":\"SessionStart\",\"source\":\"startup\","
      + "\"prompt\":\"rename the parser class everywhere\"}";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int hook(String sub, Path dataDir) {
    return HookCommand.run(new String[] {"hook", sub, "--data-dir", dataDir.toString()},
        new ByteArrayInputStream(INPUT.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void noDaemonMeansExitZeroAndNoOutput(@TempDir Path dataDir) {
    for (String sub : new String[] {"session-start", "prompt"}) {
      assertEquals(0, hook(sub, dataDir), sub);
      assertEquals("", out.toString(StandardCharsets.UTF_8), sub);
      assertEquals("", err.toString(StandardCharsets.UTF_8), sub);
    }
  }

  @Test
  void aDaemonThatNeverAnswersMeansExitZeroAndNoOutputWithinTheBudget(@TempDir Path dataDir) throws Exception {
    try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      silent.bind(UnixDomainSocketAddress.of(dataDir.resolve("symdex.sock"))); // connects, never accepted nor answered
      for (String sub : new String[] {"session-start", "prompt"}) {
        long t0 = System.nanoTime();
        assertEquals(0, hook(sub, dataDir), sub);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // The issue bounds a hook at under a second; the budget is 600 ms. 3 s leaves room for a
        // loaded CI machine while still failing if the hook waited for the call (or DirectCall's
        // own deadline + 1 s watchdog).
        assertTrue(ms < 3_000, sub + " took " + ms + " ms");
        assertEquals("", out.toString(StandardCharsets.UTF_8), sub);
      }
    }
  }

  @Test
  void anUnknownHookIsExitOneNotTwoWhichWouldBlockThePrompt(@TempDir Path dataDir) {
    assertEquals(1, hook("pre-tool-use", dataDir));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: symdex hook session-start|prompt"));
  }

  @Test
  void theBudgetVariableIsReadWithinBoundsElseTheDefault() {
    assertEquals(HookCommand.BUDGET_MS, HookCommand.budget(null));
    assertEquals(2_000, HookCommand.budget(" 2000"));
    assertEquals(HookCommand.BUDGET_MS, HookCommand.budget("soon"));
    assertEquals(HookCommand.BUDGET_MS, HookCommand.budget("0"));
    assertEquals(HookCommand.BUDGET_MS, HookCommand.budget("600001"));
  }

  @Test
  void contextIsCutAtTenThousandCharactersWithALine() {
    String line = "x".repeat(99) + "\n";
    String cut = HookCommand.cut(line.repeat(200));
    assertTrue(cut.length() <= HookCommand.MAX_CONTEXT, "length " + cut.length());
    assertTrue(cut.endsWith(HookCommand.CUT_LINE));
    assertTrue(cut.startsWith(line.repeat(90)));
    assertEquals("short", HookCommand.cut("short"));
  }
}
