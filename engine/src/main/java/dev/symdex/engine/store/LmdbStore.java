package dev.symdex.engine.store;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.ValueSeal;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.CopyFlags;
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
 *
 * <p>Every value is sealed ({@link ValueSeal}: a CRC-32C of key and bytes) on the way in and
 * checked on the way out; a mismatch, an LMDB page error or a fault copying out of the map reads
 * as {@link SymdexException.CorruptIndex}, never as other bytes. data.mdb cut short underneath is
 * noticed by its size before a transaction begins ({@link #checkIntact}).
 */
public final class LmdbStore implements Store {
  static {
    LmdbNative.install(); // before lmdbjava's classes initialise
  }

  /** Virtual address space reserved for the map; the file grows only as data is written. */
  static final long MAP_SIZE = 1L << 40;
  /** Mode of {@code data.mdb} and {@code lock.mdb}: 0600 (lmdbjava's default is 0664). */
  static final int FILE_MODE = 0600;

  /** errno of a full file system, and of an exceeded disk quota. */
  private static final int ENOSPC = 28;
  private static final int EDQUOT = 122;
  /** How long growing the map waits for open reads to end before it gives up (and tries at the next write). */
  private static final long GROW_WAIT_MILLIS = 30_000;

  /** How often {@link #read} and {@link #write} look at data.mdb's size (an fstat, ~1.5 µs). */
  private static final long SIZE_CHECK_NANOS = 5_000_000L;

  /** Replaced only by {@link #releaseWriteMemory} (no read open, no write running). */
  private volatile Env<byte[]> env;
  private final Map<Table, Dbi<byte[]>> dbis = new EnumMap<>(Table.class);
  private final Path dir;
  /** data.mdb's real path: how /proc names this store's mapping. */
  private final Path mappedFile;
  /** data.mdb, open for its size: LMDB never shrinks it, so a smaller one was truncated underneath. */
  private final FileChannel data;
  private volatile long minBytes;
  private volatile long checkedNanos;
  private volatile String damage;
  private long mapSize;
  /** Set by a MDB_MAP_FULL: the map is doubled before the next write transaction. */
  private volatile boolean mapFull;
  /** Read transactions open now, and whether new ones wait (the map is being resized). */
  private final AtomicInteger openReads = new AtomicInteger();
  private volatile boolean resizing;
  private final Object resize = new Object();
  /** Held by close and by {@link #releaseResidentPages}: pages are never advised on an unmapped (maybe reused) range. */
  private final Object closeLock = new Object();

  private LmdbStore(Env<byte[]> env, Path dir, FileChannel data, long mapSize) throws IOException {
    this.env = env;
    this.dir = dir;
    this.mappedFile = dir.resolve("data.mdb").toRealPath(); // as the kernel names the mapping
    this.data = data;
    this.mapSize = mapSize;
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
        long size = dataSize();
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

  /**
   * data.mdb's size, by its open channel; by its path once an interrupt closed that channel (a
   * thread interrupted in {@code size()} closes an interruptible channel for every thread).
   */
  private long dataSize() throws IOException {
    try {
      return data.size();
    } catch (ClosedChannelException e) {
      return Files.size(mappedFile);
    }
  }

  private void checkIntactNowAndThen() throws SymdexException.CorruptIndex {
    if (damage != null || System.nanoTime() - checkedNanos > SIZE_CHECK_NANOS) {
      checkIntact();
    }
  }

  /**
   * Loads and binds LMDB's library now, as the first {@link #open} otherwise does (lmdbjava binds it
   * by generating code: a few hundred ms in a fresh JVM), so that a caller can have it done on
   * another thread while it does other start-up work. Idempotent; thread-safe (a concurrent {@link
   * #open} waits for it).
   */
  public static void preload() {
    org.lmdbjava.Meta.version();
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
      Env<byte[]> env = openEnv(dir, mapSize);
      LmdbStore store;
      try {
        store = new LmdbStore(env, dir, FileChannel.open(dir.resolve("data.mdb"), StandardOpenOption.READ), mapSize);
      } catch (IOException e) {
        env.close();
        throw e;
      }
      try {
        store.openDbis();
      } catch (LmdbException e) {
        store.close();
        throw e;
      }
      return store;
    } catch (IOException | LmdbException e) {
      throw new SymdexException.StorageFailure("cannot open index at " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Env<byte[]> openEnv(Path dir, long mapSize) {
    return Env.create(ByteArrayProxy.PROXY_BA)
        .setMapSize(mapSize)
        .setMaxDbs(Table.values().length + 2)
        .setMaxReaders(1024)
        .open(dir.toFile(), FILE_MODE, EnvFlags.MDB_NOTLS, EnvFlags.MDB_NORDAHEAD, EnvFlags.MDB_NOMETASYNC);
  }

  /**
   * Opens the store in {@code dir} to read only, without LMDB's lock file and creating nothing:
   * for a store that no process has open (the caller holds the data dir's lock, and the store was
   * closed in order: {@link StoreCheck#closedCleanly}). Every write fails.
   *
   * @throws SymdexException.StorageFailure when it cannot be opened, or lacks a table of this format
   */
  public static LmdbStore openReadOnly(Path dir) throws SymdexException.StorageFailure {
    try {
      Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA)
          .setMapSize(MAP_SIZE)
          .setMaxDbs(Table.values().length + 2)
          .setMaxReaders(1024)
          .open(dir.toFile(), EnvFlags.MDB_RDONLY_ENV, EnvFlags.MDB_NOLOCK, EnvFlags.MDB_NOTLS, EnvFlags.MDB_NORDAHEAD);
      LmdbStore store;
      try {
        store = new LmdbStore(env, dir, FileChannel.open(dir.resolve("data.mdb"), StandardOpenOption.READ), MAP_SIZE);
      } catch (IOException e) {
        env.close();
        throw e;
      }
      try {
        for (Table t : Table.values()) {
          store.dbis.put(t, t.isPostings() ? env.openDbi(t.dbName(), DbiFlags.MDB_DUPSORT, DbiFlags.MDB_DUPFIXED) : env.openDbi(t.dbName()));
        }
      } catch (LmdbException e) {
        store.close();
        throw e;
      }
      return store;
    } catch (IOException | LmdbException e) {
      throw new SymdexException.StorageFailure("cannot open index at " + dir + " to read: " + e.getMessage(), e);
    }
  }

  /**
   * Writes a compacting copy of the store's last commit to {@code emptyDir}/data.mdb (mode 0600;
   * only pages in use, free pages dropped). Consistent while the writer goes on (the copy reads in
   * a transaction of its own); counted as a read, so the map is not moved meanwhile.
   *
   * @param emptyDir an existing, empty directory
   * @throws SymdexException.StorageFailure when the copy cannot be written (the caller removes {@code emptyDir})
   */
  @Override
  public void copyTo(Path emptyDir) throws SymdexException.StorageFailure {
    enterRead(); // first: a release of write memory waiting for reads to end gives up rather than wait for the lock below
    try {
      synchronized (closeLock) { // a close waits for the copy: never a copy of an environment closed under it
        if (env.isClosed()) {
          throw new SymdexException.StorageFailure("cannot copy the index at " + dir + ": it is closed", null);
        }
        env.copy(emptyDir.toFile(), CopyFlags.MDB_CP_COMPACT);
        Files.setPosixFilePermissions(emptyDir.resolve("data.mdb"), PosixFilePermissions.fromString("rw-------"));
      }
    } catch (IOException | LmdbException e) {
      throw new SymdexException.StorageFailure("cannot copy the index at " + dir + " to " + emptyDir + ": " + e.getMessage(), e);
    } finally {
      exitRead();
    }
  }

  private void openDbis() {
    for (Table t : Table.values()) {
      DbiFlags[] flags = t.isPostings()
          ? new DbiFlags[] {DbiFlags.MDB_CREATE, DbiFlags.MDB_DUPSORT, DbiFlags.MDB_DUPFIXED}
          : new DbiFlags[] {DbiFlags.MDB_CREATE};
      dbis.put(t, env.openDbi(t.dbName(), flags));
    }
  }

  /**
   * Closes the environment (its last commit made durable first) and opens it again, which frees
   * the dirty pages LMDB kept for reuse. As {@link #growMap}: with no read open (new reads wait
   * meanwhile), from the writer's thread between write transactions; but it waits at most {@link
   * #RELEASE_WAIT_MILLIS} for open reads (a background build may hold one for a minute): then it
   * gives up, and tries again before the next write transaction.
   */
  @Override
  public void releaseWriteMemory() throws SymdexException.StorageFailure {
    synchronized (resize) {
      resizing = true;
      try {
        long end = System.nanoTime() + RELEASE_WAIT_MILLIS * 1_000_000;
        while (openReads.get() > 0 && System.nanoTime() < end) {
          resize.wait(5);
        }
        if (openReads.get() > 0) {
          releasePending = true;
          return;
        }
        releasePending = false;
        synchronized (closeLock) {
          if (env.isClosed()) {
            return;
          }
          env.sync(true);
          env.close();
          env = openEnv(dir, mapSize);
          dbis.clear();
          openDbis();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (LmdbException e) {
        throw new SymdexException.StorageFailure("cannot reopen the index at " + dir + ": " + e.getMessage(), e);
      } finally {
        resizing = false;
        resize.notifyAll();
      }
    }
  }

  /** How long {@link #releaseWriteMemory} holds new reads back waiting for open ones. */
  static final long RELEASE_WAIT_MILLIS = 100;
  /** A {@link #releaseWriteMemory} gave up (reads were open): tried again before the next write. */
  private volatile boolean releasePending;

  @Override
  public ReadTxn read() throws SymdexException.StorageFailure, SymdexException.CorruptIndex {
    checkIntactNowAndThen();
    enterRead();
    try {
      return new LmdbTxn(env.txnRead(), true);
    } catch (LmdbException e) {
      exitRead();
      throw new SymdexException.StorageFailure("cannot begin read: " + e.getMessage(), e);
    }
  }

  @Override
  public WriteTxn write() throws SymdexException.StorageFailure, SymdexException.CorruptIndex {
    checkIntact();
    if (mapFull) {
      growMap();
    }
    if (releasePending) {
      releaseWriteMemory();
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

  /**
   * Drops this process's mapping of the store's pages ({@code madvise(MADV_DONTNEED)}: the map is
   * read-only, so nothing is lost; the next read faults a page in again from the page cache).
   * Counted as a read, so the map is not resized (moved) meanwhile; never on a closed store.
   */
  @Override
  public void releaseResidentPages() {
    synchronized (closeLock) {
      if (env.isClosed() || !ResidentPages.supported()) {
        return;
      }
      enterRead();
      try {
        ResidentPages.releaseMappingsOf(mappedFile);
      } finally {
        exitRead();
      }
    }
  }

  @Override
  public Optional<Path> mappedFile() {
    return Optional.of(mappedFile);
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

  /** Closes the environment, its last commit made durable first (meta pages are not synced per commit). */
  @Override
  public void close() {
    synchronized (closeLock) {
      closeEnv();
    }
  }

  private void closeEnv() {
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
    private final boolean read;
    private boolean open = true;
    private long changes;

    LmdbTxn(Txn<byte[]> txn, boolean read) {
      this.txn = txn;
      this.read = read;
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
    public boolean contains(Table table, byte[] key, byte[] value) throws SymdexException.CorruptIndex {
      try (Cursor<byte[]> c = dbis.get(table).openCursor(txn)) {
        return c.get(key, ValueSeal.seal(key, value), SeekOp.MDB_GET_BOTH); // postings values are stored sealed
      } catch (LmdbNativeException | InternalError e) {
        throw damaged(table, e);
      }
    }

    @Override
    public long entries(Table table) {
      return dbis.get(table).stat(txn).entries;
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
      changes++;
      try {
        dbis.get(table).put(txn, key, ValueSeal.seal(key, value));
      } catch (LmdbException e) {
        throw full(e, "writing");
      }
    }

    @Override
    public boolean delete(Table table, byte[] key) {
      changes++;
      try {
        return dbis.get(table).delete(txn, key);
      } catch (LmdbException e) {
        throw full(e, "deleting");
      }
    }

    @Override
    public boolean delete(Table table, byte[] key, byte[] value) {
      changes++;
      try {
        return dbis.get(table).delete(txn, key, ValueSeal.seal(key, value));
      } catch (LmdbException e) {
        throw full(e, "deleting");
      }
    }

    @Override
    public void clear(Table table) {
      dbis.get(table).drop(txn);
    }

    @Override
    public long changes() {
      return changes;
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
      try {
        minBytes = Math.max(minBytes, dataSize());
      } catch (IOException e) {
        // the next check says so
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
