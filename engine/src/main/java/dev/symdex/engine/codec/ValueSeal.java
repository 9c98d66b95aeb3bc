package dev.symdex.engine.codec;

import dev.symdex.engine.SymdexException;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The checksum every stored value carries (format.md, "Checksums"): the value's bytes, then the
 * CRC-32C of the key and the value, u32 big-endian. LMDB checks no page or value, so a flipped bit
 * would otherwise decode as a wrong answer; with the seal it reads as {@link
 * SymdexException.CorruptIndex}. The key is covered too, so a damaged key does not find another
 * key's value. The store seals on every write and opens on every read, for every table (postings
 * values included: a file id is stored as 8 bytes). Thread-safe (stateless).
 */
public final class ValueSeal {
  /** Bytes a seal adds to a value. */
  public static final int BYTES = 4;

  private ValueSeal() {}

  /** {@code value} followed by its seal. */
  public static byte[] seal(byte[] key, byte[] value) {
    byte[] out = Arrays.copyOf(value, value.length + BYTES);
    int c = crc(key, value, value.length);
    out[value.length] = (byte) (c >>> 24);
    out[value.length + 1] = (byte) (c >>> 16);
    out[value.length + 2] = (byte) (c >>> 8);
    out[value.length + 3] = (byte) c;
    return out;
  }

  /** True when {@code stored} is a value with a seal that matches it and {@code key}. */
  public static boolean verify(byte[] key, byte[] stored) {
    int n = stored.length - BYTES;
    if (n < 0) {
      return false;
    }
    int want = ((stored[n] & 0xFF) << 24) | ((stored[n + 1] & 0xFF) << 16) | ((stored[n + 2] & 0xFF) << 8) | (stored[n + 3] & 0xFF);
    return crc(key, stored, n) == want;
  }

  /**
   * The value of a stored, sealed one.
   *
   * @throws SymdexException.CorruptIndex when the seal is missing or does not match
   */
  public static byte[] open(byte[] key, byte[] stored, String table) throws SymdexException.CorruptIndex {
    if (!verify(key, stored)) {
      throw new SymdexException.CorruptIndex(table + ": checksum mismatch in the value of a " + key.length + "-byte key ("
          + stored.length + " bytes stored): the index file is damaged");
    }
    return Arrays.copyOf(stored, stored.length - BYTES);
  }

  private static int crc(byte[] key, byte[] value, int length) {
    CRC32C c = new CRC32C();
    c.update(key, 0, key.length);
    c.update(value, 0, length);
    return (int) c.getValue();
  }
}
