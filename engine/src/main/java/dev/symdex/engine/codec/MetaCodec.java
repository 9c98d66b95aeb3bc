package dev.symdex.engine.codec;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.model.IndexCounts;
import java.nio.charset.StandardCharsets;

/**
 * Keys and values of the {@code meta} database (format.md). Thread-safe (stateless).
 *
 * <pre>
 * "format"       u32 MAGIC | u32 formatVersion
 * "root"         utf8 absolute root path
 * "options"      u64 hash of the options that change what is stored
 * "head"         utf8 HEAD commit SHA (empty outside git)
 * "generation"   u64, +1 per committed change
 * "next_file_id" u32
 * "counts"       7 × varlong (files, definitions, references, calls, imports, parseErrors, issues)
 * "import_graph" u8 version of the resolution rules the complete stored import graph was built by
 * "reconciled"   u8 1 once a full reconcile has been committed
 * </pre>
 */
public final class MetaCodec {
  public static final byte[] KEY_FORMAT = key("format");
  public static final byte[] KEY_ROOT = key("root");
  public static final byte[] KEY_OPTIONS = key("options");
  public static final byte[] KEY_HEAD = key("head");
  public static final byte[] KEY_GENERATION = key("generation");
  public static final byte[] KEY_NEXT_FILE_ID = key("next_file_id");
  public static final byte[] KEY_COUNTS = key("counts");
  /**
   * Present when the stored import graph is complete for the stored files; its value ({@link
   * #importGraph}) names the resolution rules the graph was built by.
   */
  public static final byte[] KEY_IMPORT_GRAPH = key("import_graph");
  /**
   * Present once a full reconcile of the tree has been committed (value: u8 1); absent in a new
   * index and in a first index that was interrupted between its steps. Never removed.
   */
  public static final byte[] KEY_RECONCILED = key("reconciled");

  /** The value of a present-or-absent meta record ({@link #KEY_RECONCILED}). */
  public static byte[] present() {
    return new byte[] {1};
  }

  private MetaCodec() {}

  private static byte[] key(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The {@code import_graph} value: the graph is complete, built by resolution rules {@code version} (1..255). */
  public static byte[] importGraph(int version) {
    if (version < 1 || version > 255) {
      throw new IllegalArgumentException("import graph version " + version);
    }
    return new byte[] {(byte) version};
  }

  /** The resolution rules' version an {@code import_graph} value names; 0 for a value of another shape. */
  public static int importGraphVersion(byte[] value) {
    return value != null && value.length == 1 ? value[0] & 0xff : 0;
  }

  public static byte[] format(int version) {
    ByteSink out = new ByteSink(8);
    out.u32(Format.MAGIC);
    out.u32(version);
    return out.toBytes();
  }

  /**
   * Checks a format record and returns its version.
   *
   * @throws SymdexException.CorruptIndex when the magic is wrong (not a symdex index)
   */
  public static int formatVersion(byte[] value) throws SymdexException.CorruptIndex {
    ByteSource in = new ByteSource(value, "format record");
    if (in.u32() != Format.MAGIC) {
      throw in.corrupt("bad magic: not a symdex index");
    }
    int v = in.u32();
    in.end();
    return v;
  }

  public static byte[] u64(long v) {
    ByteSink out = new ByteSink(8);
    out.u64(v);
    return out.toBytes();
  }

  public static long u64(byte[] b, String what) throws SymdexException.CorruptIndex {
    ByteSource in = new ByteSource(b, what);
    long v = in.u64();
    in.end();
    return v;
  }

  public static byte[] u32(int v) {
    ByteSink out = new ByteSink(4);
    out.u32(v);
    return out.toBytes();
  }

  public static int u32(byte[] b, String what) throws SymdexException.CorruptIndex {
    ByteSource in = new ByteSource(b, what);
    int v = in.u32();
    in.end();
    return v;
  }

  public static byte[] string(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  public static byte[] counts(IndexCounts c) {
    ByteSink out = new ByteSink(32);
    out.varlong(c.files());
    out.varlong(c.definitions());
    out.varlong(c.references());
    out.varlong(c.calls());
    out.varlong(c.imports());
    out.varlong(c.parseErrors());
    out.varlong(c.issues());
    return out.toBytes();
  }

  public static IndexCounts counts(byte[] b) throws SymdexException.CorruptIndex {
    ByteSource in = new ByteSource(b, "counts");
    IndexCounts c = new IndexCounts(in.varlong(), in.varlong(), in.varlong(), in.varlong(), in.varlong(), in.varlong(), in.varlong());
    in.end();
    return c;
  }
}
