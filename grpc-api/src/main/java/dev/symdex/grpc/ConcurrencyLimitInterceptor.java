package dev.symdex.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * At most {@code limit} calls in flight per key; a call beyond it is closed at once with
 * RESOURCE_EXHAUSTED (before any handler runs). A call is in flight from its start until the
 * transport reports it complete or cancelled (an open Subscribe stream counts). Used with a
 * constant key for the whole server and with {@link ClientIdentity#of} per client. Thread-safe.
 */
final class ConcurrencyLimitInterceptor implements ServerInterceptor {
  private final int limit;
  private final Function<ServerCall<?, ?>, Object> key;
  private final String scope;
  private final ConcurrentHashMap<Object, Integer> inFlight = new ConcurrentHashMap<>();

  /** @param scope says whose limit it is, in the refusal ("the server", "this client") */
  ConcurrencyLimitInterceptor(int limit, Function<ServerCall<?, ?>, Object> key, String scope) {
    this.limit = limit;
    this.key = key;
    this.scope = scope;
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    Object k = key.apply(call);
    if (inFlight.merge(k, 1, Integer::sum) > limit) {
      release(k);
      call.close(Statuses.tooManyCalls(scope + " has " + limit + " calls in flight already; retry later"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable done = () -> {
      if (released.compareAndSet(false, true)) {
        release(k);
      }
    };
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(call, headers);
    } catch (RuntimeException e) {
      done.run();
      throw e;
    }
    return CallEnd.then(listener, done);
  }

  /** Calls in flight for {@code k} (tests). */
  int inFlight(Object k) {
    return inFlight.getOrDefault(k, 0);
  }

  private void release(Object k) {
    inFlight.computeIfPresent(k, (kk, n) -> n == 1 ? null : n - 1);
  }
}
