package dev.symdex.engine.store;

import dev.symdex.engine.SymdexException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * A consistent, read-only view of a {@link Store} at one moment. Not thread-safe: use it from one
 * thread at a time. The caller closes it; byte arrays passed out are copies the caller owns.
 *
 * <p>Every value read is checked against the checksum it was stored with ({@code
 * codec.ValueSeal}); a value that does not match, or a page the store finds damaged, fails the
 * read with {@link SymdexException.CorruptIndex}, never a wrong value.
 */
public interface ReadTxn extends AutoCloseable {
  /** Value of {@code key}, or null. For a postings table, the first value. */
  byte[] get(Table table, byte[] key) throws SymdexException.CorruptIndex;

  /**
   * Visits keys (and values) in byte order, starting at the first key {@code >= from} (from the
   * start when {@code from} is empty), until the visitor returns false.
   */
  void scan(Table table, byte[] from, BiPredicate<byte[], byte[]> visitor) throws SymdexException.CorruptIndex;

  /**
   * Visits each distinct key once (for a postings table: not once per value) in byte order,
   * starting at the first key {@code >= from}, until the visitor returns false.
   */
  void keys(Table table, byte[] from, Predicate<byte[]> visitor) throws SymdexException.CorruptIndex;

  /** Visits every value of {@code key} in a postings table, in byte order, until it returns false. */
  void postings(Table table, byte[] key, Predicate<byte[]> visitor) throws SymdexException.CorruptIndex;

  /** Every value of {@code key} in a postings table, in byte order (to read further with each). */
  default List<byte[]> postingsOf(Table table, byte[] key) throws SymdexException.CorruptIndex {
    List<byte[]> out = new ArrayList<>();
    postings(table, key, v -> out.add(v));
    return out;
  }

  /** True when {@code value} is one of {@code key}'s values in a postings table: O(log n), not a walk of the values. */
  boolean contains(Table table, byte[] key, byte[] value) throws SymdexException.CorruptIndex;

  /** Number of values of {@code key} in a postings table (0 when absent). */
  long postingsCount(Table table, byte[] key) throws SymdexException.CorruptIndex;

  /** How many entries {@code table} holds (every value of every key, for a postings table), from LMDB's own count. */
  long entries(Table table);

  /** Ends the transaction. Idempotent. */
  @Override
  void close();
}
