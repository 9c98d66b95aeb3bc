package dev.symdex.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import dev.symdex.cli.FakeDaemon;
import dev.symdex.proto.v1.StatusResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code symdex mcp} as an agent runs it: a real process (the CLI's main, as bin/symdex starts it)
 * spoken to over its real stdin/stdout in JSON-RPC, against a stand-in daemon on a real Unix socket
 * ({@link FakeDaemon}: clients cannot depend on the daemon; tests/mcp.sh does the same against the
 * real one). Every line on stdout must be a JSON-RPC message.
 */
class McpStdioTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private FakeDaemon fake;
  private Process process;
  private OutputStream stdin;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final List<String> allStdout = new ArrayList<>();
  private int nextId = 1;

  @BeforeEach
  void start() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("repo"));
    Files.writeString(root.resolve("A.java"), "class Foo { void bar() {} }\n", StandardCharsets.UTF_8);
    Path data = Files.createDirectories(tmp.resolve("data"));
    fake = new FakeDaemon(data);
    fake.status = () -> StatusResponse.newBuilder().setState("serving").setRoot(root.toString()).setHead("0123456789abcdef").setGeneration(7)
        .setFiles(1).build();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    process = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "dev.symdex.cli.SymdexCli", "mcp", "--data-dir", data.toString(), "--project", root.toString())
        .directory(root.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(tmp.resolve("stderr.txt").toFile()))
        .start();
    stdin = process.getOutputStream();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          stdout.add(line);
        }
      } catch (IOException e) {
        stdout.add("reader failed: " + e);
      }
    }, "mcp-test-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    fake.close();
  }

  private void send(String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /** The response to {@code id}; other messages that come first are kept in {@link #allStdout} too. */
  private JsonNode response(Object id) throws Exception {
    String want = JSON.writeValueAsString(id);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end) {
      String line = stdout.poll(100, TimeUnit.MILLISECONDS);
      if (line == null) {
        continue;
      }
      allStdout.add(line);
      JsonNode m = JSON.readTree(line); // fails the test on anything that is not JSON
      assertEquals("2.0", m.path("jsonrpc").asString(), line);
      if (m.has("id") && JSON.writeValueAsString(m.get("id")).equals(want)) {
        return m;
      }
    }
    throw new AssertionError("no response to " + want + "; stderr: " + Files.readString(tmp.resolve("stderr.txt"), StandardCharsets.UTF_8));
  }

  private JsonNode request(String method, String params) throws Exception {
    int id = nextId++;
    send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\"" + (params == null ? "" : ",\"params\":" + params) + "}");
    return response(id);
  }

  private JsonNode tool(String name, String arguments) throws Exception {
    JsonNode r = request("tools/call", "{\"name\":\"" + name + "\",\"arguments\":" + arguments + "}");
    assertNotNull(r.get("result"), r.toString());
    return r.get("result");
  }

  private static String text(JsonNode result) {
    return result.path("content").get(0).path("text").asString();
  }

  private void initialize() throws Exception {
    JsonNode init = request("initialize",
        "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}");
    assertEquals("symdex", init.path("result").path("serverInfo").path("name").asString(), init.toString());
    assertTrue(init.path("result").path("instructions").asString().contains("instead of grep"), init.toString());
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  }

  @Test
  void listsFiveSmallToolsWithinTheTokenBudget() throws Exception {
    initialize();
    JsonNode list = request("tools/list", null);
    JsonNode tools = list.path("result").path("tools");
    Set<String> names = new HashSet<>();
    for (JsonNode t : tools) {
      names.add(t.path("name").asString());
      int chars = t.path("description").asString().length();
      assertTrue(chars > 0 && chars <= 400, t.path("name").asString() + " description has " + chars + " chars");
    }
    assertEquals(Set.of("symbols", "context", "map", "changes", "status"), names);
    int tokens = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE).countTokens(JSON.writeValueAsString(list.get("result")));
    System.out.println("tools/list: " + tokens + " tokens (o200k_base)");
    assertTrue(tokens <= 2_500, "tools/list takes " + tokens + " tokens");
  }

  @Test
  void eachToolAnswersStampedTextAndStructuredContent() throws Exception {
    initialize();
    JsonNode status = tool("status", "{}");
    assertTrue(text(status).startsWith("head 0123456789ab  generation 7  pending_changes 0\nstate serving\n"), text(status));
    assertEquals("serving", status.path("structuredContent").path("state").asString());

    // A.java is gone from disk: the row's source line can only come from the daemon (with_source).
    Files.delete(tmp.resolve("repo").resolve("A.java"));
    JsonNode defs = tool("symbols", "{\"name\":\"bar\"}");
    assertTrue(fake.lastDefinitions.getWithSource(), "the tool asks the daemon for source lines");
    assertEquals("head h  generation 7  pending_changes 0\nlocation  kind  name  source\nA.java:1  method  Foo.bar  | class Foo { void bar() {} }\n",
        text(defs));
    JsonNode row = defs.path("structuredContent").path("definitions").get(0);
    assertEquals("A.java", row.path("path").asString());
    assertEquals(FakeDaemon.SOURCE, row.path("source").asString());

    JsonNode refs = tool("symbols", "{\"name\":\"bar\",\"what\":\"references\"}");
    assertEquals("head h  generation 7  pending_changes 0\nlocation  kind  name  (in definition)  source\n"
        + "B.java:3  call  bar  (in Baz.run 2-4)  | new Foo().bar();\n", text(refs), "B.java is not on disk either");
    JsonNode ref = refs.path("structuredContent").path("references").get(0);
    assertEquals(FakeDaemon.REFERENCE_SOURCE, ref.path("source").asString());
    assertEquals("run", ref.path("enclosing").path("name").asString());
    assertEquals(4, ref.path("enclosing").path("end_line").asInt());

    JsonNode context = tool("context", "{\"task\":\"add an item to the basket\",\"budget\":3000}");
    assertTrue(text(context).contains(" 1. src/shop/Basket.java") && text(context).contains("public class Basket {}"), text(context));
    assertEquals(3000, fake.lastPlan.getTokenBudget());
    assertTrue(fake.lastPlan.getSync(), "answers wait for the agent's own edits");

    JsonNode map = tool("map", "{\"focus\":\"src/\",\"detail\":1}");
    assertTrue(text(map).endsWith("\n# project\n"), text(map));
    assertEquals("src/", fake.lastExplore.getFocus());
    assertEquals(1, fake.lastExplore.getDetail());

    JsonNode changes = tool("changes", "{}");
    assertTrue(text(changes).contains("\nmodified  A.java\n") && text(changes).contains("\nmodified  method  Foo.bar  A.java:1\n")
        && text(changes).contains("may break (files importing A.java):\nB.java\n"), text(changes));
    assertEquals("B.java", changes.path("structuredContent").path("may_break").get(0).path("path").asString());
  }

  @Test
  void maxCharsCutsRowsAndSaysHowManyWereLeftOut() throws Exception {
    initialize();
    JsonNode many = tool("symbols", "{\"name\":\"many\",\"limit\":200,\"max_chars\":1000}");
    String text = text(many);
    assertTrue(text.length() <= 1000, text.length() + " chars");
    int omitted = many.path("structuredContent").path("rows_omitted").asInt();
    assertTrue(omitted > 0 && text.endsWith("... " + omitted + " more rows, raise max_chars\n"), text);
    assertEquals(200 - omitted, many.path("structuredContent").path("definitions").size());
  }

  @Test
  void whileTheFirstIndexRunsQueriesSaySoAtOnceAndAnswerOnceItIsDone() throws Exception {
    Path root = tmp.resolve("repo");
    fake.status = () -> StatusResponse.newBuilder().setState("indexing").setRoot(root.toString()).setProgressDone(3).setProgressTotal(10).build();
    initialize();
    JsonNode early = tool("symbols", "{\"name\":\"bar\"}");
    assertTrue(early.path("isError").asBoolean() && text(early).contains("still building its first index") && text(early).contains("3 of 10 files"),
        early.toString());
    JsonNode status = tool("status", "{}");
    assertEquals("indexing", status.path("structuredContent").path("state").asString());
    assertTrue(text(status).contains("\nprogress 3 of 10 files\n"), text(status));
    fake.status = () -> StatusResponse.newBuilder().setState("serving").setRoot(root.toString()).build();
    JsonNode later = tool("symbols", "{\"name\":\"bar\"}");
    assertFalse(later.path("isError").asBoolean(), later.toString());
    assertTrue(text(later).contains("A.java:1  method  Foo.bar"), text(later));
  }

  @Test
  void malformedInputGetsJsonRpcErrorsAndTheServerGoesOn() throws Exception {
    initialize();
    send("this is not json");
    JsonNode parse = response(null);
    assertEquals(-32700, parse.path("error").path("code").asInt(), parse.toString());
    send("{\"jsonrpc\":\"2.0\",\"id\":\"odd\",\"params\":{}}");
    assertEquals(-32600, response("odd").path("error").path("code").asInt());
    JsonNode unknown = request("tools/call", "{\"name\":\"grep\",\"arguments\":{}}");
    assertTrue(unknown.has("error"), unknown.toString());
    JsonNode noMethod = request("no/such/method", "{}");
    assertEquals(-32601, noMethod.path("error").path("code").asInt(), noMethod.toString());
    JsonNode badArgs = tool("symbols", "{\"what\":\"everything\",\"name\":\"bar\"}");
    assertTrue(badArgs.path("isError").asBoolean(), badArgs.toString());
    JsonNode missing = tool("context", "{}");
    assertTrue(missing.path("isError").asBoolean(), missing.toString());
    // Still serving.
    assertEquals("serving", tool("status", "{}").path("structuredContent").path("state").asString());
  }

  @Test
  void theProcessExitsZeroWithinTwoSecondsOfStdinClosing() throws Exception {
    initialize();
    tool("status", "{}");
    long t0 = System.nanoTime();
    stdin.close();
    // The bound is the issue's: an agent closes stdin and expects the server gone (the SDK's
    // non-daemon threads would keep the JVM up).
    assertTrue(process.waitFor(2, TimeUnit.SECONDS), "still running 2 s after stdin closed");
    System.out.println("mcp exited " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms after stdin closed");
    assertEquals(0, process.exitValue());
    for (String line; (line = stdout.poll(1, TimeUnit.SECONDS)) != null; ) {
      allStdout.add(line);
    }
    for (String line : allStdout) {
      assertFalse(JSON.readTree(line).path("jsonrpc").isMissingNode(), "not protocol on stdout: " + line);
    }
  }
}
