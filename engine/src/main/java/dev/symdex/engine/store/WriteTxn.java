package dev.symdex.engine.store;

/**
 * The one write transaction of a {@link Store}. Nothing it does is visible to readers until
 * {@link #commit()}; closing without commit discards everything. Must be used from the thread
 * that opened it. {@code put}, {@code delete} and {@code commit} throw {@link StoreFullException}
 * when the disk or the store's map is full; the transaction is then over.
 */
public interface WriteTxn extends ReadTxn {
  /** Sets {@code key} to {@code value}; for a postings table, adds {@code value} to the key's set. */
  void put(Table table, byte[] key, byte[] value);

  /** Removes {@code key} (every value of it, for a postings table). Returns whether it existed. */
  boolean delete(Table table, byte[] key);

  /** Removes one value of {@code key} in a postings table. Returns whether it existed. */
  boolean delete(Table table, byte[] key, byte[] value);

  /** Removes every key of {@code table}. */
  void clear(Table table);

  /**
   * Puts and deletes made in this transaction so far: a bound on the pages it dirtied, which LMDB
   * holds in memory until the commit (and keeps for reuse after it).
   */
  long changes();

  /** Makes every change visible at once, durably. The transaction is closed afterwards. */
  void commit();
}
