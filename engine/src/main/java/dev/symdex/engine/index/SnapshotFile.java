package dev.symdex.engine.index;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.Format;
import dev.symdex.engine.codec.MetaCodec;
import dev.symdex.engine.store.LmdbStore;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.store.WriteTxn;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * A snapshot file: one project's index as a single file, to seed the index of another tree with
 * the same content (another machine, a CI cache). {@link #export} writes it, {@link #importTo}
 * makes it a root's index (then the warm reconcile parses only the files whose content it does not
 * hold; see {@link IndexSeed}).
 *
 * <pre>
 * header:  u32 magic "SDXS" | u32 snapshot version (1) | u32 index format | u32 0
 *          | u64 options hash | u64 payload bytes | u32 CRC-32C of the 32 bytes before it
 * payload: data.mdb of a compacting LMDB copy of the index, its root record emptied (and the
 *          page that held it dropped: nothing in the file names the exporter's root)
 * trailer: u32 CRC-32C of the payload | u32 magic "SDXE"
 * </pre>
 *
 * All integers big-endian. Written to a temporary file (0600) next to the target, synced, and
 * renamed over it; read whole and checked (magic, versions, length, both checksums) before any of
 * it is opened as an index. Stateless; thread-safe.
 */
public final class SnapshotFile {
  static final int MAGIC = 0x5344_5853; // "SDXS"
  static final int END_MAGIC = 0x5344_5845; // "SDXE"
  /** Version of the snapshot layout this build writes and reads. */
  public static final int VERSION = 1;
  static final int HEADER_BYTES = 36;
  static final int TRAILER_BYTES = 8;
  private static final int CHUNK = 1 << 20;

  private SnapshotFile() {}

  /** Writes a compacting copy of an index into an empty directory ({@link Engine#copyIndexTo}, {@link IndexSeed#copyClosed}). */
  @FunctionalInterface
  public interface Copier {
    void copyTo(Path emptyDir) throws SymdexException;
  }

  /**
   * Writes the index {@code copier} copies (of {@code indexDir}) to {@code file}, replacing it whole
   * (mode 0600). Returns the bytes written.
   *
   * @throws SymdexException.InvalidQuery when the index is not of this build's format
   * @throws SymdexException.StorageFailure when the copy or the file cannot be written (nothing is left behind)
   */
  public static long export(Copier copier, Path indexDir, Path file) throws SymdexException {
    Path copy = IndexSeed.tempDirFor(indexDir);
    Path compact = null;
    Path abs = file.toAbsolutePath().normalize();
    Path tmp = null;
    try {
      copier.copyTo(copy);
      long optionsHash;
      try (LmdbStore store = LmdbStore.open(copy); WriteTxn w = store.write()) {
        byte[] format = w.get(Table.META, MetaCodec.KEY_FORMAT);
        byte[] opts = w.get(Table.META, MetaCodec.KEY_OPTIONS);
        if (format == null || MetaCodec.formatVersion(format) != Format.VERSION_CURRENT || opts == null) {
          throw new SymdexException.InvalidQuery("the index at " + indexDir + " is not of this build's format ("
              + Format.VERSION_CURRENT + "): open it once with this build first");
        }
        optionsHash = MetaCodec.u64(opts, "options");
        w.put(Table.META, MetaCodec.KEY_ROOT, MetaCodec.string("")); // the exporter's path stays home
        w.commit();
      }
      // Copied again, compacting: the page that held the old root record is free now, not gone.
      compact = IndexSeed.tempDirFor(indexDir);
      try (LmdbStore store = LmdbStore.open(copy)) {
        store.copyTo(compact);
      }
      Path data = compact.resolve("data.mdb");
      long payload = Files.size(data);
      tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (FileChannel in = FileChannel.open(data, StandardOpenOption.READ);
          FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        out.write(header(Format.VERSION_CURRENT, optionsHash, payload));
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long left = payload;
        while (left > 0) {
          buf.clear().limit((int) Math.min(CHUNK, left));
          int n = in.read(buf);
          if (n < 0) {
            throw new IOException("data.mdb shrank while copied");
          }
          left -= n;
          buf.flip();
          crc.update(buf.duplicate());
          while (buf.hasRemaining()) {
            out.write(buf);
          }
        }
        ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES).putInt((int) crc.getValue()).putInt(END_MAGIC).flip();
        out.write(trailer);
        out.force(true);
      }
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
      return HEADER_BYTES + payload + TRAILER_BYTES;
    } catch (IOException e) {
      throw new SymdexException.StorageFailure("cannot write the snapshot " + abs + ": " + e.getMessage(), e);
    } finally {
      IndexSeed.deleteQuietly(copy);
      if (compact != null) {
        IndexSeed.deleteQuietly(compact);
      }
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a temp file left next to the target
        }
      }
    }
  }

  static ByteBuffer header(int format, long optionsHash, long payload) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
    b.putInt(MAGIC).putInt(VERSION).putInt(format).putInt(0).putLong(optionsHash).putLong(payload);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, 32);
    b.putInt((int) crc.getValue());
    return b.flip();
  }

  /**
   * Makes the snapshot {@code file} the index of {@code root} at {@code indexDir} (which must hold
   * none). The file is checked whole first; on any refusal or failure nothing is left in {@code
   * indexDir} or next to it.
   *
   * @throws SymdexException.InvalidQuery when {@code file} is not a symdex snapshot, was built with
   *     other options or an older index format, or {@code indexDir} holds an index already
   * @throws SymdexException.FormatTooNew when a newer symdex wrote it
   * @throws SymdexException.CorruptIndex when it is cut short or damaged
   * @throws SymdexException.StorageFailure when it cannot be read or the index written
   */
  public static void importTo(Path file, Path root, EngineOptions options, Path indexDir) throws SymdexException {
    if (Files.exists(indexDir.resolve("data.mdb"))) {
      throw new SymdexException.InvalidQuery(root + " has an index in this data dir already (" + indexDir
          + "); a snapshot only seeds a root without one: remove that directory first");
    }
    Path copy = null;
    boolean handedOver = false;
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long payload = checkHeader(file, in, options);
      copy = IndexSeed.tempDirFor(indexDir);
      Path data = copy.resolve("data.mdb");
      CRC32C crc = new CRC32C();
      try (FileChannel out = FileChannel.open(data, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long pos = HEADER_BYTES;
        long end = HEADER_BYTES + payload;
        while (pos < end) {
          buf.clear().limit((int) Math.min(CHUNK, end - pos));
          int n = in.read(buf, pos);
          if (n < 0) {
            throw new SymdexException.CorruptIndex(file + " is cut short (a truncated snapshot)");
          }
          pos += n;
          buf.flip();
          crc.update(buf.duplicate());
          while (buf.hasRemaining()) {
            out.write(buf);
          }
        }
      }
      ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES);
      while (trailer.hasRemaining()) {
        if (in.read(trailer, HEADER_BYTES + payload + trailer.position()) < 0) {
          throw new SymdexException.CorruptIndex(file + " is cut short (a truncated snapshot)");
        }
      }
      trailer.flip();
      int stored = trailer.getInt();
      if (trailer.getInt() != END_MAGIC || stored != (int) crc.getValue()) {
        throw new SymdexException.CorruptIndex(file + " is damaged (its checksum does not match)");
      }
      handedOver = true; // plant checks the copy's meta pages, and deletes it when it fails
      IndexSeed.plant(copy, root, options, indexDir);
    } catch (IOException e) {
      throw new SymdexException.StorageFailure("cannot read the snapshot " + file + ": " + e.getMessage(), e);
    } finally {
      if (copy != null && !handedOver) {
        IndexSeed.deleteQuietly(copy);
      }
    }
  }

  /** Checks the header and the file's length; returns the payload's length. */
  private static long checkHeader(Path file, FileChannel in, EngineOptions options) throws IOException, SymdexException {
    ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
    while (h.hasRemaining() && in.read(h, h.position()) >= 0) {
      // read what there is
    }
    h.flip();
    if (h.remaining() < 8 || h.getInt(0) != MAGIC) {
      throw new SymdexException.InvalidQuery(file + " is not a symdex snapshot (no SDXS header)");
    }
    int version = h.getInt(4);
    if (version > VERSION) {
      throw new SymdexException.FormatTooNew(file + " is a snapshot of format " + version + ", newer than this build reads ("
          + VERSION + "); upgrade symdex");
    }
    if (h.remaining() < HEADER_BYTES) {
      throw new SymdexException.CorruptIndex(file + " is cut short (a truncated snapshot)");
    }
    CRC32C crc = new CRC32C();
    crc.update(h.array(), 0, 32);
    if (h.getInt(32) != (int) crc.getValue() || version < 1) {
      throw new SymdexException.CorruptIndex(file + " is damaged (its header checksum does not match)");
    }
    int format = h.getInt(8);
    if (format > Format.VERSION_CURRENT) {
      throw new SymdexException.FormatTooNew(file + " holds an index of format " + format + ", newer than this build reads ("
          + Format.VERSION_CURRENT + "); upgrade symdex");
    }
    if (format < Format.VERSION_CURRENT) {
      throw new SymdexException.InvalidQuery(file + " holds an index of format " + format + ", older than this build uses ("
          + Format.VERSION_CURRENT + "): export it again with this build");
    }
    if (h.getLong(16) != options.outputHash()) {
      throw new SymdexException.InvalidQuery(file + " was built with other indexing options (e.g. --max-file-bytes) than this index uses");
    }
    long payload = h.getLong(24);
    long size = in.size();
    if (payload < 0 || size != HEADER_BYTES + payload + TRAILER_BYTES) {
      throw new SymdexException.CorruptIndex(file + " holds " + size + " bytes, its header says "
          + (HEADER_BYTES + payload + TRAILER_BYTES) + " (" + (size < HEADER_BYTES + payload + TRAILER_BYTES ? "truncated" : "damaged") + ")");
    }
    return payload;
  }
}
