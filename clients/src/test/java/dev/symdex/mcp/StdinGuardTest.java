package dev.symdex.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.json.McpJsonDefaults;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StdinGuardTest {
  private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}";
  private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"tools/list\"}";

  private static String passed(StdinGuard guard) throws IOException {
    return new String(guard.readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void messagesPassUnchangedOneALineAndBlankLinesAreDropped() throws IOException {
    ByteArrayOutputStream replies = new ByteArrayOutputStream();
    StdinGuard guard = new StdinGuard(new ByteArrayInputStream(("\n" + INIT + "\r\n   \n" + LIST).getBytes(StandardCharsets.UTF_8)),
        replies, McpJsonDefaults.getMapper());
    assertEquals(INIT + "\n" + LIST + "\n", passed(guard));
    assertEquals("", replies.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aLineThatIsNotJsonIsAnsweredParseErrorAndTheNextMessageStillPasses() throws IOException {
    ByteArrayOutputStream replies = new ByteArrayOutputStream();
    StdinGuard guard = new StdinGuard(new ByteArrayInputStream(("garbage{\n" + LIST + "\n").getBytes(StandardCharsets.UTF_8)),
        replies, McpJsonDefaults.getMapper());
    assertEquals(LIST + "\n", passed(guard));
    String reply = replies.toString(StandardCharsets.UTF_8);
    assertTrue(reply.startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error: "), reply);
    assertTrue(reply.endsWith("}}\n") && reply.indexOf('\n') == reply.length() - 1, reply);
  }

  @Test
  void jsonThatIsNoMessageIsAnsweredInvalidRequestWithItsId() throws IOException {
    ByteArrayOutputStream replies = new ByteArrayOutputStream();
    StdinGuard guard = new StdinGuard(new ByteArrayInputStream("{\"jsonrpc\":\"2.0\",\"id\":42,\"nomethod\":true}\n".getBytes(StandardCharsets.UTF_8)),
        replies, McpJsonDefaults.getMapper());
    assertEquals("", passed(guard));
    String reply = replies.toString(StandardCharsets.UTF_8);
    assertTrue(reply.startsWith("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":-32600,\"message\":\"Invalid Request: "), reply);
  }

  @Test
  void theEndOfStdinIsReleasedToAwaitEof() throws Exception {
    PipedOutputStream stdin = new PipedOutputStream();
    StdinGuard guard = new StdinGuard(new PipedInputStream(stdin), new ByteArrayOutputStream(), McpJsonDefaults.getMapper());
    stdin.write((INIT + "\n").getBytes(StandardCharsets.UTF_8));
    byte[] first = new byte[INIT.length() + 1];
    assertEquals(first.length, guard.readNBytes(first, 0, first.length));
    assertFalse(guard.awaitEof(0, TimeUnit.MILLISECONDS), "stdin is still open");
    stdin.close();
    assertEquals(-1, guard.read());
    assertTrue(guard.awaitEof(0, TimeUnit.MILLISECONDS));
  }
}
