package dev.symdex.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gives a unary call that arrived without a deadline the default one: its {@link Context} gets
 * that deadline, so long queries (which poll {@code Context.isCancelled}) and Sync stop when it
 * passes, as they would for a client's own deadline. Streaming calls (Subscribe) are exempt: they
 * are meant to stay open. The derived context is cancelled when the call ends. Thread-safe.
 */
final class DefaultDeadlineInterceptor implements ServerInterceptor {
  private final long millis;
  private final ScheduledExecutorService timer;

  /** @param timer fires deadlines; owned by the caller */
  DefaultDeadlineInterceptor(Duration deadline, ScheduledExecutorService timer) {
    this.millis = deadline.toMillis();
    this.timer = timer;
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    if (call.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY || Context.current().getDeadline() != null) {
      return next.startCall(call, headers);
    }
    Context.CancellableContext ctx = Context.current().withDeadlineAfter(millis, TimeUnit.MILLISECONDS, timer);
    ServerCall.Listener<Q> listener;
    try {
      listener = Contexts.interceptCall(ctx, call, headers, next);
    } catch (RuntimeException e) {
      ctx.cancel(e);
      throw e;
    }
    return CallEnd.then(listener, () -> ctx.cancel(null));
  }
}
