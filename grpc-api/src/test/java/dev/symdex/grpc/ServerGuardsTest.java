package dev.symdex.grpc;

import dev.symdex.engine.query.Searcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.StatusRequest;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import dev.symdex.proto.v1.SyncRequest;
import dev.symdex.proto.v1.SyncResponse;
import io.grpc.CallOptions;
import io.grpc.Deadline;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Context;
import java.io.UncheckedIOException;

/**
 * What guards the service, over the real transports (Unix socket, TCP) on a real engine: the
 * bearer token, the default deadline, the call limits, malformed requests. Only Sync is held back
 * (on a latch), so that calls stay in flight for as long as the test needs.
 */
class ServerGuardsTest {
  @TempDir Path root;
  @TempDir Path data;

  private EngineBackend engine;
  private HeldBackend backend;
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeEach
  void init() throws Exception {
    Files.writeString(root.resolve("A.java"), "class Foo { void bar() {} }\n");
    engine = new EngineBackend(root, data.resolve("index"));
    backend = new HeldBackend(engine);
  }

  @AfterEach
  void close() {
    backend.release.release(1_000);
    channels.forEach(ManagedChannel::shutdownNow);
    engine.close();
  }

  private ManagedChannel unix(Path sock) {
    ManagedChannel ch = Grpc.newChannelBuilder("unix://" + sock, InsecureChannelCredentials.create()).build();
    channels.add(ch);
    return ch;
  }

  private ManagedChannel tcp(int port) {
    ManagedChannel ch = Grpc.newChannelBuilder("127.0.0.1:" + port, InsecureChannelCredentials.create()).build();
    channels.add(ch);
    return ch;
  }

