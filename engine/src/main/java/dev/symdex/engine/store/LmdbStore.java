package dev.symdex.engine.store;

import dev.symdex.engine.SymdexException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
 *
 * <p>A full disk (ENOSPC, EDQUOT at commit) or a full map (MDB_MAP_FULL) is a {@link
 * StoreFullException}. A full map is then doubled before the next write transaction begins, once
 * no read transaction is open (LMDB may move the map: new reads wait for the few milliseconds
 * that takes).
 */
public final class LmdbStore implements Store {
  /** Virtual address space reserved for the map; the file grows only as data is written. */
  static final long MAP_SIZE = 1L << 40;
  /** Mode of {@code data.mdb} and {@code lock.mdb}: 0600 (lmdbjava's default is 0664). */
  static final int FILE_MODE = 0600;

  /** errno of a full file system, and of an exceeded disk quota. */
  private static final int ENOSPC = 28;
  private static final int EDQUOT = 122;
  /** How long growing the map waits for open reads to end before it gives up (and tries at the next write). */
  private static final long GROW_WAIT_MILLIS = 30_000;

  private final Env<byte[]> env;
  private final Map<Table, Dbi<byte[]>> dbis = new EnumMap<>(Table.class);
  private final Path dir;
  private long mapSize;
  /** Set by a MDB_MAP_FULL: the map is doubled before the next write transaction. */
  private volatile boolean mapFull;
  /** Read transactions open now, and whether new ones wait (the map is being resized). */
  private final AtomicInteger openReads = new AtomicInteger();
  private volatile boolean resizing;
  private final Object resize = new Object();

  private LmdbStore(Env<byte[]> env, Path dir, long mapSize) {
    this.env = env;
    this.dir = dir;
    this.mapSize = mapSize;
  }

  /** Opens (creating when absent) the environment in {@code dir}. */
  public static LmdbStore open(Path dir) throws SymdexException.StorageFailure {
    return open(dir, MAP_SIZE);
  }

