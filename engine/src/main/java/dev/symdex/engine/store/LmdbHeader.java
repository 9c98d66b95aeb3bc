package dev.symdex.engine.store;

import dev.symdex.engine.SymdexException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The two meta pages of an LMDB {@code data.mdb} (LMDB 0.9, 64-bit, data version 1), read with
 * plain file reads, never through a memory map: so a damaged or truncated file is judged without
 * giving the JVM a chance to fault. Chooses the meta LMDB will use (the larger transaction id) and
 * says how many bytes the file needs for it ({@code (last page + 1) × page size}): a shorter file
 * was truncated, and reading it through LMDB's map would raise SIGBUS.
 *
 * <pre>
 * page header: u64 pgno | u16 pad | u16 flags (0x08 meta) | u32 lower/upper
 * meta:        u32 magic 0xBEEFC0DE | u32 version 1 | u64 address | u64 mapsize
 *              | 2 × db (u32 pad, u16 flags, u16 depth, u64 branch, u64 leaf, u64 overflow, u64 entries, u64 root)
 *              | u64 last page | u64 txnid            (page size: the free db's pad)
 * </pre>
 *
 * @param pageSize bytes per page
 * @param lastPage the last page number the chosen meta uses
 * @param txnId the chosen meta's transaction id (grows with every commit)
 * @param metaCrc CRC-32C of both meta pages' meta fields (what a clean marker keeps: a meta that
 *     changed under a marker that otherwise matches is walked before it is trusted)
 */
public record LmdbHeader(int pageSize, long lastPage, long txnId, int metaCrc) {
  static final int MAGIC = 0xBEEF_C0DE;
  static final int DATA_VERSION = 1;
  private static final int P_META = 0x08;
  private static final int META_BYTES = 16 + 136;
  private static final long P_INVALID = -1L;

  /** Bytes {@code data.mdb} must hold for the chosen meta's pages. */
  public long requiredBytes() {
    return (lastPage + 1) * pageSize;
  }

  /**
   * Reads the meta pages of {@code dataFile}.
   *
   * @throws SymdexException.CorruptIndex when a meta page is not one, or the file is shorter than
   *     the pages the chosen meta uses
   */
  public static LmdbHeader read(Path dataFile) throws SymdexException.CorruptIndex {
    try (FileChannel ch = FileChannel.open(dataFile, StandardOpenOption.READ)) {
      long size = ch.size();
      Meta first = meta(ch, 0, "meta page 0");
      if (first.pageSize < 512 || first.pageSize > 65536 || Integer.bitCount(first.pageSize) != 1) {
        throw corrupt("meta page 0 gives a page size of " + first.pageSize);
      }
      Meta second = meta(ch, first.pageSize, "meta page 1");
      Meta chosen = second.txnId > first.txnId ? second : first; // as LMDB picks
      CRC32C crc = new CRC32C();
      crc.update(first.bytes);
      crc.update(second.bytes);
      LmdbHeader h = new LmdbHeader(first.pageSize, chosen.lastPage, chosen.txnId, (int) crc.getValue());
      if (chosen.lastPage < 1 || chosen.lastPage >= Long.MAX_VALUE / first.pageSize) {
        throw corrupt("meta of transaction " + chosen.txnId + " gives " + chosen.lastPage + " as its last page");
      }
      for (long root : chosen.roots) {
        if (root != P_INVALID && (root < 2 || root > chosen.lastPage)) {
          throw corrupt("meta of transaction " + chosen.txnId + " gives a root page " + root + " outside 2.." + chosen.lastPage);
        }
      }
      if (size < h.requiredBytes()) {
        throw corrupt("data.mdb holds " + size + " bytes, its meta needs " + h.requiredBytes() + " (truncated)");
      }
      return h;
    } catch (IOException e) {
      throw new SymdexException.CorruptIndex("cannot read the meta pages of " + dataFile + ": " + e.getMessage(), e);
    }
  }

  private record Meta(int pageSize, long lastPage, long txnId, long[] roots, byte[] bytes) {}

  private static Meta meta(FileChannel ch, long offset, String what) throws IOException, SymdexException.CorruptIndex {
    ByteBuffer b = ByteBuffer.allocate(META_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, offset + b.position()) < 0) {
        throw corrupt(what + " is cut short (the file has " + ch.size() + " bytes)");
      }
    }
    if ((b.getShort(10) & P_META) == 0) {
      throw corrupt(what + " is not a meta page");
    }
    if (b.getInt(16) != MAGIC) {
      throw corrupt(what + " has a bad magic number");
    }
    if (b.getInt(20) != DATA_VERSION) {
      throw corrupt(what + " has data version " + b.getInt(20));
    }
    int pageSize = b.getInt(40); // the free db's md_pad
    long freeRoot = b.getLong(80);
    long mainRoot = b.getLong(128);
    return new Meta(pageSize, b.getLong(136), b.getLong(144), new long[] {freeRoot, mainRoot}, b.array());
  }

  private static SymdexException.CorruptIndex corrupt(String why) {
    return new SymdexException.CorruptIndex("data.mdb: " + why);
  }
}
