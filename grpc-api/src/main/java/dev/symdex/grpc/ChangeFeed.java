package dev.symdex.grpc;

import dev.symdex.engine.index.ApplyResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Fans each applied change out to subscribers. {@link #publish} is called by the single writer
 * after each commit; listeners must not block (they hand the change on). {@link #close} ends the
 * feed (its project went away) and tells the subscribers that asked to know. Thread-safe.
 */
public final class ChangeFeed {
  private final CopyOnWriteArrayList<Consumer<ApplyResult>> listeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> onClose = new ArrayList<>();
  private boolean closed;

  /** Registers a listener; closing the result removes it. */
  public AutoCloseable subscribe(Consumer<ApplyResult> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Registers a listener, and {@code onClosed} to run once when the feed closes (at once if it is
   * closed already). Closing the result removes both.
   */
  public AutoCloseable subscribe(Consumer<ApplyResult> listener, Runnable onClosed) {
    synchronized (onClose) {
      if (!closed) {
        onClose.add(onClosed);
        listeners.add(listener);
        return () -> {
          listeners.remove(listener);
          synchronized (onClose) {
            onClose.remove(onClosed);
          }
        };
      }
    }
    onClosed.run();
    return () -> {};
  }

  /** Tells every listener about a committed change that changed something. */
  public void publish(ApplyResult result) {
    if (!result.changedAnything()) {
      return;
    }
    for (Consumer<ApplyResult> l : listeners) {
      l.accept(result);
    }
  }

  /** Ends the feed: listeners are dropped and the close handlers run. Idempotent. */
  public void close() {
    List<Runnable> handlers;
    synchronized (onClose) {
      if (closed) {
        return;
      }
      closed = true;
      handlers = List.copyOf(onClose);
      onClose.clear();
    }
    listeners.clear();
    handlers.forEach(Runnable::run);
  }

  public int subscribers() {
    return listeners.size();
  }
}
