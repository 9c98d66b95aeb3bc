package dev.symdex.engine.store;

import dev.symdex.engine.SymdexException;
import java.nio.file.Path;
import java.util.Optional;

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

  /**
   * Gives back the pages of the store's file this process holds mapped in memory (its file-backed
   * resident set): the next reads fault them in again from the page cache. Answers are unchanged;
   * a cold project costs no resident memory. Safe with reads and the writer running; does nothing
   * on a closed store or where it is not supported.
   */
  default void releaseResidentPages() {}

  /**
   * Gives back the memory the store kept from past write transactions (LMDB keeps every dirty page
   * it freed on a list for reuse, so an environment holds the largest transaction's dirty pages
   * until it closes: hundreds of MB after a first index in steps). Between write transactions,
   * from the writer's thread; reads wait while it runs (milliseconds). Does nothing where not
   * needed.
   */
  default void releaseWriteMemory() throws SymdexException.StorageFailure {}

  /** The path of the file the store maps into memory (its resident pages are counted by it), if any. */
  default Optional<Path> mappedFile() {
    return Optional.empty();
  }

  /**
   * Writes a compacting copy of the last commit into {@code emptyDir} (an existing empty
   * directory), consistent while the writer goes on. Stores that cannot be copied say so.
   *
   * @throws SymdexException.StorageFailure when the copy cannot be made
   */
  default void copyTo(Path emptyDir) throws SymdexException.StorageFailure {
    throw new SymdexException.StorageFailure("this store cannot be copied", null);
  }

  @Override
  void close();
}
