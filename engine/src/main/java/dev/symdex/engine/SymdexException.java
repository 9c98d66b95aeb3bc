package dev.symdex.engine;

/**
 * The engine's errors: few, typed and checked. Each says whether retrying later may succeed
 * ({@link #isTransient()}). The gRPC layer maps each subclass to one status code in one table.
 */
public abstract sealed class SymdexException extends Exception {
  private static final long serialVersionUID = 1L;

  SymdexException(String message, Throwable cause) {
    super(message, cause);
  }

  /** True when the same call may succeed later without anyone changing anything. */
  public abstract boolean isTransient();

  /** The request itself is wrong (empty name, bad limit, path outside the root). */
  public static final class InvalidQuery extends SymdexException {
    private static final long serialVersionUID = 1L;

    public InvalidQuery(String message) {
      super(message, null);
    }

    @Override
    public boolean isTransient() {
      return false;
    }
  }

  /** What the request names does not exist (a file that is not in the index). */
  public static final class NotFound extends SymdexException {
    private static final long serialVersionUID = 1L;

    public NotFound(String message) {
      super(message, null);
    }

    @Override
    public boolean isTransient() {
      return false;
    }
  }

  /**
   * The request depends on an index state that is gone (a page token made at an earlier
   * generation): ask again from the start.
   */
  public static final class Stale extends SymdexException {
    private static final long serialVersionUID = 1L;

    public Stale(String message) {
      super(message, null);
    }

    @Override
    public boolean isTransient() {
      return false;
    }
  }

  /** The caller gave up (cancelled, or its deadline passed) while the query ran: it stopped. */
  public static final class Cancelled extends SymdexException {
    private static final long serialVersionUID = 1L;

    public Cancelled(String message) {
      super(message, null);
    }

    @Override
    public boolean isTransient() {
      return true;
    }
  }

  /** The index cannot answer yet (opening, or closed). */
  public static final class IndexNotReady extends SymdexException {
    private static final long serialVersionUID = 1L;

    public IndexNotReady(String message) {
      super(message, null);
    }

    @Override
    public boolean isTransient() {
      return true;
    }
  }

  /** Stored bytes do not decode: the data dir is damaged or was written by something else. */
  public static final class CorruptIndex extends SymdexException {
    private static final long serialVersionUID = 1L;

    public CorruptIndex(String message) {
      super(message, null);
    }

    public CorruptIndex(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public boolean isTransient() {
      return false;
    }
  }

  /** The index was written by an older format this build cannot read. */
  public static final class FormatTooOld extends SymdexException {
    private static final long serialVersionUID = 1L;

    public FormatTooOld(String message) {
      super(message, null);
    }

    @Override
    public boolean isTransient() {
      return false;
    }
  }

  /** The index was written by a newer build. */
  public static final class FormatTooNew extends SymdexException {
    private static final long serialVersionUID = 1L;

    public FormatTooNew(String message) {
      super(message, null);
    }

    @Override
    public boolean isTransient() {
      return false;
    }
  }

  /** Storage failed underneath (disk full, I/O error). */
  public static final class StorageFailure extends SymdexException {
    private static final long serialVersionUID = 1L;

    public StorageFailure(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public boolean isTransient() {
      return true;
    }
  }
  /**
   * The project's first index is not complete: an answer now could miss files (an empty one would
   * pass for "nothing found"). Ask with sync to wait for it, or retry.
   */
  public static final class Indexing extends SymdexException {
    private static final long serialVersionUID = 1L;

    public Indexing(String message) {
      super(message, null);
    }

    @Override
    public boolean isTransient() {
      return true;
    }
  }

  /** What the call waited for (a sync, the first index) did not happen within its time. */
  public static final class TimedOut extends SymdexException {
    private static final long serialVersionUID = 1L;

    public TimedOut(String message) {
      super(message, null);
    }

    @Override
    public boolean isTransient() {
      return true;
    }
  }

  /**
   * A resource the index needs ran out: the disk (or LMDB's map) is full, or file descriptors or
   * memory ran short. Changes stay pending and are applied once it is back.
   */
  public static final class Exhausted extends SymdexException {
    private static final long serialVersionUID = 1L;

    public Exhausted(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public boolean isTransient() {
      return true;
    }
  }
}
