package dev.symdex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.symdex.proto.v1.FileIssue;
import dev.symdex.proto.v1.FindDefinitionsResponse;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.StatusResponse;
import dev.symdex.proto.v1.SymdexProto;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as generated from the descriptors: commands, flags, help, output and exit codes. */
class SymdexCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new SymdexCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
  }

  @Test
  void everyRpcIsASubcommandAndEveryRequestFieldAFlagWithItsProtoComment() {
    ServiceDescriptor service = SymdexProto.getDescriptor().findServiceByName("SymdexService");
    for (MethodDescriptor m : service.getMethods()) {
      out.reset();
      String cmd = SymdexCli.kebab(m.getName());
      assertEquals(0, run(cmd, "--help"), cmd);
      String help = out.toString(StandardCharsets.UTF_8);
      for (FieldDescriptor f : m.getInputType().getFields()) {
        assertTrue(help.contains("--" + f.getName().replace('_', '-')), cmd + " lacks a flag for " + f.getName() + ":\n" + help);
      }
    }
    out.reset();
    run("find-definitions", "--help");
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("Maximum results"), "field comments are the help text");
  }

  @Test
  void aliasesResolveToTheirRpc() {
    assertEquals(0, run("defs", "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("SymdexService/FindDefinitions)"));
    out.reset();
    assertEquals(0, run("refs", "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("SymdexService/FindReferences)"));
  }

  @Test
  void noDaemonMeansExitThree(@TempDir Path empty) {
    assertEquals(SymdexCli.EXIT_NO_DAEMON, run("defs", "bar", "--data-dir", empty.toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no daemon"));
    assertEquals(SymdexCli.EXIT_NO_DAEMON, run("status", "--connect", "unix:" + empty.resolve("x.sock")));
  }

  @Test
  void item16_overTcpTheCliSendsTheTokenOfTheDataDirsOwnDaemonAndOnlyToIt(@TempDir Path dir) throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "s3cret\n");
    try (FakeDaemon d = new FakeDaemon(dir, true)) {
      String address = "tcp:127.0.0.1:" + d.port();
      // As the daemon writes it once it listens.
      Files.writeString(dir.resolve("daemon.json"), "{\"pid\":" + ProcessHandle.current().pid() + ",\"root\":\"/r\",\"address\":\""
          + address + "\",\"token_file\":\"" + token + "\",\"started\":\"2026-01-01T00:00:00Z\"}\n");
      assertEquals(0, run("defs", "bar", "--connect", address, "--data-dir", dir.toString()), err.toString(StandardCharsets.UTF_8));
      assertEquals("Bearer s3cret", d.lastAuthorization, "the data dir's daemon serves this address: its token goes along");

      Files.writeString(dir.resolve("daemon.json"), "{\"pid\":" + ProcessHandle.current().pid()
          + ",\"address\":\"tcp:127.0.0.1:1\",\"token_file\":\"" + token + "\"}\n");
      assertEquals(0, run("defs", "bar", "--connect", address, "--data-dir", dir.toString()));
      assertEquals("", d.lastAuthorization, "another address: no token");

      Process gone = new ProcessBuilder("true").start();
      gone.waitFor();
      Files.writeString(dir.resolve("daemon.json"), "{\"pid\":" + gone.pid() + ",\"address\":\"" + address
          + "\",\"token_file\":\"" + token + "\"}\n");
      assertEquals(0, run("defs", "bar", "--connect", address, "--data-dir", dir.toString()));
      assertEquals("", d.lastAuthorization, "a daemon.json its daemon outlived: no token (another process may hold the port now)");
    }
  }

  @Test
  void exploreTakesDetailBudgetAndSinceOnBothPaths(@TempDir Path dir) throws Exception {
    try (FakeDaemon d = new FakeDaemon(dir)) {
      assertEquals(0, run("explore", "--detail", "0", "--budget", "300", "--since", "HEAD~2", "--data-dir", dir.toString()),
          err.toString(StandardCharsets.UTF_8));
      assertTrue(d.lastExplore.hasDetail(), "detail 0 is sent, not left to the default");
      assertEquals(List.of(0, 300, "HEAD~2"), List.of(d.lastExplore.getDetail(), d.lastExplore.getTokenBudget(), d.lastExplore.getSince()));
      assertEquals(0, SymdexCli.run(new String[] {"explore", "--detail", "1", "--token-budget", "500", "--data-dir", dir.toString()},
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), true));
      assertEquals(List.of(true, 1, 500), List.of(d.lastExplore.hasDetail(), d.lastExplore.getDetail(), d.lastExplore.getTokenBudget()));
      assertEquals(0, run("explore", "--data-dir", dir.toString()));
      assertFalse(d.lastExplore.hasDetail(), "no --detail: the daemon's default");
    }
  }

  @Test
  void badUsageMeansExitTwo() {
    assertEquals(SymdexCli.EXIT_USAGE, run("defs", "--no-such-flag"));
    assertEquals(SymdexCli.EXIT_USAGE, run("defs", "bar", "--limit", "many"));
    assertEquals(SymdexCli.EXIT_USAGE, run("defs", "bar", "--name", "baz"));
    assertEquals(SymdexCli.EXIT_USAGE, run("status", "--connect", "http://x"));
    assertEquals(SymdexCli.EXIT_USAGE, run());
  }

  @Test
  void jsonHasProtoNamesEveryFieldAndNumbersAsNumbers() {
    FindDefinitionsResponse r = FindDefinitionsResponse.newBuilder()
        .setHead("abc").setGeneration(1L << 40)
        .addResults(Result.newBuilder().setPath("a \"b\".java").setLine(3).setName("bar").setKind("method").setEndLine(4))
        .build();
    assertEquals("{\"head\":\"abc\",\"generation\":1099511627776,\"results\":[{\"path\":\"a \\\"b\\\".java\",\"line\":3,"
        + "\"name\":\"bar\",\"kind\":\"method\",\"container\":\"\",\"column\":0,\"end_line\":4,\"language\":\"\","
        + "\"visibility\":\"\",\"targets\":[],\"confidence\":0.0,\"depth\":0,\"source\":\"\",\"source_stale\":false,"
        + "\"enclosing\":{\"name\":\"\",\"kind\":\"\",\"container\":\"\",\"line\":0,\"end_line\":0}}],\"truncated\":false,\"pending_changes\":0,"
        + "\"next_page_token\":\"\"}",
        JsonPrinter.print(r));
  }

  @Test
  void textOutputShowsRowsAndFields() {
    FindDefinitionsResponse r = FindDefinitionsResponse.newBuilder()
        .addResults(Result.newBuilder().setPath("A.java").setLine(1).setName("bar").setKind("method").setContainer("Foo"))
        .setTruncated(true).build();
    assertEquals("A.java:1: method bar  (in Foo)\n(more results: raise --limit)\n", TextPrinter.print(r));
    assertEquals("A.java:1: method bar  (in Foo)  [depth 2]\n(more results: raise --limit, or --page-token T1 for the next page)\n",
        TextPrinter.print(r.toBuilder().setNextPageToken("T1").setResults(0, r.getResults(0).toBuilder().setDepth(2)).build()));
    String status = TextPrinter.print(StatusResponse.newBuilder().setFiles(3).setHead("h")
        .addFileIssues(FileIssue.newBuilder().setPath("x.bin").setReason("binary")).build());
    assertTrue(status.contains("files: 3\n"), status);
    assertTrue(status.contains("  - x.bin  binary\n"), status);
    String detailed = TextPrinter.print(StatusResponse.newBuilder()
        .addFileIssues(FileIssue.newBuilder().setPath("Deep.java").setReason("over-budget").setDetail("facts would take more than 8 MB")).build());
    assertTrue(detailed.contains("  - Deep.java  over-budget  facts would take more than 8 MB\n"), detailed);
  }
}