  /**
   * {@link #open(Path)} with a map of {@code mapSize} bytes to start with; it doubles whenever it
   * fills (tests start small to fill it).
   */
  public static LmdbStore open(Path dir, long mapSize) throws SymdexException.StorageFailure {
    try {
      if (!Files.isDirectory(dir)) { // the index says what a tree holds: owner only
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA)
          .setMapSize(mapSize)
          .setMaxDbs(Table.values().length + 2)
          .setMaxReaders(1024)
          .open(dir.toFile(), FILE_MODE, EnvFlags.MDB_NOTLS, EnvFlags.MDB_NORDAHEAD, EnvFlags.MDB_NOMETASYNC);
      LmdbStore store = new LmdbStore(env, dir, mapSize);
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
    enterRead();
    try {
      return new LmdbTxn(env.txnRead(), true);
    } catch (LmdbException e) {
      exitRead();
      throw new SymdexException.StorageFailure("cannot begin read: " + e.getMessage(), e);
    }
  }

  @Override
  public WriteTxn write() throws SymdexException.StorageFailure {
    if (mapFull) {
      growMap();
    }
    try {
      return new LmdbTxn(env.txnWrite(), false);
    } catch (LmdbException e) {
      throw new SymdexException.StorageFailure("cannot begin write: " + e.getMessage(), e);
    }
  }

  /** Counts a read in; waits while the map is being resized. */
  private void enterRead() {
    while (true) {
      openReads.incrementAndGet();
      if (!resizing) {
        return;
      }
      exitRead();
      synchronized (resize) {
        while (resizing) {
          try {
            resize.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // the interrupt is the caller's to see; this read goes ahead uncounted-out
          }
        }
      }
    }
  }

  private void exitRead() {
    if (openReads.decrementAndGet() == 0 && resizing) {
      synchronized (resize) {
        resize.notifyAll();
      }
    }
  }

  /**
   * Doubles the map after a MDB_MAP_FULL, between write transactions (the caller is the only
   * writer) and with no read open: new reads wait meanwhile. Gives up after {@link
   * #GROW_WAIT_MILLIS} if reads stay open (the write that follows may then fail full again, and
   * the next one tries again).
   */
  private void growMap() throws SymdexException.StorageFailure {
    synchronized (resize) {
      resizing = true;
      try {
        long end = System.nanoTime() + GROW_WAIT_MILLIS * 1_000_000;
        while (openReads.get() > 0 && System.nanoTime() < end) {
          resize.wait(10);
        }
        if (openReads.get() == 0) {
          env.setMapSize(mapSize * 2);
          mapSize *= 2;
          mapFull = false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (LmdbException e) {
        throw new SymdexException.StorageFailure("cannot grow the index's map to " + (mapSize >> 19) + " MB: " + e.getMessage(), e);
      } finally {
        resizing = false;
        resize.notifyAll();
      }
    }
  }

  /** The map's size now (it grows after a MDB_MAP_FULL). */
  public long mapSize() {
    return mapSize;
  }

  /** {@code e} as a {@link StoreFullException} when it says the disk or the map is full; else {@code e}. */
  private RuntimeException full(LmdbException e, String doing) {
    if (e instanceof Env.MapFullException) {
      mapFull = true;
      return new StoreFullException("the index's LMDB map is full (" + (mapSize >> 20) + " MB) while " + doing
          + ": it is grown before the next write", e);
    }
    if (e instanceof LmdbNativeException n && (n.getResultCode() == ENOSPC || n.getResultCode() == EDQUOT)) {
      return new StoreFullException("the disk holding the index is full (" + (n.getResultCode() == ENOSPC
          ? "No space left on device" : "Disk quota exceeded") + ") while " + doing + " " + dir, e);
    }
    return e;
  }

  @Override
  public long sizeOnDisk() {
    try {
      return Files.size(dir.resolve("data.mdb"));
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    env.close();
  }

  private final class LmdbTxn implements WriteTxn {
    private final Txn<byte[]> txn;
    private final boolean read;
    private boolean open = true;

    LmdbTxn(Txn<byte[]> txn, boolean read) {
      this.txn = txn;
      this.read = read;
    }

    @Override
    public byte[] get(Table table, byte[] key) {
      return dbis.get(table).get(txn, key);
    }

    @Override
    public void scan(Table table, byte[] from, BiPredicate<byte[], byte[]> visitor) {
      try (Cursor<byte[]> c = dbis.get(table).openCursor(txn)) {
        boolean ok = from.length == 0 ? c.first() : c.get(from, GetOp.MDB_SET_RANGE);
        while (ok) {
          if (!visitor.test(c.key(), c.val())) {
            return;
          }
          ok = c.next();
        }
      }
    }

    @Override
    public void keys(Table table, byte[] from, Predicate<byte[]> visitor) {
      try (Cursor<byte[]> c = dbis.get(table).openCursor(txn)) {
        boolean ok = from.length == 0 ? c.first() : c.get(from, GetOp.MDB_SET_RANGE);
        while (ok) {
          if (!visitor.test(c.key())) {
            return;
          }
          ok = c.seek(SeekOp.MDB_NEXT_NODUP);
        }
      }
    }

    @Override
    public void postings(Table table, byte[] key, Predicate<byte[]> visitor) {
      try (Cursor<byte[]> c = dbis.get(table).openCursor(txn)) {
        boolean ok = c.get(key, GetOp.MDB_SET);
        while (ok) {
          if (!visitor.test(c.val())) {
            return;
          }
          ok = c.seek(SeekOp.MDB_NEXT_DUP);
        }
      }
    }

    @Override
    public boolean contains(Table table, byte[] key, byte[] value) {
      try (Cursor<byte[]> c = dbis.get(table).openCursor(txn)) {
        return c.get(key, value, SeekOp.MDB_GET_BOTH);
      }
    }

    @Override
    public long postingsCount(Table table, byte[] key) {
      try (Cursor<byte[]> c = dbis.get(table).openCursor(txn)) {
        return c.get(key, GetOp.MDB_SET) ? c.count() : 0;
      }
    }

    @Override
    public void put(Table table, byte[] key, byte[] value) {
      try {
        dbis.get(table).put(txn, key, value);
      } catch (LmdbException e) {
        throw full(e, "writing");
      }
    }

    @Override
    public boolean delete(Table table, byte[] key) {
      try {
        return dbis.get(table).delete(txn, key);
      } catch (LmdbException e) {
        throw full(e, "deleting");
      }
    }

    @Override
    public boolean delete(Table table, byte[] key, byte[] value) {
      try {
        return dbis.get(table).delete(txn, key, value);
      } catch (LmdbException e) {
        throw full(e, "deleting");
      }
    }

    @Override
    public void clear(Table table) {
      dbis.get(table).drop(txn);
    }

    @Override
    public void commit() {
      try {
        txn.commit();
      } catch (LmdbException e) {
        throw full(e, "committing to");
      } finally {
        close();
      }
    }

    @Override
    public void close() {
      if (open) {
        open = false;
        txn.close();
        if (read) {
          exitRead();
        }
      }
    }
  }
}
