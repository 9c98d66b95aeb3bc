package dev.symdex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code symdex plan "task" [--budget N] [--limit N] [--json]} against a daemon on a Unix socket
 * (the real gRPC stack, canned answers): the task as the first argument, {@code --budget} for
 * {@code --token-budget}, text by default (a summary line, the ranked files with reasons, the
 * packed text) and the whole answer with {@code --json}; both the fast path and the full CLI.
 */
class PlanCommandTest {
  @TempDir Path dir;

  private record Run(int rc, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = SymdexCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), true);
    return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void textIsASummaryLineTheRankedFilesWithReasonsAndThePackedText() throws Exception {
    try (FakeDaemon d = new FakeDaemon(dir)) {
      Run r = run("plan", "add an item to the basket", "--budget", "1200", "--limit", "5", "--data-dir", dir.toString());
      assertEquals(SymdexCli.EXIT_OK, r.rc(), r.err());
      assertEquals("add an item to the basket", d.lastPlan.getTask());
      assertEquals(1200, d.lastPlan.getTokenBudget());
      assertEquals(5, d.lastPlan.getLimit());
      assertEquals(1, d.calls.get(), "asked once: the fast path leaves a plan's text to the full CLI before calling");
      assertEquals(List.of(
          "plan: head 0123456789ab  generation 7  tokens 1100/1200 (ran_out)",
          " 1. src/shop/Basket.java  1.30  lexical 1.00 (terms: basket, item); recency 0.30 (changed 1 commit ago)",
          " 2. src/shop/Item.java  0.40  graph 0.40",
          "",
          "== src/shop/Basket.java ==",
          "public class Basket {}",
          ""), r.out().lines().toList());
    }
  }

  @Test
  void jsonIsTheWholeAnswer() throws Exception {
    try (FakeDaemon d = new FakeDaemon(dir)) {
      Run r = run("plan", "basket", "--json", "--data-dir", dir.toString());
      assertEquals(SymdexCli.EXIT_OK, r.rc(), r.err());
      assertEquals(0, d.lastPlan.getTokenBudget(), "the daemon's default budget");
      assertEquals(1, d.calls.get());
      String json = r.out();
      assertTrue(json.startsWith("{\"head\":\"0123456789abcdef0123456789abcdef01234567\",\"generation\":7,"), json);
      for (String part : List.of("\"path\":\"src/shop/Basket.java\"", "\"signal\":\"lexical\"", "\"detail\":\"terms: basket, item\"",
          "\"spans\":[{\"name\":\"Basket.addItem\",\"kind\":\"method\",\"line\":3,\"end_line\":3}]",
          "\"packing\":{\"tokens\":7900,\"budget\":8000,\"fill\":\"ran_out\",\"packed\":[{\"path\":\"src/shop/Basket.java\",\"kind\":\"file\",\"tokens\":7900}]}",
          "\"text\":\"== src/shop/Basket.java ==\\npublic class Basket {}\\n\\n\"")) {
        assertTrue(json.contains(part), part + " in " + json);
      }
      assertEquals(1, json.lines().count(), "one JSON object");
    }
  }

  @Test
  void theTaskTwiceIsBadUsage() throws Exception {
    try (FakeDaemon d = new FakeDaemon(dir)) {
      Run r = run("plan", "basket", "--task", "item", "--data-dir", dir.toString());
      assertEquals(SymdexCli.EXIT_USAGE, r.rc());
      assertTrue(r.err().contains("task either as an argument or as --task"), r.err());
    }
  }
}
