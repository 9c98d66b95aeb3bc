package dev.symdex.engine.index;

import dev.symdex.engine.store.Store;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where the engine meets the disk under it: reading a source file, and the store that keeps the
 * index. {@link #REAL} is the disk itself; a test injects faults here (a read failing as with
 * EMFILE, a commit failing as on a full disk) and nowhere else.
 *
 * @param reader reads one source file
 * @param store wraps the store opened for an index (identity for the real disk)
 */
public record DiskAccess(Reader reader, UnaryOperator<Store> store) {
  /** Reads one source file. Implementations are thread-safe (files are read on the parse pool). */
  @FunctionalInterface
  public interface Reader {
    /**
     * The whole content of {@code file} (never following a symbolic link), or null when it holds
     * more than {@code max} bytes (it may grow while read).
     */
    byte[] read(Path file, long max) throws IOException;
  }

  /** The disk as it is. */
  public static final DiskAccess REAL = new DiskAccess(DiskAccess::readFile, UnaryOperator.identity());

  public DiskAccess {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(store, "store");
  }

  /** This access with another reader. */
  public DiskAccess withReader(Reader r) {
    return new DiskAccess(r, store);
  }

  /** This access with another store layer. */
  public DiskAccess withStore(UnaryOperator<Store> s) {
    return new DiskAccess(reader, s);
  }

  /** {@link Reader#read} on the real disk. */
  public static byte[] readFile(Path file, long max) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = ch.size();
      if (size > max) {
        return null;
      }
      byte[] buf = new byte[(int) Math.min(max + 1, size + 1)];
      int len = 0;
      while (true) {
        if (len == buf.length) {
          if (len > max) {
            return null;
          }
          buf = Arrays.copyOf(buf, (int) Math.min(max + 1, (long) buf.length * 2));
        }
        int n = ch.read(ByteBuffer.wrap(buf, len, buf.length - len));
        if (n < 0) {
          break;
        }
        len += n;
      }
      return len > max ? null : Arrays.copyOf(buf, len);
    }
  }
}
