package dev.symdex.engine.store;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.ValueSeal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private final Env<byte[]> env;
  private final Map<Table, Dbi<byte[]>> dbis = new EnumMap<>(Table.class);
  private final Path dir;

  private LmdbStore(Env<byte[]> env, Path dir) {
    this.env = env;
    this.dir = dir;
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
      LmdbStore store = new LmdbStore(env, dir);
      try {
        for (Table t : Table.values()) {
          DbiFlags[] flags = t.isPostings()
              ? new DbiFlags[] {DbiFlags.MDB_CREATE, DbiFlags.MDB_DUPSORT, DbiFlags.MDB_DUPFIXED}
              : new DbiFlags[] {DbiFlags.MDB_CREATE};
          store.dbis.put(t, env.openDbi(t.dbName(), flags));
        }
      } catch (LmdbException e) {
        env.close();
        throw e;
      }
      return store;
    } catch (IOException | LmdbException e) {
      throw new SymdexException.StorageFailure("cannot open index at " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public ReadTxn read() throws SymdexException.StorageFailure {
    try {
      return new LmdbTxn(env.txnRead());
    } catch (LmdbException e) {
      throw new SymdexException.StorageFailure("cannot begin read: " + e.getMessage(), e);
    }
  }

  @Override
  public WriteTxn write() throws SymdexException.StorageFailure {
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
