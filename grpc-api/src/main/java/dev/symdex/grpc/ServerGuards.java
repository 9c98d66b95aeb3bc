package dev.symdex.grpc;

import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Builds, in one place, what stands between the network and the service: the executor and the
 * interceptor chain. A call meets, in this order: the bearer token check (when a token is set),
 * the server-wide limit, the per-client limit, the default deadline, then the decoding of its
 * request (malformed: INVALID_ARGUMENT, see {@link MalformedRequestInterceptor}), then the size
 * limits of its fields (over them: INVALID_ARGUMENT, see {@link RequestLimits}).
 *
 * <p>The chain runs on the transport thread that read the call (it never blocks), so admission
 * and refusals are never stuck behind busy threads, and a refusal is a status, not a reset stream
 * (which is what gRPC makes of an executor's rejection). The service then answers bounded lookups
 * on that thread and hands the rest to the executor (see {@link SymdexServiceImpl}): it has a
 * thread for every call the limit admits (a handler that blocks, Sync, holds one) plus
 * {@link #SPARE_THREADS}, and a queue bounded as a backstop.
 */
final class ServerGuards {
  /** Threads beyond {@code maxCalls}, so that a burst of admitted calls never queues behind one another. */
  static final int SPARE_THREADS = 4;

  private ServerGuards() {}

  /**
   * The server's executor: up to {@code maxCalls + SPARE_THREADS} named threads
   * ({@code symdex-grpc-N}, started on demand and retired after a minute idle), queue bounded at
   * {@code 4 * maxCalls}. The caller shuts it down.
   */
  static ThreadPoolExecutor executor(ServerOptions options) {
    int threads = options.maxCalls() + SPARE_THREADS;
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(4 * options.maxCalls()), SymdexGrpcServer.named("symdex-grpc-"), new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** The symdex service behind the whole chain. */
  static ServerServiceDefinition symdex(ServerServiceDefinition service, ServerOptions options, ScheduledExecutorService timer) {
    return chain(MalformedRequestInterceptor.wrap(ServerInterceptors.intercept(service, new RequestLimits())), options, List.of(
        new DefaultDeadlineInterceptor(options.defaultDeadline(), timer),
        new ConcurrencyLimitInterceptor(options.maxCallsPerClient(), ClientIdentity::of, "this client"),
        new ConcurrencyLimitInterceptor(options.maxCalls(), call -> "server", "the server")));
  }

  /** Reflection: token only (it says what the API is, nothing about the index). */
  static ServerServiceDefinition reflection(ServerServiceDefinition service, ServerOptions options) {
    return chain(service, options, List.of());
  }

  /** {@code inner} listed innermost first; the token check, when set, goes outermost. */
  private static ServerServiceDefinition chain(ServerServiceDefinition service, ServerOptions options, List<ServerInterceptor> inner) {
    List<ServerInterceptor> all = new ArrayList<>(inner);
    options.token().ifPresent(t -> all.add(new BearerTokenInterceptor(t)));
    // ServerInterceptors.intercept calls the last interceptor first.
    return ServerInterceptors.intercept(service, all);
  }
}
