package dev.symdex.engine.codec;

import dev.symdex.engine.SymdexException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteSink} wrote. Every read checks bounds and throws {@link
 * SymdexException.CorruptIndex} on truncated or malformed input. Not thread-safe.
 */
final class ByteSource {
  private final byte[] buf;
  private final String what;
  private int pos;

  ByteSource(byte[] buf, String what) {
    this.buf = buf;
    this.what = what;
  }

  int u8() throws SymdexException.CorruptIndex {
    need(1);
    return buf[pos++] & 0xFF;
  }

  int u32() throws SymdexException.CorruptIndex {
    need(4);
    int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  long u64() throws SymdexException.CorruptIndex {
    return ((long) u32() << 32) | (u32() & 0xFFFF_FFFFL);
  }

  int varint() throws SymdexException.CorruptIndex {
    long v = varlong();
    if (v > Integer.MAX_VALUE) {
      throw corrupt("varint overflow");
    }
    return (int) v;
  }

  /** A count of entries that take at least one byte each: never more than the bytes left. */
  int count() throws SymdexException.CorruptIndex {
    int n = varint();
    if (n > buf.length - pos) {
      throw corrupt("count " + n + " exceeds the " + (buf.length - pos) + " bytes left");
    }
    return n;
  }

  long varlong() throws SymdexException.CorruptIndex {
    if (pos < buf.length && buf[pos] >= 0) { // one byte: most varints are
      return buf[pos++];
    }
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = u8();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw corrupt("varint too long");
  }

  long svarlong() throws SymdexException.CorruptIndex {
    long v = varlong();
    return (v >>> 1) ^ -(v & 1);
  }

  String string() throws SymdexException.CorruptIndex {
    int n = varint();
    need(n);
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  byte[] bytes() throws SymdexException.CorruptIndex {
    int n = varint();
    need(n);
    byte[] b = new byte[n];
    System.arraycopy(buf, pos, b, 0, n);
    pos += n;
    return b;
  }

  int position() {
    return pos;
  }

  void seek(int position) {
    pos = position;
  }

  /**
   * Skips the next {@code n} fields that each end at their first byte below 0x80: varints, and u8
   * values below 128 (the codes the facts writer stores). Reads eight bytes at a time; a skipped
   * varint's length is not checked (a field read, not skipped, still is).
   */
  void skipFields(int n) throws SymdexException.CorruptIndex {
    while (n > 0 && pos + 8 <= buf.length) {
      long ends = ~(long) LONGS.get(buf, pos) & 0x8080808080808080L; // the high bit of every byte < 0x80
      int c = Long.bitCount(ends);
      if (c < n) {
        n -= c;
        pos += 8;
        continue;
      }
      for (int k = 1; k < n; k++) {
        ends &= ends - 1; // drop the lowest n-1 ends
      }
      pos += (Long.numberOfTrailingZeros(ends) >>> 3) + 1;
      return;
    }
    while (n > 0) {
      if (pos >= buf.length) {
        throw corrupt("truncated at byte " + pos);
      }
      if (buf[pos++] >= 0) {
        n--;
      }
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Skips {@code n} bytes. */
  void skip(int n) throws SymdexException.CorruptIndex {
    need(n);
    pos += n;
  }

  /** Fails unless every byte was consumed. */
  void end() throws SymdexException.CorruptIndex {
    if (pos != buf.length) {
      throw corrupt((buf.length - pos) + " trailing bytes");
    }
  }

  SymdexException.CorruptIndex corrupt(String detail) {
    return new SymdexException.CorruptIndex(what + ": " + detail);
  }

  private void need(int n) throws SymdexException.CorruptIndex {
    if (n < 0 || n > buf.length - pos) {
      throw corrupt("truncated at byte " + pos);
    }
  }
}
