package dev.symdex.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run of the CLI's JDK AOT cache (JEP 483/514), run by the clients module's package
 * phase as {@code java -XX:AOTCacheOutput=target/symdex-cli.aot ... AotTraining}: it runs the fast
 * path ({@link QuickCall}) the way a query does — parse, one call over a Unix socket, decode, print
 * as text and as JSON — against a stand-in server in this JVM that answers with a canned
 * FindDefinitions response, so the cache holds exactly the classes, linkage and profiles a query
 * needs, with no daemon at build time. Not part of the CLI; never used by tests.
 */
public final class AotTraining {
  private AotTraining() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("symdex-aot");
    Path sock = dir.resolve("t.sock");
    int calls = 4;
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(sock));
      Thread t = new Thread(() -> serve(server, calls), "aot-training-server");
      t.setDaemon(true);
      t.start();
      // As a daemon writes it: the fast path reads the roots it serves from its data dir.
      Files.writeString(dir.resolve(DaemonInfo.FILE), "{\"pid\":" + ProcessHandle.current().pid() + ",\"root\":\"" + dir
          + "\",\"address\":\"unix:" + sock + "\"}\n", StandardCharsets.UTF_8);
      PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
      String[][] lines = {
          {"defs", "bar", "--connect", "unix:" + sock},
          {"refs", "bar", "--json", "--connect", "unix:" + sock},
          {"status", "--connect", "unix:" + sock, "--deadline-ms", "5000"},
          {"callers", "bar", "--limit", "10", "--connect", "unix:" + sock}};
      for (String[] line : lines) {
        int rc = SymdexCli.run(line, sink, sink, false);
        if (rc < 0) {
          System.err.println("aot training: the fast path did not run " + String.join(" ", line));
        }
      }
      SymdexCli.run(new String[] {"defs", "bar", "--data-dir", dir.resolve("none").toString()}, sink, sink, false); // no daemon
    } finally {
      Files.deleteIfExists(dir.resolve(DaemonInfo.FILE));
      Files.deleteIfExists(sock);
      Files.deleteIfExists(dir);
    }
    System.exit(0); // as the CLI ends: Runtime.exit has classes of its own
  }

  /** Answers {@code n} connections, each with the same canned unary answer. */
  private static void serve(ServerSocketChannel server, int n) {
    byte[] answer = cannedAnswer();
    for (int i = 0; i < n; i++) {
      try (SocketChannel c = server.accept()) {
        readRequest(c);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frame(out, 4, 0, 0, new byte[0]); // SETTINGS
        frame(out, 4, 1, 0, new byte[0]); // SETTINGS ACK
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.write(0x88); // :status 200, indexed
        DirectCall.Hpack.literal(h, "content-type", "application/grpc");
        frame(out, 1, 0x4, 1, h.toByteArray());
        ByteBuffer data = ByteBuffer.allocate(5 + answer.length).put((byte) 0).putInt(answer.length).put(answer);
        frame(out, 0, 0, 1, data.array());
        ByteArrayOutputStream tr = new ByteArrayOutputStream();
        DirectCall.Hpack.literal(tr, "grpc-status", "0");
        frame(out, 1, 0x5, 1, tr.toByteArray());
        c.write(ByteBuffer.wrap(out.toByteArray()));
        ByteBuffer rest = ByteBuffer.allocate(4096);
        while (c.read(rest) > 0) {
          rest.clear(); // until the client closes
        }
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Reads frames until the request's DATA frame with END_STREAM. */
  private static void readRequest(SocketChannel c) throws IOException {
    ByteBuffer in = ByteBuffer.allocate(1 << 16);
    int pos = 24; // the client preface
    while (true) {
      in.flip();
      while (in.limit() >= pos + 9) {
        int len = (in.get(pos) & 0xff) << 16 | (in.get(pos + 1) & 0xff) << 8 | (in.get(pos + 2) & 0xff);
        int type = in.get(pos + 3);
        int flags = in.get(pos + 4);
        if (in.limit() < pos + 9 + len) {
          break;
        }
        pos += 9 + len;
        if (type == 0 && (flags & 1) != 0) {
          return;
        }
      }
      in.position(in.limit());
      in.limit(in.capacity());
      if (c.read(in) < 0) {
        throw new IOException("client closed");
      }
    }
  }

  private static void frame(ByteArrayOutputStream out, int type, int flags, int stream, byte[] payload) {
    out.write(payload.length >>> 16);
    out.write(payload.length >>> 8);
    out.write(payload.length);
    out.write(type);
    out.write(flags);
    out.write(stream >>> 24);
    out.write(stream >>> 16);
    out.write(stream >>> 8);
    out.write(stream);
    out.writeBytes(payload);
  }

  /** FindDefinitionsResponse{head, generation 7, results [Result{path, line, name, kind, container}]}, by hand. */
  private static byte[] cannedAnswer() {
    ByteArrayOutputStream result = new ByteArrayOutputStream();
    string(result, 1, "A.java");
    result.write(2 << 3);
    result.write(1);
    string(result, 3, "bar");
    string(result, 4, "method");
    string(result, 5, "Foo");
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    string(m, 1, "0123456789abcdef0123456789abcdef01234567");
    m.write(2 << 3);
    m.write(7);
    byte[] r = result.toByteArray();
    m.write(3 << 3 | 2);
    m.write(r.length);
    m.writeBytes(r);
    return m.toByteArray();
  }

  private static void string(ByteArrayOutputStream out, int field, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(field << 3 | 2);
    out.write(b.length);
    out.writeBytes(b);
  }
}
