package dev.symdex.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stands between stdin and the SDK's stdio transport, which stops reading for good at the first
 * line it cannot parse: every line that is not a JSON-RPC message is answered here with a JSON-RPC
 * error ({@code -32700} parse error, {@code -32600} invalid request, with the request's id when it
 * has one) written to the protocol stream, and dropped; blank lines are dropped; the rest pass on
 * unchanged, one line each. A line over {@link #MAX_LINE} bytes is answered {@code -32600}. The end
 * of stdin is passed on and also released to {@link #awaitEof} (the server then exits: the SDK
 * leaves threads behind that would keep the JVM up). Writes to {@code out} hold its monitor, as the
 * SDK's own writes do, so lines never interleave. Read by one thread (the SDK's reader).
 */
final class StdinGuard extends InputStream {
  /** The SDK's own limit of one message (16 MiB). */
  static final int MAX_LINE = 16 << 20;

  private final InputStream in;
  private final OutputStream out;
  private final McpJsonMapper mapper;
  private final CountDownLatch eof = new CountDownLatch(1);
  private byte[] line = new byte[0];
  private int pos;

  StdinGuard(InputStream in, OutputStream out, McpJsonMapper mapper) {
    this.in = new BufferedInputStream(in, 1 << 16);
    this.out = out;
    this.mapper = mapper;
  }

  @Override
  public int read() throws IOException {
    if (pos == line.length && !next()) {
      return -1;
    }
    return line[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos == line.length && !next()) {
      return -1;
    }
    int n = Math.min(len, line.length - pos);
    System.arraycopy(line, pos, b, off, n);
    pos += n;
    return n;
  }

  /** Waits until stdin has ended (or {@code timeout} passed); true when it has ended. */
  boolean awaitEof(long timeout, TimeUnit unit) throws InterruptedException {
    return eof.await(timeout, unit);
  }

  /** Loads the next valid message line (with its newline); false at the end of stdin. */
  private boolean next() throws IOException {
    while (true) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      boolean tooLong = false;
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (b.size() < MAX_LINE) {
          b.write(c);
        } else {
          tooLong = true;
        }
      }
      if (c == -1 && b.size() == 0) {
        eof.countDown();
        return false;
      }
      String text = b.toString(StandardCharsets.UTF_8).strip();
      if (tooLong) {
        reply(null, -32600, "Invalid Request: a message longer than " + MAX_LINE + " bytes");
        continue;
      }
      if (text.isEmpty()) {
        continue;
      }
      String problem = problem(text);
      if (problem == null) {
        line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        pos = 0;
        return true;
      }
      Object id = id(text);
      reply(id, id == NOT_JSON ? -32700 : -32600, problem);
    }
  }

  private static final Object NOT_JSON = new Object();

  /** Why {@code text} is no JSON-RPC message the SDK would take, or null when it is one. */
  private String problem(String text) {
    try {
      McpSchema.deserializeJsonRpcMessage(mapper, text);
      return null;
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      return (id(text) == NOT_JSON ? "Parse error: " : "Invalid Request: ") + (why.length() > 200 ? why.substring(0, 200) : why);
    }
  }

  /** The request's id when {@code text} is a JSON object with a string or number id; null when it has none; {@link #NOT_JSON}. */
  private Object id(String text) {
    try {
      Map<?, ?> m = mapper.readValue(text, Map.class);
      Object id = m.get("id");
      return id instanceof String || id instanceof Number ? id : null;
    } catch (IOException | RuntimeException e) {
      return NOT_JSON;
    }
  }

  private void reply(Object id, int code, String message) throws IOException {
    String json = "{\"jsonrpc\":\"2.0\",\"id\":" + (id == null || id == NOT_JSON ? "null" : mapper.writeValueAsString(id))
        + ",\"error\":{\"code\":" + code + ",\"message\":" + mapper.writeValueAsString(message) + "}}\n";
    synchronized (out) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }
}
