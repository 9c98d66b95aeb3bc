package dev.symdex.engine.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with varint and string writers. Not thread-safe; single use. */
final class ByteSink {
  private byte[] buf;
  private int len;

  ByteSink(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  void u8(int v) {
    ensure(1);
    buf[len++] = (byte) v;
  }

  void u32(int v) {
    ensure(4);
    buf[len++] = (byte) (v >>> 24);
    buf[len++] = (byte) (v >>> 16);
    buf[len++] = (byte) (v >>> 8);
    buf[len++] = (byte) v;
  }

  void u64(long v) {
    u32((int) (v >>> 32));
    u32((int) v);
  }

  /** Unsigned LEB128 of a non-negative int. */
  void varint(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("negative varint " + v);
    }
    varlong(v);
  }

  /** Unsigned LEB128 of a non-negative long. */
  void varlong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[len++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
  }

  /** Zig-zag varint, for values that may be negative. */
  void svarlong(long v) {
    varlong((v << 1) ^ (v >> 63));
  }

  void string(String s) {
    bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  void bytes(byte[] b) {
    varint(b.length);
    raw(b);
  }

  void raw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  byte[] toBytes() {
    return Arrays.copyOf(buf, len);
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }
}