  private static SymdexServiceGrpc.SymdexServiceBlockingStub stub(ManagedChannel ch) {
    return SymdexServiceGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static FindDefinitionsRequest bar() {
    return FindDefinitionsRequest.newBuilder().setName("bar").build();
  }

  @Test
  void aRemoteAddressNeedsATokenAndChecksItButHealthStaysOpen() throws Exception {
    ListenAddress any = ListenAddress.parse("tcp:0.0.0.0:0", true);
    assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("tcp:0.0.0.0:0"), "not without the explicit flag");
    assertThrows(IllegalArgumentException.class, () -> SymdexGrpcServer.listen(any, backend), "not without a token");
    try (SymdexGrpcServer server = SymdexGrpcServer.listen(any, backend, ServerOptions.DEFAULTS.withToken("s3cret")).start()) {
      ManagedChannel ch = tcp(server.port());
      StatusRuntimeException none = assertThrows(StatusRuntimeException.class, () -> stub(ch).findDefinitions(bar()));
      assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());
      StatusRuntimeException wrong = assertThrows(StatusRuntimeException.class, () -> withToken(stub(ch), "s3cre7").findDefinitions(bar()));
      assertEquals(Status.Code.UNAUTHENTICATED, wrong.getStatus().getCode());
      assertEquals("A.java", withToken(stub(ch), "s3cret").findDefinitions(bar()).getResults(0).getPath());
      assertEquals(HealthCheckResponse.ServingStatus.SERVING, HealthGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance()).getStatus(), "health needs no token");
    }
  }

  private static SymdexServiceGrpc.SymdexServiceBlockingStub withToken(SymdexServiceGrpc.SymdexServiceBlockingStub s, String token) {
    Metadata m = new Metadata();
    m.put(BearerTokenInterceptor.AUTHORIZATION, "Bearer " + token);
    return s.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
  }

  @Test
  void aCallWithoutADeadlineGetsTheDefaultOneAndAClientDeadlineIsKept() throws Exception {
    Path sock = data.resolve("s.sock");
    try (SymdexGrpcServer server = SymdexGrpcServer.listen(new ListenAddress.Unix(sock), backend,
        ServerOptions.DEFAULTS.withDefaultDeadline(Duration.ofSeconds(30))).start()) {
      ManagedChannel ch = unix(sock);
      SymdexServiceGrpc.newBlockingStub(ch).status(StatusRequest.getDefaultInstance()); // no deadline
      Deadline applied = backend.seenDeadline.get();
      assertNotNull(applied, "the server gave the call a deadline");
      assertTrue(applied.timeRemaining(TimeUnit.SECONDS) <= 30, applied.toString());

      SymdexServiceGrpc.newBlockingStub(ch).withDeadlineAfter(1, TimeUnit.HOURS).status(StatusRequest.getDefaultInstance());
      assertTrue(backend.seenDeadline.get().timeRemaining(TimeUnit.MINUTES) > 30, "the client's own deadline is kept");
    }
  }

  @Test
  void aQueryThatOverrunsTheDefaultDeadlineAnswersDeadlineExceededNotAPartialResult() throws Exception {
    Path sock = data.resolve("s.sock");
    try (SymdexGrpcServer server = SymdexGrpcServer.listen(new ListenAddress.Unix(sock), backend,
        ServerOptions.DEFAULTS.withDefaultDeadline(Duration.ofMillis(200))).start()) {
      ManagedChannel ch = unix(sock);
      backend.overrun = true;
      StatusRuntimeException late = assertThrows(StatusRuntimeException.class,
          () -> SymdexServiceGrpc.newBlockingStub(ch).findDefinitions(bar())); // no client deadline
      assertEquals(Status.Code.DEADLINE_EXCEEDED, late.getStatus().getCode(), late.getStatus().toString());
      backend.overrun = false;
      assertEquals(1, stub(ch).findDefinitions(bar()).getResultsCount(), "still serving");
    }
  }

  @Test
  void callsBeyondAClientsLimitOrTheServersAreRefusedAndOthersStillServed() throws Exception {
    Path sock = data.resolve("s.sock");
    try (SymdexGrpcServer server = SymdexGrpcServer.listen(new ListenAddress.Unix(sock), backend,
        ServerOptions.DEFAULTS.withLimits(3, 2)).start()) {
      ManagedChannel a = unix(sock);
      ManagedChannel b = unix(sock);
      // Client a: two Syncs held in flight, its limit.
      var first = SymdexServiceGrpc.newFutureStub(a).withDeadlineAfter(60, TimeUnit.SECONDS).sync(SyncRequest.getDefaultInstance());
      var second = SymdexServiceGrpc.newFutureStub(a).withDeadlineAfter(60, TimeUnit.SECONDS).sync(SyncRequest.getDefaultInstance());
      assertTrue(backend.entered.tryAcquire(2, 60, TimeUnit.SECONDS));
      StatusRuntimeException third = assertThrows(StatusRuntimeException.class, () -> stub(a).findDefinitions(bar()));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, third.getStatus().getCode());
      assertTrue(third.getStatus().getDescription().contains("this client"), third.getStatus().toString());

      // Client b (another connection) is still served; its held Sync fills the server's limit.
      assertEquals(1, stub(b).findDefinitions(bar()).getResultsCount());
      var held = SymdexServiceGrpc.newFutureStub(b).withDeadlineAfter(60, TimeUnit.SECONDS).sync(SyncRequest.getDefaultInstance());
      assertTrue(backend.entered.tryAcquire(1, 60, TimeUnit.SECONDS));
      StatusRuntimeException full = assertThrows(StatusRuntimeException.class, () -> stub(b).findDefinitions(bar()));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, full.getStatus().getCode());
      assertTrue(full.getStatus().getDescription().contains("the server"), full.getStatus().toString());

      backend.release.release(3);
      for (var f : List.of(first, second, held)) {
        SyncResponse r = f.get(60, TimeUnit.SECONDS);
        assertTrue(r.getGeneration() > 0);
      }
      // Finished and refused calls give their places back: the limits hold as many as before.
      assertEquals(1, stub(a).findDefinitions(bar()).getResultsCount());
      assertEquals(1, stub(b).findDefinitions(bar()).getResultsCount());
      List<ListenableFuture<SyncResponse>> again = List.of(
          SymdexServiceGrpc.newFutureStub(a).withDeadlineAfter(60, TimeUnit.SECONDS).sync(SyncRequest.getDefaultInstance()),
          SymdexServiceGrpc.newFutureStub(a).withDeadlineAfter(60, TimeUnit.SECONDS).sync(SyncRequest.getDefaultInstance()),
          SymdexServiceGrpc.newFutureStub(b).withDeadlineAfter(60, TimeUnit.SECONDS).sync(SyncRequest.getDefaultInstance()));
      assertTrue(backend.entered.tryAcquire(3, 60, TimeUnit.SECONDS), "all three admitted again");
      backend.release.release(3);
      for (var f : again) {
        assertTrue(f.get(60, TimeUnit.SECONDS).getGeneration() > 0);
      }
    }
  }

  @Test
  void malformedAndOversizeRequestsGetAClearStatusAndTheServerKeepsServing() throws Exception {
    Path sock = data.resolve("s.sock");
    try (SymdexGrpcServer server = SymdexGrpcServer.listen(new ListenAddress.Unix(sock), backend).start()) {
      ManagedChannel ch = unix(sock);
      MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(SymdexServiceGrpc.getFindDefinitionsMethod().getFullMethodName())
          .setRequestMarshaller(new Bytes()).setResponseMarshaller(new Bytes()).build();
      StatusRuntimeException malformed = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(ch, raw,
          CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}));
      assertEquals(Status.Code.INVALID_ARGUMENT, malformed.getStatus().getCode(), malformed.getStatus().toString());
      StatusRuntimeException huge = assertThrows(StatusRuntimeException.class,
          () -> stub(ch).findDefinitions(FindDefinitionsRequest.newBuilder().setName("x".repeat(2 << 20)).build()));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, huge.getStatus().getCode());
      assertEquals(1, stub(ch).findDefinitions(bar()).getResultsCount(), "still serving");
    }
  }

  /** Raw bytes, for requests no stub would send. */
  private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * The real engine backend, except that Sync waits for {@link #release} (and says so on
   * {@link #entered}), and Status records the deadline of the call it serves.
   */
  private static final class HeldBackend implements IndexBackend {
    private final EngineBackend real;
    final Semaphore entered = new Semaphore(0);
    final Semaphore release = new Semaphore(0);
    final AtomicReference<Deadline> seenDeadline = new AtomicReference<>();
    /** While set, searcher() returns only once the call's context is cancelled (a query that overruns). */
    volatile boolean overrun;

    HeldBackend(EngineBackend real) {
      this.real = real;
    }

    @Override
    public Searcher searcher() throws SymdexException {
      if (overrun) {
        CountDownLatch cancelled = new CountDownLatch(1);
        Context.current().addListener(c -> cancelled.countDown(), Runnable::run);
        try {
          if (!cancelled.await(60, TimeUnit.SECONDS)) {
            throw new SymdexException.IndexNotReady("never cancelled");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return real.searcher();
    }


    @Override
    public SyncResult sync(Duration timeout) throws SymdexException, InterruptedException {
      entered.release();
      if (!release.tryAcquire(60, TimeUnit.SECONDS)) {
        throw new SymdexException.IndexNotReady("never released");
      }
      return real.sync(timeout);
    }

    @Override
    public ChangeFeed changes() {
      return real.changes();
    }

    @Override
    public RuntimeStatus runtimeStatus() {
      seenDeadline.set(Context.current().getDeadline());
      return real.runtimeStatus();
    }
  }
}
