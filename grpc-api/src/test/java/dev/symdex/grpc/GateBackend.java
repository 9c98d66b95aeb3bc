package dev.symdex.grpc;

import dev.symdex.engine.query.Searcher;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.IndexSnapshot;
import io.grpc.Context;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A backend over {@link EngineBackend} that, once armed, holds the next query before its snapshot
 * until the caller has gone (cancelled, or past its deadline): the query then runs on a cancelled
 * call, as a long query would be when its caller gives up midway.
 */
final class GateBackend implements IndexBackend {
  private final EngineBackend delegate;
  private volatile boolean armed;
  private volatile CountDownLatch entered = new CountDownLatch(1);

  GateBackend(EngineBackend delegate) {
    this.delegate = delegate;
  }

  /** Holds the next snapshot until its call is cancelled. */
  void arm() {
    entered = new CountDownLatch(1);
    armed = true;
  }

  /** Waits until the held query has reached the gate. */
  void awaitEntered() throws InterruptedException {
    if (!entered.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("no query reached the gate");
    }
  }

  @Override
  public Searcher searcher() throws SymdexException {
    if (armed) {
      armed = false;
      CountDownLatch gone = new CountDownLatch(1);
      Context.current().addListener(c -> gone.countDown(), Runnable::run);
      entered.countDown();
      try {
        if (!gone.await(30, TimeUnit.SECONDS)) {
          throw new AssertionError("the held call was never cancelled");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SymdexException.IndexNotReady("interrupted");
      }
    }
    return delegate.searcher();
  }

  @Override
  public SyncResult sync(Duration timeout) throws SymdexException, InterruptedException {
    return delegate.sync(timeout);
  }

  @Override
  public ChangeFeed changes() {
    return delegate.changes();
  }

  @Override
  public RuntimeStatus runtimeStatus() {
    return delegate.runtimeStatus();
  }
}
