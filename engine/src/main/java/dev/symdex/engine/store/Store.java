package dev.symdex.engine.store;

import dev.symdex.engine.SymdexException;

/**
 * Transactional key-value storage for one index: many concurrent readers, one writer. Readers
 * see the last committed state as of their start and never block the writer.
 *
 * <p>Thread-safe. Closing the store with transactions still open is a programming error.
 */
public interface Store extends AutoCloseable {
  /** Starts a read transaction. */
  ReadTxn read() throws SymdexException.StorageFailure;

  /** Starts the write transaction; blocks while another one is open. */
  WriteTxn write() throws SymdexException.StorageFailure;

  /** Bytes the store takes on disk. */
  long sizeOnDisk();

  @Override
  void close();
}
