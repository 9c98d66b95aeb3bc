package dev.symdex.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast path ({@link QuickCall} over {@link DirectCall}) against a real gRPC server on a Unix
 * socket: it builds the request the full CLI builds, prints what the full CLI prints, exits as it
 * does, and hands back every command line it does not read.
 */
class QuickCallTest {
  @TempDir Path dir;

  private record Run(int rc, String out, String err) {}

  private static Run quick(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = QuickCall.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Run full(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = new SymdexCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void buildsTheRequestTheFullCliBuilds() {
    SymdexCli cli = new SymdexCli(System.out, System.err);
    for (List<String> args : List.of(
        List.of("defs", "bar"),
        List.of("find-definitions", "--name", "bar", "--limit", "5", "--sync"),
        List.of("refs", "x", "--limit=7", "--sync=false", "--json"),
        List.of("callers", "bar", "--path", "A.java", "--deadline-ms", "100"),
        List.of("dependents", "--path", "a.py", "--depth", "2"),
        List.of("status"),
        List.of("sync", "--timeout-ms", "50"),
        List.of("plan", "add an item to the basket", "--budget", "1200", "--json"),
        List.of("plan", "--task", "basket", "--token-budget", "900", "--limit", "3"))) {
      String[] a = args.toArray(String[]::new);
      QuickCall.Parsed p = QuickCall.parse(a);
      assertNotNull(p, "fast path reads " + args);
      assertArrayEquals(cli.requestFor(a).toByteArray(), p.request(), args.toString());
    }
  }

  @Test
  void leavesEverythingElseToTheFullCli() {
    for (List<String> args : List.<List<String>>of(
        List.of(), List.of("--help"), List.of("defs", "--help"), List.of("defs", "-h"), List.of("nosuch"),
        List.of("subscribe"), List.of("defs", "bar", "--nosuch"), List.of("defs", "bar", "--limit", "many"),
        List.of("defs", "bar", "--limit"), List.of("defs", "bar", "baz"), List.of("defs", "bar", "--name", "baz"),
        List.of("defs", "bar", "--sync", "true"), List.of("defs", "bar", "--limit", "1", "--limit", "2"),
        List.of("defs", "bar", "--connect", "tcp:127.0.0.1:1"), List.of("defs", "bar", "--json=yes"),
        List.of("defs", "-x"), List.of("plan", "a", "--budget", "1", "--token-budget", "2"))) {
      assertNull(QuickCall.parse(args.toArray(String[]::new)), args.toString());
    }
  }

  @Test
  void answersAndExitCodesMatchTheFullCli() throws Exception {
    try (FakeDaemon d = new FakeDaemon(dir)) {
      String dd = dir.toString();
      for (List<String> args : List.of(
          List.of("defs", "bar", "--data-dir", dd),
          List.of("defs", "bar", "--json", "--data-dir", dd),
          List.of("defs", "nothing", "--data-dir", dd),
          List.of("defs", "many", "--limit", "2000", "--json", "--connect", "unix:" + d.socket),
          List.of("status", "--data-dir", dd),
          List.of("plan", "add an item", "--budget", "1200", "--json", "--data-dir", dd),
          List.of("plan", "add an item", "--data-dir", dd),
          List.of("defs", "fail:3:bad name", "--data-dir", dd),
          List.of("defs", "fail:5:no such thing", "--data-dir", dd),
          List.of("defs", "fail:14", "--data-dir", dd),
          List.of("defs", "fail:4:" + "x".repeat(600), "--data-dir", dd))) {
        String[] a = args.toArray(String[]::new);
        Run q = quick(a);
        Run f = full(a);
        if (q.rc() == QuickCall.NOT_HANDLED) {
          assertEquals("", q.out() + q.err(), "nothing printed before handing over: " + args);
          continue;
        }
        assertEquals(f, q, args.toString());
      }
      assertEquals(SymdexCli.EXIT_OK, quick("defs", "bar", "--data-dir", dd).rc());
      assertEquals(SymdexCli.EXIT_EMPTY, quick("defs", "nothing", "--data-dir", dd).rc());
      assertEquals(SymdexCli.EXIT_USAGE, quick("defs", "fail:3:bad", "--data-dir", dd).rc());
      assertEquals(SymdexCli.EXIT_FAILED, quick("defs", "fail:5", "--data-dir", dd).rc());
      Run many = quick("defs", "many", "--limit", "3000", "--json", "--data-dir", dd);
      assertEquals(SymdexCli.EXIT_OK, many.rc(), "an answer over many DATA frames: " + many.err());
      assertTrue(many.out().contains("dir/File2999.java"));
    }
  }

  @Test
  void noDaemonIsExitThree() throws Exception {
    assertEquals(SymdexCli.EXIT_NO_DAEMON, quick("status", "--data-dir", dir.toString()).rc());
    Files.createFile(dir.resolve("symdex.sock")); // a stale file, not a socket
    Run r = quick("status", "--data-dir", dir.toString());
    assertEquals(SymdexCli.EXIT_NO_DAEMON, r.rc());
    assertTrue(r.err().contains("no daemon answers"), r.err());
  }
}
