package dev.symdex.client;

import dev.symdex.proto.v1.CalleesRequest;
import dev.symdex.proto.v1.CalleesResponse;
import dev.symdex.proto.v1.CallersRequest;
import dev.symdex.proto.v1.CallersResponse;
import dev.symdex.proto.v1.DeltaRequest;
import dev.symdex.proto.v1.DeltaResponse;
import dev.symdex.proto.v1.DependentsRequest;
import dev.symdex.proto.v1.DependentsResponse;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.FindDefinitionsResponse;
import dev.symdex.proto.v1.FindReferencesRequest;
import dev.symdex.proto.v1.FindReferencesResponse;
import dev.symdex.proto.v1.ImportsRequest;
import dev.symdex.proto.v1.ImportsResponse;
import dev.symdex.proto.v1.PlanRequest;
import dev.symdex.proto.v1.PlanResponse;
import dev.symdex.proto.v1.StatusRequest;
import dev.symdex.proto.v1.StatusResponse;
import dev.symdex.proto.v1.SubscribeRequest;
import dev.symdex.proto.v1.SubscribeResponse;
import dev.symdex.proto.v1.SymdexServiceGrpc.SymdexServiceBlockingStub;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import dev.symdex.proto.v1.SyncRequest;
import dev.symdex.proto.v1.SyncResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A small Java client for a symdex daemon, over the generated gRPC stubs, with the defaults an agent
 * wants: it finds the daemon's Unix socket from the data dir, puts a deadline on every call, and
 * retries a call that fails UNAVAILABLE (no daemon yet, or one still starting) with bounded
 * exponential backoff for a while before giving up.
 *
 * <pre>{@code
 * try (SymdexClient symdex = SymdexClient.connect()) {          // $SYMDEX_DATA_DIR or ~/.local/share/symdex
 *   for (Result r : symdex.findDefinitions("parseArgs").getResultsList()) { ... }
 * }
 * }</pre>
 *
 * <p>Contract: every call made through this class (the typed methods and {@link #stub()}) carries
 * the default deadline ({@link Builder#deadline}, 10 s) unless the request says otherwise; a call
 * failing with UNAVAILABLE is repeated, waiting 50 ms, then twice as long each time up to 1 s,
 * until {@link Builder#startupWait} (10 s) has passed since the first attempt, then its
 * {@link StatusRuntimeException} is thrown. Every RPC the daemon serves is read-only or idempotent
 * ({@code Sync} included), so repeating one is safe. Other failures are thrown at once as
 * {@link StatusRuntimeException} (INVALID_ARGUMENT for a bad request, DEADLINE_EXCEEDED, ...).
 * Thread-safe: one client serves any number of threads over one channel. Close it to release the
 * channel.
 */
public final class SymdexClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final String target;
  private final long deadlineMs;
  private final long startupWaitMs;

  private SymdexClient(Builder b) {
    this.target = b.target;
    this.deadlineMs = b.deadline.toMillis();
    this.startupWaitMs = b.startupWait.toMillis();
    var builder = Grpc.newChannelBuilder(b.target, InsecureChannelCredentials.create());
    if (b.token != null) {
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + b.token);
      builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    this.channel = builder.build();
  }

  /** Connects to the daemon of the default data dir ({@link #defaultDataDir()}) with the defaults. */
  public static SymdexClient connect() {
    return builder().build();
  }

  /** Connects to the daemon of a data dir (its socket is {@code dataDir/symdex.sock}) with the defaults. */
  public static SymdexClient connect(Path dataDir) {
    return builder().dataDir(dataDir).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Where {@code symdex serve} keeps its data by default: {@link SymdexPaths#defaultDataDir()}. */
  public static Path defaultDataDir() {
    return SymdexPaths.defaultDataDir();
  }

  /** The gRPC target this client talks to ({@code unix:///...} or {@code host:port}). */
  public String target() {
    return target;
  }

  public StatusResponse status() {
    return call(s -> s.status(StatusRequest.getDefaultInstance()));
  }

  /** Definitions of {@code name} (exact), at most 100. */
  public FindDefinitionsResponse findDefinitions(String name) {
    return findDefinitions(FindDefinitionsRequest.newBuilder().setName(name).build());
  }

  public FindDefinitionsResponse findDefinitions(FindDefinitionsRequest request) {
    return call(s -> s.findDefinitions(request));
  }

  /** Uses of {@code name} (exact), at most 100. */
  public FindReferencesResponse findReferences(String name) {
    return findReferences(FindReferencesRequest.newBuilder().setName(name).build());
  }

  public FindReferencesResponse findReferences(FindReferencesRequest request) {
    return call(s -> s.findReferences(request));
  }

  /** Call sites of {@code name}, each with its calling definition. */
  public CallersResponse callers(String name) {
    return callers(CallersRequest.newBuilder().setName(name).build());
  }

  public CallersResponse callers(CallersRequest request) {
    return call(s -> s.callers(request));
  }

  /** Calls made inside the definitions named {@code name}. */
  public CalleesResponse callees(String name) {
    return callees(CalleesRequest.newBuilder().setName(name).build());
  }

  public CalleesResponse callees(CalleesRequest request) {
    return call(s -> s.callees(request));
  }

  /** Returns once every file change made before the call is indexed (read-your-writes). */
  public SyncResponse sync() {
    return call(s -> s.sync(SyncRequest.getDefaultInstance()));
  }

  /** What changed since a git revision, uncommitted edits included. */
  public DeltaResponse delta(String since) {
    return delta(DeltaRequest.newBuilder().setSince(since).build());
  }

  public DeltaResponse delta(DeltaRequest request) {
    return call(s -> s.delta(request));
  }

  /** Files that import {@code path}, directly or not. */
  public DependentsResponse dependents(String path) {
    return dependents(DependentsRequest.newBuilder().setPath(path).build());
  }

  public DependentsResponse dependents(DependentsRequest request) {
    return call(s -> s.dependents(request));
  }

  /** The imports of {@code path}, each resolved. */
  public ImportsResponse imports(String path) {
    return imports(ImportsRequest.newBuilder().setPath(path).build());
  }

  public ImportsResponse imports(ImportsRequest request) {
    return call(s -> s.imports(request));
  }

  /** The files and definitions that matter to {@code task}, the best packed into {@code tokenBudget} tokens. */
  public PlanResponse plan(String task, int tokenBudget) {
    return plan(PlanRequest.newBuilder().setTask(task).setTokenBudget(tokenBudget).build());
  }

  public PlanResponse plan(PlanRequest request) {
    return call(s -> s.plan(request));
  }

  /**
   * Each index generation's changes, as they happen, with no deadline: iterate until done, then
   * close the client (or cancel through {@link #channel()}). Not retried.
   */
  public Iterator<SubscribeResponse> subscribe() {
    return subscribe(SubscribeRequest.getDefaultInstance());
  }

  /**
   * {@link #subscribe()} for {@code request}: with {@code plan_task}, the task's top files too
   * (each change as {@code plan_ranks}).
   */
  public Iterator<SubscribeResponse> subscribe(SubscribeRequest request) {
    return SymdexServiceGrpc.newBlockingStub(channel).subscribe(request);
  }

  /**
   * The blocking stub with the default deadline, for every RPC, including any this class has no
   * typed method for. Calls made on it directly are not retried; use {@link #call} for that.
   */
  public SymdexServiceBlockingStub stub() {
    return SymdexServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
  }

  /**
   * Makes one call on a fresh {@link #stub()} (so each attempt has the full deadline), repeating it
   * on UNAVAILABLE as the class comment says.
   */
  public <T> T call(Function<SymdexServiceBlockingStub, T> rpc) {
    long start = System.nanoTime();
    long backoff = 50;
    while (true) {
      try {
        return rpc.apply(stub());
      } catch (StatusRuntimeException e) {
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || waited + backoff > startupWaitMs) {
          throw e;
        }
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
        backoff = Math.min(backoff * 2, 1_000);
        // The channel keeps its own reconnect backoff (up to minutes); ours is the bound.
        channel.resetConnectBackoff();
      }
    }
  }

  /** The underlying channel, for async or future stubs of your own. */
  public ManagedChannel channel() {
    return channel;
  }

  /** Shuts the channel down, waiting up to 5 s for calls in flight. */
  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Options of a client; each has the default the class comment states. Not thread-safe. */
  public static final class Builder {
    private String target;
    private Duration deadline = Duration.ofSeconds(10);
    private Duration startupWait = Duration.ofSeconds(10);
    private String token;

    private Builder() {}

    /**
     * Sends {@code authorization: Bearer <token>} with every call: for a daemon serving with
     * {@code --token-file} (the file's first line) or on a remote address (default: none).
     */
    public Builder token(String token) {
      Objects.requireNonNull(token, "token");
      if (token.isBlank() || token.strip().length() != token.length()) {
        throw new IllegalArgumentException("the token must not be blank or padded");
      }
      this.token = token;
      return this;
    }

    /** The daemon of this data dir (its socket {@code dataDir/symdex.sock}); the default is {@link #defaultDataDir()}. */
    public Builder dataDir(Path dataDir) {
      return socket(SymdexPaths.socket(dataDir));
    }

    /** The daemon listening on this Unix socket. */
    public Builder socket(Path socket) {
      this.target = "unix://" + socket.toAbsolutePath();
      return this;
    }

    /**
     * The daemon listening on loopback TCP ({@code symdex serve --listen tcp:127.0.0.1:PORT}). It
     * demands its bearer token ({@link #token}): the first line of its {@code --token-file}, else of
     * its data dir's {@code token} file (which {@code daemon.json} names).
     */
    public Builder tcp(String host, int port) {
      this.target = host + ":" + port;
      return this;
    }

    /** Deadline of each call (default 10 s). */
    public Builder deadline(Duration deadline) {
      this.deadline = requirePositive(deadline, "deadline");
      return this;
    }

    /** How long calls keep retrying UNAVAILABLE (default 10 s; zero: never retry). */
    public Builder startupWait(Duration startupWait) {
      Objects.requireNonNull(startupWait, "startupWait");
      if (startupWait.isNegative()) {
        throw new IllegalArgumentException("startupWait must not be negative");
      }
      this.startupWait = startupWait;
      return this;
    }

    /** Opens the channel (lazily: nothing is connected until the first call). */
    public SymdexClient build() {
      if (target == null) {
        dataDir(defaultDataDir());
      }
      return new SymdexClient(this);
    }

    private static Duration requirePositive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }
  }
}
