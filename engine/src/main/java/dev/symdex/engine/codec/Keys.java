package dev.symdex.engine.codec;

import dev.symdex.engine.model.ContentHash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import net.openhft.hashing.LongHashFunction;

/**
 * Key layouts of every database (format.md). Thread-safe (stateless).
 *
 * <ul>
 *   <li>{@code files}, {@code issues}: relative path, UTF-8, '/'-separated.
 *   <li>{@code fileids}: u32 big-endian file id. Postings values use the same 4 bytes, so
 *       LMDB's byte order is numeric order.
 *   <li>{@code facts}: u64 big-endian content hash, then u16 big-endian extractor version.
 *   <li>{@code defs}, {@code refs}, {@code calls}: symbol name, UTF-8.
 *   <li>{@code heads}, {@code headfacts}: git HEAD SHA, 40 ASCII hex digits; {@code headfacts}
 *       values are u64 big-endian content hashes.
 * </ul>
 */
public final class Keys {
  private Keys() {}

  /** Key of a path, or empty when the path is too long to be a key. */
  public static Optional<byte[]> path(String relPath) {
    byte[] b = relPath.getBytes(StandardCharsets.UTF_8);
    return b.length == 0 || b.length > Format.MAX_KEY_BYTES ? Optional.empty() : Optional.of(b);
  }

  /**
   * Key of a path in the issues table: the path itself, or for a path too long to be a key, its
   * first 400 bytes, "…" and the hash of the whole path.
   */
  public static byte[] issue(String relPath) {
    Optional<byte[]> k = path(relPath);
    if (k.isPresent()) {
      return k.get();
    }
    byte[] b = relPath.getBytes(StandardCharsets.UTF_8);
    int cut = 400;
    while ((b[cut] & 0xC0) == 0x80) {
      cut--; // do not split a character
    }
    return (new String(b, 0, cut, StandardCharsets.UTF_8) + "…" + Integer.toHexString(relPath.hashCode()))
        .getBytes(StandardCharsets.UTF_8);
  }

  public static String path(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }

  /** Key of a symbol name, or empty when the name is too long to be a key. */
  public static Optional<byte[]> name(String name) {
    return path(name);
  }

  public static byte[] fileId(int id) {
    return new byte[] {(byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
  }

  public static int fileId(byte[] b) {
    if (b.length != 4) {
      throw new IllegalArgumentException("file id of " + b.length + " bytes");
    }
    return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
  }

  /** A probe key (see {@code ProbeRecorder}): u64 big-endian. */
  public static byte[] probe(long key) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (key >>> (56 - 8 * i));
    }
    return b;
  }

  public static long probe(byte[] b) {
    if (b.length != 8) {
      throw new IllegalArgumentException("probe key of " + b.length + " bytes");
    }
    long h = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (b[i] & 0xFF);
    }
    return h;
  }

  /**
   * Key of a path in {@code names} (by its file name) or {@code dirnames} (a directory, by its
   * name): the name, a NUL, and the xxh3 hash of the whole path (so the key stays short however
   * deep the path); the value is the path.
   */
  public static byte[] byName(String path) {
    byte[] prefix = namePrefix(path.substring(path.lastIndexOf('/') + 1));
    byte[] k = Arrays.copyOf(prefix, prefix.length + 8);
    long h = LongHashFunction.xx3().hashChars(path);
    for (int i = 0; i < 8; i++) {
      k[prefix.length + i] = (byte) (h >>> (56 - 8 * i));
    }
    return k;
  }

  /** Start of the keys of every path named {@code name} in {@code names} or {@code dirnames}. */
  public static byte[] namePrefix(String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(n, n.length + 1);
  }

  /** Key of a git HEAD SHA (ASCII hex) in {@code heads} and {@code headfacts}. */
  public static byte[] head(String sha) {
    return sha.getBytes(StandardCharsets.US_ASCII);
  }

  public static String head(byte[] key) {
    return new String(key, StandardCharsets.US_ASCII);
  }

  /** A content hash as a {@code headfacts} value: u64 big-endian. */
  public static byte[] hash(ContentHash hash) {
    long h = hash.value();
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (h >>> (56 - 8 * i));
    }
    return b;
  }

  public static ContentHash hash(byte[] b) {
    if (b.length != 8) {
      throw new IllegalArgumentException("content hash of " + b.length + " bytes");
    }
    long h = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (b[i] & 0xFF);
    }
    return new ContentHash(h);
  }

  public static byte[] facts(ContentHash hash, int extractorVersion) {
    long h = hash.value();
    byte[] b = new byte[10];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (h >>> (56 - 8 * i));
    }
    b[8] = (byte) (extractorVersion >>> 8);
    b[9] = (byte) extractorVersion;
    return b;
  }

  /** Content hash of a facts key. */
  public static ContentHash factsHash(byte[] key) {
    long h = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (key[i] & 0xFF);
    }
    return new ContentHash(h);
  }

  /** Extractor version of a facts key. */
  public static int factsVersion(byte[] key) {
    return ((key[8] & 0xFF) << 8) | (key[9] & 0xFF);
  }
}
