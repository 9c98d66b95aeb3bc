package dev.symdex.engine.store;

import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * A consistent, read-only view of a {@link Store} at one moment. Not thread-safe: use it from one
 * thread at a time. The caller closes it; byte arrays passed out are copies the caller owns.
 */
public interface ReadTxn extends AutoCloseable {
  /** Value of {@code key}, or null. For a postings table, the first value. */
  byte[] get(Table table, byte[] key);

  /**
   * Visits keys (and values) in byte order, starting at the first key {@code >= from} (from the
   * start when {@code from} is empty), until the visitor returns false.
   */
  void scan(Table table, byte[] from, BiPredicate<byte[], byte[]> visitor);

  /**
   * Visits each distinct key once (for a postings table: not once per value) in byte order,
   * starting at the first key {@code >= from}, until the visitor returns false.
   */
  void keys(Table table, byte[] from, Predicate<byte[]> visitor);

  /** Visits every value of {@code key} in a postings table, in byte order, until it returns false. */
  void postings(Table table, byte[] key, Predicate<byte[]> visitor);

  /** True when {@code value} is one of {@code key}'s values in a postings table: O(log n), not a walk of the values. */
  boolean contains(Table table, byte[] key, byte[] value);

  /** Number of values of {@code key} in a postings table (0 when absent). */
  long postingsCount(Table table, byte[] key);

  /** Ends the transaction. Idempotent. */
  @Override
  void close();
}
