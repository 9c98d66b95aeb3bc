package dev.symdex.engine.store;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.ValueSeal;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.GetOp;
import org.lmdbjava.LmdbException;
import org.lmdbjava.LmdbNativeException;
import org.lmdbjava.SeekOp;
import org.lmdbjava.Txn;

/**
 * {@link Store} on LMDB: one environment directory, one named database per {@link Table}.
 *
 * <p>LMDB commits are atomic and crash-safe (copy-on-write pages, two meta pages), so a killed
 * process leaves the last committed state. The map size is a virtual reservation, set large on
 * every open (reopening without it would shrink the map to the file size). Read transactions are
 * not bound to threads ({@code MDB_NOTLS}), so they may be used from pools.
 */
public final class LmdbStore implements Store {
  /** Virtual address space reserved for the map; the file grows only as data is written. */
  static final long MAP_SIZE = 1L << 40;

  /** How often {@link #read} and {@link #write} look at data.mdb's size (an fstat, ~1.5 µs). */
  private static final long SIZE_CHECK_NANOS = 5_000_000L;

  private final Env<byte[]> env;
  private final Map<Table, Dbi<byte[]>> dbis = new EnumMap<>(Table.class);
  private final Path dir;
  /** data.mdb, open for its size: LMDB never shrinks it, so a smaller one was truncated underneath. */
  private final FileChannel data;
  private volatile long minBytes;
  private volatile long checkedNanos;
  private volatile String damage;

  private LmdbStore(Env<byte[]> env, Path dir, FileChannel data) throws IOException {
    this.env = env;
    this.dir = dir;
    this.data = data;
    this.minBytes = data.size();
    this.checkedNanos = System.nanoTime();
  }

  /**
   * Fails once data.mdb is shorter than it was after the last commit (another process truncated
   * it): from then on this store refuses every transaction with {@link SymdexException.CorruptIndex},
   * so no read goes through the map into missing pages (a SIGBUS, which would end the JVM). {@link
   * #read} and {@link #write} check at most every 5 ms; a reader already inside a transaction is not
   * covered.
   */
  @Override
  public void checkIntact() throws SymdexException.CorruptIndex {
    String d = damage;
    if (d == null) {
      checkedNanos = System.nanoTime();
      try {
        long size = data.size();
        if (size < minBytes) {
          d = "data.mdb was truncated while open (" + size + " bytes, " + minBytes + " committed)";
        }
      } catch (IOException e) {
        d = "data.mdb cannot be read: " + e.getMessage();
      }
      if (d != null) {
        damage = d;
      }
    }
    if (d != null) {
      throw new SymdexException.CorruptIndex(d + "; restart symdex to rebuild the index");
    }
  }

  private void checkIntactNowAndThen() throws SymdexException.CorruptIndex {
    if (damage != null || System.nanoTime() - checkedNanos > SIZE_CHECK_NANOS) {
      checkIntact();
    }
  }

