package dev.symdex.grpc;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Owns the gRPC server's lifecycle: registers the symdex service, health and reflection, starts,
 * and stops gracefully (health goes NOT_SERVING first, in-flight calls get a bounded time to
 * finish). Takes any {@link ServerBuilder}, so tests can run it in-process. What guards the
 * service (token, call limits, default deadline, executor) is built by {@link ServerGuards} from
 * {@link ServerOptions}; health checks are never guarded (a load balancer or script may probe them
 * without a token).
 *
 * <p>Thread-safe for start/stop from different threads.
 */
public final class SymdexGrpcServer implements AutoCloseable {
  /** Largest request accepted; symdex requests are small. */
  static final int MAX_INBOUND_BYTES = 1 << 20;

  private final Server server;
  private final HealthStatusManager health = new HealthStatusManager();
  private final ExecutorService executor;
  private final AnswerCache answers;
  private final ProjectPlans plans;
  private final EventLoopGroup eventLoops;
  private final Path socket;
  /** The identity of the socket file this server bound (null before start): removed on stop only if still there. */
  private volatile Object socketKey;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(named("symdex-deadline-"));
  /** Builds what Plan and Explore need of a large project off the request path, one project at a time. */
  private final ExecutorService warmer = Executors.newSingleThreadExecutor(named("symdex-plan-warm-"));
  private final AtomicLong lastCallNanos = new AtomicLong(System.nanoTime());

  private SymdexGrpcServer(ServerBuilder<?> builder, Projects projects, ServerOptions options, EventLoopGroup eventLoops, Path socket) {
    this.eventLoops = eventLoops;
    this.socket = socket;
    this.executor = ServerGuards.executor(options);
    this.answers = new AnswerCache(options.answerCacheBytes());
    this.plans = new ProjectPlans(warmer);
    ServerServiceDefinition service = ServerInterceptors.intercept(new SymdexServiceImpl(projects, executor, answers, plans), new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
          ServerCallHandler<Q, A> next) {
        lastCallNanos.set(System.nanoTime());
        return next.startCall(call, headers);
      }
    });
    // Calls reach the service on the transport thread; the service moves what may block to the
    // executor (see SymdexServiceImpl). Interceptors, health and reflection never block.
    this.server = builder
        .directExecutor()
        .maxInboundMessageSize(MAX_INBOUND_BYTES)
        .addTransportFilter(ClientIdentity.FILTER)
        .addService(ServerGuards.symdex(service, options, timer))
        .addService(health.getHealthService())
        .addService(ServerGuards.reflection(ProtoReflectionServiceV1.newInstance().bindService(), options))
        .build();
  }

  /**
   * What this server keeps in memory for each project between requests (answers, plan indexes,
   * map memos), to measure and give back: a project's next requests rebuild what was released, and
   * answer the same.
   */
  public HeldMemory heldMemory() {
    return new HeldMemory() {
      @Override
      public long heldBytes(IndexBackend backend) {
        return answers.heldBytes(backend) + plans.heldBytes(backend);
      }

      @Override
      public void release(IndexBackend backend) {
        answers.release(backend);
        plans.release(backend);
      }
    };
  }

  /** A server on any builder (in-process in tests), with {@link ServerOptions#DEFAULTS}. */
  public static SymdexGrpcServer create(ServerBuilder<?> builder, IndexBackend backend) {
    return create(builder, backend, ServerOptions.DEFAULTS);
  }

  /** A server on any builder (in-process in tests), answering for one project. */
  public static SymdexGrpcServer create(ServerBuilder<?> builder, IndexBackend backend, ServerOptions options) {
    return create(builder, Projects.single(backend), options);
  }

  /** A server on any builder (in-process in tests). */
  public static SymdexGrpcServer create(ServerBuilder<?> builder, Projects projects, ServerOptions options) {
    return new SymdexGrpcServer(builder, projects, options, null, null);
  }

  /** {@link #listen(ListenAddress, IndexBackend, ServerOptions)} with {@link ServerOptions#DEFAULTS}. */
  public static SymdexGrpcServer listen(ListenAddress address, IndexBackend backend) throws IOException {
    return listen(address, Projects.single(backend), ServerOptions.DEFAULTS);
  }

  /** {@link #listen(ListenAddress, Projects, ServerOptions)} for one project. */
  public static SymdexGrpcServer listen(ListenAddress address, IndexBackend backend, ServerOptions options) throws IOException {
    return listen(address, Projects.single(backend), options);
  }

  /**
   * A server listening on {@code address}. A Unix socket is made readable and writable by the
   * owner only; it replaces a stale socket file, never a path something answers on nor a file
   * that is not a socket (see {@link SocketPath}). Any TCP address, loopback included, needs a
   * token: every local user can connect to loopback.
   *
   * @throws IllegalArgumentException for a TCP address when {@code options} has no token
   * @throws IOException when the socket path is taken (a live server answers there, or it is not
   *     a socket file)
   */
  public static SymdexGrpcServer listen(ListenAddress address, Projects backend, ServerOptions options) throws IOException {
    if (address instanceof ListenAddress.Tcp t && options.token().isEmpty()) {
      throw new IllegalArgumentException("listening on " + t + " needs a bearer token (any local user can connect to a TCP port)");
    }
    return switch (address) {
      case ListenAddress.Unix u -> {
        if (u.path().toString().getBytes(StandardCharsets.UTF_8).length > 100) {
          throw new IOException("socket path is too long for a Unix socket (max ~100 bytes): " + u.path());
        }
        SocketPath.claim(u.path());
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, named("symdex-uds-"), EpollIoHandler.newFactory());
        NettyServerBuilder b = NettyServerBuilder.forAddress(new DomainSocketAddress(u.path().toString()))
            .channelType(EpollServerDomainSocketChannel.class)
            .bossEventLoopGroup(loops)
            .workerEventLoopGroup(loops);
        yield new SymdexGrpcServer(b, backend, options, loops, u.path());
      }
      case ListenAddress.Tcp t -> new SymdexGrpcServer(
          NettyServerBuilder.forAddress(new InetSocketAddress(t.host(), t.port())), backend, options, null, null);
    };
  }

  /** Starts listening; health reports SERVING. */
  public SymdexGrpcServer start() throws IOException {
    server.start();
    if (socket != null) {
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
      socketKey = SocketPath.key(socket);
    }
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus("symdex.v1.SymdexService", ServingStatus.SERVING);
    return this;
  }

  /** Milliseconds since the last call to the symdex service began (health checks do not count). */
  public long idleMillis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastCallNanos.get());
  }

  /** The TCP port, or -1 for other transports. */
  public int port() {
    return server.getPort();
  }

  /** Health goes NOT_SERVING; new calls are refused, in-flight ones get up to {@code graceMillis}. */
  public void stop(long graceMillis) {
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        server.awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      executor.shutdownNow();
      timer.shutdownNow();
      warmer.shutdownNow();
      if (eventLoops != null) {
        eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      }
      if (socket != null) {
        SocketPath.removeIfSame(socket, socketKey);
      }
    }
  }

  /** Blocks until the server has terminated. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    stop(2_000);
  }

  static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
