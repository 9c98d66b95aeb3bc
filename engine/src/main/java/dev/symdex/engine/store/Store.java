package dev.symdex.engine.store;

import dev.symdex.engine.SymdexException;

/**
 * Transactional key-value storage for one index: many concurrent readers, one writer. Readers
 * see the last committed state as of their start and never block the writer.
 *
 * <p>Thread-safe. Closing the store with transactions still open is a programming error.
 */
public interface Store extends AutoCloseable {
  /** Starts a read transaction; fails once the store's file is found damaged ({@link #checkIntact}). */
  ReadTxn read() throws SymdexException.StorageFailure, SymdexException.CorruptIndex;

  /** Starts the write transaction; blocks while another one is open. Fails once the file is found damaged. */
  WriteTxn write() throws SymdexException.StorageFailure, SymdexException.CorruptIndex;

  /** Checks now that the store's file was not cut short underneath it; once it was, every transaction fails. */
  void checkIntact() throws SymdexException.CorruptIndex;

  /** Bytes the store takes on disk. */
  long sizeOnDisk();

  @Override
  void close();
}