  /** Opens (creating when absent) the environment in {@code dir}. */
  public static LmdbStore open(Path dir) throws SymdexException.StorageFailure {
    try {
      Files.createDirectories(dir);
      Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA)
          .setMapSize(MAP_SIZE)
          .setMaxDbs(Table.values().length + 2)
          .setMaxReaders(1024)
          .open(dir.toFile(), EnvFlags.MDB_NOTLS, EnvFlags.MDB_NORDAHEAD, EnvFlags.MDB_NOMETASYNC);
      LmdbStore store;
      try {
        store = new LmdbStore(env, dir, FileChannel.open(dir.resolve("data.mdb"), StandardOpenOption.READ));
      } catch (IOException e) {
        env.close();
        throw e;
      }
      try {
        for (Table t : Table.values()) {
          DbiFlags[] flags = t.isPostings()
              ? new DbiFlags[] {DbiFlags.MDB_CREATE, DbiFlags.MDB_DUPSORT, DbiFlags.MDB_DUPFIXED}
              : new DbiFlags[] {DbiFlags.MDB_CREATE};
          store.dbis.put(t, env.openDbi(t.dbName(), flags));
        }
      } catch (LmdbException e) {
        store.close();
        throw e;
      }
      return store;
    } catch (IOException | LmdbException e) {
      throw new SymdexException.StorageFailure("cannot open index at " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public ReadTxn read() throws SymdexException.StorageFailure, SymdexException.CorruptIndex {
    checkIntactNowAndThen();
    try {
      return new LmdbTxn(env.txnRead());
    } catch (LmdbException e) {
      throw new SymdexException.StorageFailure("cannot begin read: " + e.getMessage(), e);
    }
  }

  @Override
  public WriteTxn write() throws SymdexException.StorageFailure, SymdexException.CorruptIndex {
    checkIntact();
    try {
      return new LmdbTxn(env.txnWrite());
    } catch (LmdbException e) {
      throw new SymdexException.StorageFailure("cannot begin write: " + e.getMessage(), e);
    }
  }

  @Override
  public long sizeOnDisk() {
    try {
      return Files.size(dir.resolve("data.mdb"));
    } catch (IOException e) {
      return 0;
    }
  }

  /** Closes the environment, its last commit made durable first (meta pages are not synced per commit). */
  @Override
  public void close() {
    if (!env.isClosed()) {
      try {
        env.sync(true);
      } catch (LmdbException e) {
        // closing anyway: the last commit may be lost on power failure, never half-kept
      }
      env.close();
      try {
        data.close();
      } catch (IOException e) {
        // nothing held
      }
    }
  }

  /**
   * A read that LMDB failed as damaged (a page it cannot find or that is not what it should be),
   * or whose copy out of the map faulted (the JVM turns a SIGBUS in a copy into an InternalError).
   */
  private static SymdexException.CorruptIndex damaged(Table table, Throwable e) {
    return new SymdexException.CorruptIndex(table.dbName() + ": the index file is damaged: " + e.getMessage(), e);
  }

  private final class LmdbTxn implements WriteTxn {
    private final Txn<byte[]> txn;
    private boolean open = true;

    LmdbTxn(Txn<byte[]> txn) {
      this.txn = txn;
    }

    @Override
    public byte[] get(Table table, byte[] key) throws SymdexException.CorruptIndex {
      try {
        byte[] v = dbis.get(table).get(txn, key);
        return v == null ? null : ValueSeal.open(key, v, table.dbName());
      } catch (LmdbNativeException | InternalError e) {
        throw damaged(table, e);
      }
    }

    @Override
    public void scan(Table table, byte[] from, BiPredicate<byte[], byte[]> visitor) throws SymdexException.CorruptIndex {
      try (Cursor<byte[]> c = dbis.get(table).openCursor(txn)) {
        boolean ok = from.length == 0 ? c.first() : c.get(from, GetOp.MDB_SET_RANGE);
        while (ok) {
          byte[] k = c.key();
          if (!visitor.test(k, ValueSeal.open(k, c.val(), table.dbName()))) {
            return;
          }
          ok = c.next();
        }
      } catch (LmdbNativeException | InternalError e) {
        throw damaged(table, e);
      }
    }

    @Override
    public void keys(Table table, byte[] from, Predicate<byte[]> visitor) throws SymdexException.CorruptIndex {
      try (Cursor<byte[]> c = dbis.get(table).openCursor(txn)) {
        boolean ok = from.length == 0 ? c.first() : c.get(from, GetOp.MDB_SET_RANGE);
        while (ok) {
          if (!visitor.test(c.key())) {
            return;
          }
          ok = c.seek(SeekOp.MDB_NEXT_NODUP);
        }
      } catch (LmdbNativeException | InternalError e) {
        throw damaged(table, e);
      }
    }

    @Override
    public void postings(Table table, byte[] key, Predicate<byte[]> visitor) throws SymdexException.CorruptIndex {
      try (Cursor<byte[]> c = dbis.get(table).openCursor(txn)) {
        boolean ok = c.get(key, GetOp.MDB_SET);
        while (ok) {
          if (!visitor.test(ValueSeal.open(key, c.val(), table.dbName()))) {
            return;
          }
          ok = c.seek(SeekOp.MDB_NEXT_DUP);
        }
      } catch (LmdbNativeException | InternalError e) {
        throw damaged(table, e);
      }
    }

    @Override
    public long postingsCount(Table table, byte[] key) throws SymdexException.CorruptIndex {
      try (Cursor<byte[]> c = dbis.get(table).openCursor(txn)) {
        return c.get(key, GetOp.MDB_SET) ? c.count() : 0;
      } catch (LmdbNativeException | InternalError e) {
        throw damaged(table, e);
      }
    }

    @Override
    public void put(Table table, byte[] key, byte[] value) {
      dbis.get(table).put(txn, key, ValueSeal.seal(key, value));
    }

    @Override
    public boolean delete(Table table, byte[] key) {
      return dbis.get(table).delete(txn, key);
    }

    @Override
    public boolean delete(Table table, byte[] key, byte[] value) {
      return dbis.get(table).delete(txn, key, ValueSeal.seal(key, value));
    }

    @Override
    public void clear(Table table) {
      dbis.get(table).drop(txn);
    }

    @Override
    public void commit() {
      txn.commit();
      close();
      try {
        minBytes = Math.max(minBytes, data.size());
      } catch (IOException e) {
        // the next check says so
      }
    }

    @Override
    public void close() {
      if (open) {
        open = false;
        txn.close();
      }
    }
  }
}
