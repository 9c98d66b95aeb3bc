package dev.symdex.engine.codec;

import dev.symdex.engine.SymdexException;

/**
 * The clean-shutdown marker (file {@code clean} next to {@code data.mdb}, format.md): written when
 * an index is closed in order, deleted when it is opened. It records what {@code data.mdb} looked
 * like at close; an index opened without a marker that matches was not closed cleanly, or was
 * changed since, and is verified in full before it is trusted.
 *
 * <pre>
 * u32 magic "SDXC" | u8 version(=2) | u64 size | u64 mtimeNanos | u64 ctimeNanos | u64 fileKeyHash | u64 txnId
 * | u32 metaCrc | seal
 * </pre>
 *
 * @param size bytes of data.mdb
 * @param mtimeNanos its modification time
 * @param ctimeNanos its status-change time (moved by any write or truncation, and not settable)
 * @param fileKey hash of its device and inode
 * @param txnId the transaction id of its current meta page
 * @param metaCrc CRC-32C of its two meta pages (version 2; a version 1 marker is not read: the
 *     store is walked once)
 */
public record CleanMarker(long size, long mtimeNanos, long ctimeNanos, long fileKey, long txnId, int metaCrc) {
  private static final int MAGIC = 0x5344_5843; // "SDXC"
  private static final int VERSION = 2;
  private static final byte[] NO_KEY = new byte[0];

  public byte[] encode() {
    ByteSink out = new ByteSink(52);
    out.u32(MAGIC);
    out.u8(VERSION);
    out.u64(size);
    out.u64(mtimeNanos);
    out.u64(ctimeNanos);
    out.u64(fileKey);
    out.u64(txnId);
    out.u32(metaCrc);
    return ValueSeal.seal(NO_KEY, out.toBytes());
  }

  /**
   * @throws SymdexException.CorruptIndex when the bytes are not a marker this build wrote
   */
  public static CleanMarker decode(byte[] bytes) throws SymdexException.CorruptIndex {
    ByteSource in = new ByteSource(ValueSeal.open(NO_KEY, bytes, "clean marker"), "clean marker");
    if (in.u32() != MAGIC || in.u8() != VERSION) {
      throw in.corrupt("not a clean marker");
    }
    CleanMarker m = new CleanMarker(in.u64(), in.u64(), in.u64(), in.u64(), in.u64(), in.u32());
    in.end();
    return m;
  }
}
