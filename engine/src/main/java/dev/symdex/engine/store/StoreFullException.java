package dev.symdex.engine.store;

/**
 * The store cannot take more data: the file system is full (ENOSPC, EDQUOT) or LMDB's map is
 * (MDB_MAP_FULL). Thrown by {@link WriteTxn#put}, {@link WriteTxn#delete} and {@link
 * WriteTxn#commit}; the transaction is over (close it: nothing of it is committed). Unchecked
 * because a put runs inside visitors; the index writer turns it into {@code
 * SymdexException.Exhausted} at its boundary. When the map was the cause, the store grows it
 * before the next write transaction.
 */
public final class StoreFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
