package dev.symdex.engine.store;

import dev.symdex.engine.SymdexException;

/**
 * A damaged stored value met behind an interface that cannot throw checked exceptions (the repo
 * files and definitions import resolution reads through). Only ever wraps {@link
 * SymdexException.CorruptIndex}; the engine method that started the read unwraps it, so callers of
 * the engine see the checked exception only.
 */
public final class UncheckedCorruptIndex extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UncheckedCorruptIndex(SymdexException.CorruptIndex cause) {
    super(cause.getMessage(), cause);
  }

  @Override
  public synchronized SymdexException.CorruptIndex getCause() {
    return (SymdexException.CorruptIndex) super.getCause();
  }

  /** A read that may meet damage. */
  public interface Read<T> {
    T get() throws SymdexException.CorruptIndex;
  }

  /** The value of {@code read}, its damage wrapped. */
  public static <T> T unchecked(Read<T> read) {
    try {
      return read.get();
    } catch (SymdexException.CorruptIndex e) {
      throw new UncheckedCorruptIndex(e);
    }
  }
}
