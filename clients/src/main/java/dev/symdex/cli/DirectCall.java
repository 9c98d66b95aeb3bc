package dev.symdex.cli;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One unary gRPC call over a Unix domain socket with nothing but the JDK: HTTP/2 with prior
 * knowledge on a blocking {@link SocketChannel}, just enough of it for one request and one answer.
 * It exists for the CLI's start-up: grpc-java's Netty transport costs a few hundred milliseconds of
 * class loading and set-up per process, this a few.
 *
 * <p>Contract: {@link #call} sends one request on stream 1 and returns the answer's message bytes,
 * or throws {@link GrpcError} with the gRPC status the daemon sent, {@link IOException} when the
 * socket fails (no daemon: the caller maps it to UNAVAILABLE), or {@link Unsupported} when the
 * answer uses a part of HTTP/2 or gRPC this class does not implement (a Huffman-coded header,
 * compression): the caller must then repeat the call with grpc-java, which is safe because only
 * idempotent unary calls are made here. Not thread-safe; one instance per call.
 */
final class DirectCall {
  /** The answer used something this class does not implement; repeat the call with grpc-java. */
  static final class Unsupported extends Exception {
    Unsupported(String what) {
      super(what, null, false, false);
    }
  }

  /** The daemon answered with a gRPC status other than OK. */
  static final class GrpcError extends Exception {
    final int code;

    GrpcError(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int DATA = 0;
  private static final int HEADERS = 1;
  private static final int RST_STREAM = 3;
  private static final int SETTINGS = 4;
  private static final int PING = 6;
  private static final int GOAWAY = 7;
  private static final int CONTINUATION = 9;
  private static final int END_STREAM = 0x1;
  private static final int ACK = 0x1;
  private static final int END_HEADERS = 0x4;
  private static final int PADDED = 0x8;
  private static final int PRIORITY = 0x20;
  private static final int MAX_WINDOW = Integer.MAX_VALUE;
  private static final int DEFAULT_WINDOW = 65_535;
  private static final int MAX_FRAME = 16_384;

  private final SocketChannel ch;
  private final ByteBuffer in = ByteBuffer.allocate(1 << 16).flip();
  private final Hpack hpack = new Hpack();

  private DirectCall(SocketChannel ch) {
    this.ch = ch;
  }

  /**
   * Calls {@code fullMethod} ({@code package.Service/Method}) with a serialized request and returns
   * the serialized answer. {@code deadlineMs} is sent as {@code grpc-timeout} (the daemon gives up
   * then) and also bounds the wait here: past it plus a second the socket is closed.
   */
  static byte[] call(Path socket, String fullMethod, byte[] request, long deadlineMs)
      throws IOException, GrpcError, Unsupported {
    SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(deadlineMs + 1_000);
        ch.close();
      } catch (InterruptedException | IOException e) {
        // the call ended first
      }
    }, "symdex-deadline");
    watchdog.setDaemon(true);
    watchdog.start();
    try (ch) {
      return new DirectCall(ch).unary(fullMethod, request, deadlineMs);
    } finally {
      watchdog.interrupt();
    }
  }

  private byte[] unary(String fullMethod, byte[] request, long deadlineMs) throws IOException, GrpcError, Unsupported {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + request.length);
    out.writeBytes(PREFACE);
    // No dynamic HPACK table (every header the daemon sends is then self-contained), no push, and
    // windows as large as allowed so the daemon never waits for a WINDOW_UPDATE.
    ByteBuffer settings = ByteBuffer.allocate(18);
    settings.putShort((short) 1).putInt(0).putShort((short) 2).putInt(0).putShort((short) 4).putInt(MAX_WINDOW);
    frame(out, SETTINGS, 0, 0, settings.array());
    frame(out, 8, 0, 0, ByteBuffer.allocate(4).putInt(MAX_WINDOW - DEFAULT_WINDOW).array());
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    Hpack.literal(h, ":method", "POST");
    Hpack.literal(h, ":scheme", "http");
    Hpack.literal(h, ":path", "/" + fullMethod);
    Hpack.literal(h, ":authority", "localhost");
    Hpack.literal(h, "content-type", "application/grpc");
    Hpack.literal(h, "te", "trailers");
    Hpack.literal(h, "grpc-timeout", Math.min(Math.max(deadlineMs, 1), 99_999_999) + "m");
    Hpack.literal(h, "user-agent", "symdex-cli");
    frame(out, HEADERS, END_HEADERS, 1, h.toByteArray());
    ByteBuffer body = ByteBuffer.allocate(5 + request.length).put((byte) 0).putInt(request.length).put(request);
    byte[] b = body.array();
    for (int off = 0; off < b.length; off += MAX_FRAME) {
      int end = Math.min(b.length, off + MAX_FRAME);
      frame(out, DATA, end == b.length ? END_STREAM : 0, 1, Arrays.copyOfRange(b, off, end));
    }
    write(out.toByteArray());

    ByteArrayOutputStream data = new ByteArrayOutputStream();
    Map<String, String> trailers = null;
    boolean headersSeen = false;
    ByteArrayOutputStream block = null;
    int blockFlags = 0;
    while (true) {
      int len = u24();
      int type = u8();
      int flags = u8();
      int stream = u32() & 0x7fffffff;
      byte[] payload = bytes(len);
      switch (type) {
        case SETTINGS -> {
          if ((flags & ACK) == 0) {
            write(header(new ByteArrayOutputStream(9), SETTINGS, ACK, 0, 0).toByteArray());
          }
        }
        case PING -> {
          if ((flags & ACK) == 0) {
            ByteArrayOutputStream pong = new ByteArrayOutputStream(17);
            frame(pong, PING, ACK, 0, payload);
            write(pong.toByteArray());
          }
        }
        case GOAWAY -> throw new IOException("the daemon closed the connection (GOAWAY)");
        case RST_STREAM -> {
          if (stream == 1) {
            throw new GrpcError(13, "stream reset by the daemon (HTTP/2 error " + ByteBuffer.wrap(payload).getInt() + ")");
          }
        }
        case DATA -> {
          if (stream == 1) {
            int[] c = content(flags, payload, false);
            data.write(payload, c[0], c[1] - c[0]);
            if ((flags & END_STREAM) != 0) {
              throw new GrpcError(13, "the answer ended without a status");
            }
          }
        }
        case HEADERS, CONTINUATION -> {
          if (stream != 1) {
            continue;
          }
          if (type == HEADERS) {
            block = new ByteArrayOutputStream();
            blockFlags = flags;
            int[] c = content(flags, payload, true);
            block.write(payload, c[0], c[1] - c[0]);
          } else if (block != null) {
            block.write(payload, 0, payload.length);
            blockFlags |= flags & END_HEADERS;
          }
          if (block == null || (blockFlags & END_HEADERS) == 0) {
            continue;
          }
          Map<String, String> fields = hpack.decode(block.toByteArray());
          block = null;
          if (!headersSeen) {
            headersSeen = true;
            String status = fields.get(":status");
            if (status != null && !status.equals("200")) {
              throw new GrpcError(14, "HTTP status " + status + " from the daemon");
            }
          }
          if ((blockFlags & END_STREAM) != 0) {
            trailers = fields;
          }
        }
        default -> {
          // WINDOW_UPDATE, PRIORITY, PUSH_PROMISE (disabled), unknown: nothing to do
        }
      }
      if (trailers != null) {
        break;
      }
    }
    String status = trailers.get("grpc-status");
    if (status == null) {
      throw new GrpcError(13, "the answer ended without a grpc-status");
    }
    int code = Integer.parseInt(status);
    if (code != 0) {
      String msg = trailers.get("grpc-message");
      throw new GrpcError(code, msg == null ? null : URLDecoder.decode(msg.replace("+", "%2B"), StandardCharsets.UTF_8));
    }
    byte[] d = data.toByteArray();
    if (d.length < 5) {
      throw new GrpcError(13, "the answer has no message");
    }
    if (d[0] != 0) {
      throw new Unsupported("compressed message");
    }
    int n = ByteBuffer.wrap(d, 1, 4).getInt();
    if (n != d.length - 5) {
      throw new GrpcError(13, "the answer is not exactly one message");
    }
    return Arrays.copyOfRange(d, 5, d.length);
  }

  /** Start and end of a DATA or HEADERS payload's content: without padding and priority fields. */
  private static int[] content(int flags, byte[] p, boolean headers) throws IOException {
    int start = 0;
    int end = p.length;
    if ((flags & PADDED) != 0) {
      start = 1;
      end -= p[0] & 0xff;
    }
    if (headers && (flags & PRIORITY) != 0) {
      start += 5;
    }
    if (start > end) {
      throw new IOException("malformed HTTP/2 frame from the daemon");
    }
    return new int[] {start, end};
  }

  private static ByteArrayOutputStream header(ByteArrayOutputStream out, int type, int flags, int stream, int len) {
    out.write(len >>> 16);
    out.write(len >>> 8);
    out.write(len);
    out.write(type);
    out.write(flags);
    out.write(stream >>> 24);
    out.write(stream >>> 16);
    out.write(stream >>> 8);
    out.write(stream);
    return out;
  }

  private static void frame(ByteArrayOutputStream out, int type, int flags, int stream, byte[] payload) {
    header(out, type, flags, stream, payload.length).writeBytes(payload);
  }

  private void write(byte[] b) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(b);
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  private void fill(int n) throws IOException {
    while (in.remaining() < n) {
      in.compact();
      int r = ch.read(in);
      in.flip();
      if (r < 0) {
        throw new EOFException("the daemon closed the connection mid-answer");
      }
    }
  }

  private int u8() throws IOException {
    fill(1);
    return in.get() & 0xff;
  }

  private int u24() throws IOException {
    fill(3);
    return (in.get() & 0xff) << 16 | (in.get() & 0xff) << 8 | (in.get() & 0xff);
  }

  private int u32() throws IOException {
    fill(4);
    return in.getInt();
  }

  private byte[] bytes(int n) throws IOException {
    byte[] b = new byte[n];
    int off = 0;
    while (off < n) {
      fill(1);
      int k = Math.min(in.remaining(), n - off);
      in.get(b, off, k);
      off += k;
    }
    return b;
  }

  /**
   * HPACK (RFC 7541) without Huffman: decodes header blocks with the static and dynamic tables and
   * encodes literals without indexing. A Huffman-coded string throws {@link Unsupported}.
   */
  static final class Hpack {
    private static final String[] STATIC = {
        null, ":authority", ":method GET", ":method POST", ":path /", ":path /index.html", ":scheme http",
        ":scheme https", ":status 200", ":status 204", ":status 206", ":status 304", ":status 400", ":status 404",
        ":status 500", "accept-charset", "accept-encoding gzip, deflate", "accept-language", "accept-ranges",
        "accept", "access-control-allow-origin", "age", "allow", "authorization", "cache-control",
        "content-disposition", "content-encoding", "content-language", "content-length", "content-location",
        "content-range", "content-type", "cookie", "date", "etag", "expect", "expires", "from", "host", "if-match",
        "if-modified-since", "if-none-match", "if-range", "if-unmodified-since", "last-modified", "link",
        "location", "max-forwards", "proxy-authenticate", "proxy-authorization", "range", "referer", "refresh",
        "retry-after", "server", "set-cookie", "strict-transport-security", "transfer-encoding", "user-agent",
        "vary", "via", "www-authenticate"};

    /** Newest first. */
    private final List<String[]> dynamic = new ArrayList<>();
    private int size;
    private int maxSize = 4096;

    static void literal(ByteArrayOutputStream out, String name, String value) {
      out.write(0); // literal without indexing, new name
      string(out, name);
      string(out, value);
    }

    private static void string(ByteArrayOutputStream out, String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      integer(out, 0, 7, b.length);
      out.writeBytes(b);
    }

    static void integer(ByteArrayOutputStream out, int firstBits, int prefix, int v) {
      int max = (1 << prefix) - 1;
      if (v < max) {
        out.write(firstBits | v);
        return;
      }
      out.write(firstBits | max);
      v -= max;
      while (v >= 128) {
        out.write((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      out.write(v);
    }

    Map<String, String> decode(byte[] block) throws Unsupported {
      Map<String, String> fields = new HashMap<>();
      int[] pos = {0};
      while (pos[0] < block.length) {
        int b = block[pos[0]] & 0xff;
        if ((b & 0x80) != 0) {
          String[] f = entry(integer(block, pos, 7));
          fields.put(f[0], f[1]);
        } else if ((b & 0xe0) == 0x20) {
          maxSize = integer(block, pos, 5);
          evict(0);
        } else {
          boolean index = (b & 0xc0) == 0x40;
          int idx = integer(block, pos, index ? 6 : 4);
          String name = idx == 0 ? string(block, pos) : entry(idx)[0];
          String value = string(block, pos);
          fields.put(name, value);
          if (index) {
            add(name, value);
          }
        }
      }
      return fields;
    }

    private String[] entry(int idx) throws Unsupported {
      if (idx >= 1 && idx < STATIC.length) {
        String s = STATIC[idx];
        int sp = s.indexOf(' ', 1);
        return sp < 0 ? new String[] {s, ""} : new String[] {s.substring(0, sp), s.substring(sp + 1)};
      }
      int d = idx - STATIC.length;
      if (d < 0 || d >= dynamic.size()) {
        throw new Unsupported("HPACK index " + idx + " out of range");
      }
      return dynamic.get(d);
    }

    private void add(String name, String value) {
      int s = name.length() + value.length() + 32;
      evict(s);
      if (s <= maxSize) {
        dynamic.addFirst(new String[] {name, value});
        size += s;
      }
    }

    private void evict(int room) {
      while (!dynamic.isEmpty() && size + room > maxSize) {
        String[] last = dynamic.removeLast();
        size -= last[0].length() + last[1].length() + 32;
      }
    }

    static int integer(byte[] block, int[] pos, int prefix) {
      int max = (1 << prefix) - 1;
      int v = block[pos[0]++] & max;
      if (v < max) {
        return v;
      }
      int shift = 0;
      int b;
      do {
        b = block[pos[0]++] & 0xff;
        v += (b & 0x7f) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      return v;
    }

    private static String string(byte[] block, int[] pos) throws Unsupported {
      boolean huffman = (block[pos[0]] & 0x80) != 0;
      int len = integer(block, pos, 7);
      if (huffman) {
        throw new Unsupported("Huffman-coded header");
      }
      String s = new String(block, pos[0], len, StandardCharsets.UTF_8);
      pos[0] += len;
      return s;
    }
  }
}
