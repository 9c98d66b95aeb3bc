package dev.symdex.engine.testing;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.store.ReadTxn;
import dev.symdex.engine.store.Store;
import dev.symdex.engine.store.StoreFullException;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.store.WriteTxn;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * A {@link Store} over a real one whose commits fail while {@link #full} is set, as LMDB's do
 * when the file system is full (ENOSPC at commit: nothing of the transaction is written). The
 * fault is injected at the store seam ({@code DiskAccess.withStore}); everything else is the real
 * store. Thread-safe.
 */
public final class FaultyStore implements Store {
  private final Store real;
  /** While set, every commit fails with {@link StoreFullException} and the transaction ends. */
  public volatile boolean full;
  /** Commits refused so far. */
  public final AtomicInteger refused = new AtomicInteger();

  public FaultyStore(Store real) {
    this.real = real;
  }

  @Override
  public ReadTxn read() throws SymdexException.StorageFailure, SymdexException.CorruptIndex {
    return real.read();
  }

  @Override
  public WriteTxn write() throws SymdexException.StorageFailure, SymdexException.CorruptIndex {
    WriteTxn w = real.write();
    return new WriteTxn() {
      @Override
      public byte[] get(Table table, byte[] key) throws SymdexException.CorruptIndex {
        return w.get(table, key);
      }

      @Override
      public void scan(Table table, byte[] from, BiPredicate<byte[], byte[]> visitor) throws SymdexException.CorruptIndex {
        w.scan(table, from, visitor);
      }

      @Override
      public void keys(Table table, byte[] from, Predicate<byte[]> visitor) throws SymdexException.CorruptIndex {
        w.keys(table, from, visitor);
      }

      @Override
      public void postings(Table table, byte[] key, Predicate<byte[]> visitor) throws SymdexException.CorruptIndex {
        w.postings(table, key, visitor);
      }

      @Override
      public boolean contains(Table table, byte[] key, byte[] value) throws SymdexException.CorruptIndex {
        return w.contains(table, key, value);
      }

      @Override
      public long postingsCount(Table table, byte[] key) throws SymdexException.CorruptIndex {
        return w.postingsCount(table, key);
      }

      @Override
      public long entries(Table table) {
        return w.entries(table);
      }

      @Override
      public void put(Table table, byte[] key, byte[] value) {
        w.put(table, key, value);
      }

      @Override
      public boolean delete(Table table, byte[] key) {
        return w.delete(table, key);
      }

      @Override
      public boolean delete(Table table, byte[] key, byte[] value) {
        return w.delete(table, key, value);
      }

      @Override
      public void clear(Table table) {
        w.clear(table);
      }

      @Override
      public long changes() {
        return w.changes();
      }

      @Override
      public void commit() {
        if (full) {
          refused.incrementAndGet();
          w.close();
          throw new StoreFullException("the disk holding the index is full (No space left on device) while committing to it", null);
        }
        w.commit();
      }

      @Override
      public void close() {
        w.close();
      }
    };
  }

  @Override
  public void checkIntact() throws SymdexException.CorruptIndex {
    real.checkIntact();
  }

  @Override
  public long sizeOnDisk() {
    return real.sizeOnDisk();
  }

  @Override
  public void close() {
    real.close();
  }
}
