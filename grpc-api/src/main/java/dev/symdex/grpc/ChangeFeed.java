package dev.symdex.grpc;

import dev.symdex.engine.index.ApplyResult;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Fans each applied change out to subscribers. {@link #publish} is called by the single writer
 * after each commit; listeners must not block (they hand the change on). Thread-safe.
 */
public final class ChangeFeed {
  private final CopyOnWriteArrayList<Consumer<ApplyResult>> listeners = new CopyOnWriteArrayList<>();

  /** Registers a listener; closing the result removes it. */
  public AutoCloseable subscribe(Consumer<ApplyResult> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
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

  public int subscribers() {
    return listeners.size();
  }
}
