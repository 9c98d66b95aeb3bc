package dev.symdex.cli;

import dev.symdex.proto.v1.DefinitionDelta;
import dev.symdex.proto.v1.DeltaRequest;
import dev.symdex.proto.v1.DeltaResponse;
import dev.symdex.proto.v1.Dependent;
import dev.symdex.proto.v1.DependentsRequest;
import dev.symdex.proto.v1.DependentsResponse;
import dev.symdex.proto.v1.Enclosing;
import dev.symdex.proto.v1.ExploreRequest;
import dev.symdex.proto.v1.FileDelta;
import dev.symdex.proto.v1.ExploreResponse;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.FindDefinitionsResponse;
import dev.symdex.proto.v1.FindReferencesRequest;
import dev.symdex.proto.v1.FindReferencesResponse;
import dev.symdex.proto.v1.PackedFile;
import dev.symdex.proto.v1.PackingFill;
import dev.symdex.proto.v1.PlanItem;
import dev.symdex.proto.v1.PlanPacking;
import dev.symdex.proto.v1.PlanReason;
import dev.symdex.proto.v1.PlanRequest;
import dev.symdex.proto.v1.PlanResponse;
import dev.symdex.proto.v1.PlanSignal;
import dev.symdex.proto.v1.PlanSpan;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.StatusRequest;
import dev.symdex.proto.v1.StatusResponse;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A stand-in daemon for client tests: the real gRPC server stack (Netty, epoll, a Unix socket
 * named {@code symdex.sock} in a data dir) with canned answers. {@code defs NAME} answers one
 * definition in {@code A.java} for "bar", none for other names, and fails with the status the name
 * spells for names {@code fail:CODE[:MESSAGE]}, and answers after MS milliseconds for names {@code
 * slow:MS}; its request is kept ({@link #lastDefinitions}). {@code refs bar} answers one call in
 * {@code B.java} inside {@code Baz.run}. Rows asked {@code with_source} carry {@link #SOURCE} for
 * A.java's line 1 and {@link #REFERENCE_SOURCE} for B.java's (whatever is on disk). Status answers {@link #status}'s next value. Explore keeps its request ({@link
 * #lastExplore}) and answers a one-line map. Plan answers two files for any task, packed into the
 * asked budget (recorded in {@link #lastPlan}). Delta answers A.java modified (its method bar)
 * since any revision; Dependents answers B.java importing A.java, nothing for other files.
 */
public final class FakeDaemon implements AutoCloseable {
  /** Netty warns about a socket option a Unix socket ignores; JUL holds loggers weakly. */
  private static final Logger QUIET = Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap");

  static {
    QUIET.setLevel(Level.SEVERE);
  }

  public final Path dataDir;
  public final Path socket;
  public final AtomicInteger calls = new AtomicInteger();
  /** The {@code authorization} header of the last call ("" when it had none). */
  public volatile String lastAuthorization = "";
  /** The last Explore request received, null before one. */
  public volatile ExploreRequest lastExplore;
  /** The last Plan request. */
  public volatile PlanRequest lastPlan;
  /** The last FindDefinitions request. */
  public volatile FindDefinitionsRequest lastDefinitions;
  /** The source line of bar's definition, as the daemon would read it from A.java. */
  public static final String SOURCE = "class Foo { void bar() {} }";
  /** The source line of the reference to bar in B.java. */
  public static final String REFERENCE_SOURCE = "new Foo().bar();";
  public volatile Supplier<StatusResponse> status = () -> StatusResponse.newBuilder().setState("serving").setFiles(1).build();
  private final EventLoopGroup loops;
  private final Server server;

  public FakeDaemon(Path dataDir) throws IOException {
    this(dataDir, false);
  }

  /** With {@code tcp}, listens on a free loopback TCP port ({@link #port}) instead of the socket. */
  public FakeDaemon(Path dataDir, boolean tcp) throws IOException {
    this.dataDir = dataDir;
    this.socket = dataDir.resolve("symdex.sock");
    loops = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    NettyServerBuilder builder = tcp
        ? NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .channelType(EpollServerSocketChannel.class)
        : NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString())).channelType(EpollServerDomainSocketChannel.class);
    server = builder
        .bossEventLoopGroup(loops).workerEventLoopGroup(loops)
        .intercept(new ServerInterceptor() {
          @Override
          public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
              ServerCallHandler<Q, A> next) {
            String auth = headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER));
            lastAuthorization = auth == null ? "" : auth;
            return next.startCall(call, headers);
          }
        })
        .addService(new SymdexServiceGrpc.SymdexServiceImplBase() {
          @Override
          public void findDefinitions(FindDefinitionsRequest req, StreamObserver<FindDefinitionsResponse> out) {
            calls.incrementAndGet();
            lastDefinitions = req;
            String name = req.getName();
            if (name.startsWith("fail:")) {
              String[] p = name.split(":", 3);
              out.onError(Status.fromCodeValue(Integer.parseInt(p[1])).withDescription(p.length > 2 ? p[2] : null).asRuntimeException());
              return;
            }
            if (name.startsWith("slow:")) {
              try {
                Thread.sleep(Long.parseLong(name.substring(5)));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            FindDefinitionsResponse.Builder b = FindDefinitionsResponse.newBuilder().setHead("h").setGeneration(7);
            if (name.equals("bar")) {
              b.addResults(Result.newBuilder().setPath("A.java").setLine(1).setName("bar").setKind("method")
                  .setContainer("Foo").setColumn(18).setEndLine(1).setLanguage("java").setSource(req.getWithSource() ? SOURCE : ""));
            }
            if (name.equals("many")) {
              for (int i = 0; i < Math.max(1, req.getLimit()); i++) {
                b.addResults(Result.newBuilder().setPath("dir/File" + i + ".java").setLine(i + 1).setName("many").setKind("method"));
              }
            }
            out.onNext(b.build());
            out.onCompleted();
          }

          @Override
          public void findReferences(FindReferencesRequest req, StreamObserver<FindReferencesResponse> out) {
            calls.incrementAndGet();
            FindReferencesResponse.Builder b = FindReferencesResponse.newBuilder().setHead("h").setGeneration(7);
            if (req.getName().equals("bar")) {
              b.addResults(Result.newBuilder().setPath("B.java").setLine(3).setName("bar").setKind("call").setColumn(15).setEndLine(3)
                  .setLanguage("java").setSource(req.getWithSource() ? REFERENCE_SOURCE : "")
                  .setEnclosing(Enclosing.newBuilder().setName("run").setKind("method").setContainer("Baz").setLine(2).setEndLine(4)));
            }
            out.onNext(b.build());
            out.onCompleted();
          }

          @Override
          public void explore(ExploreRequest req, StreamObserver<ExploreResponse> out) {
            calls.incrementAndGet();
            lastExplore = req;
            out.onNext(ExploreResponse.newBuilder().setHead("h").setGeneration(7).setText("# project\n").build());
            out.onCompleted();
          }

          @Override
          public void plan(PlanRequest req, StreamObserver<PlanResponse> out) {
            calls.incrementAndGet();
            lastPlan = req;
            int budget = req.getTokenBudget() == 0 ? 8000 : req.getTokenBudget();
            out.onNext(PlanResponse.newBuilder().setHead("0123456789abcdef0123456789abcdef01234567").setGeneration(7)
                .addItems(PlanItem.newBuilder().setPath("src/shop/Basket.java").setScore(1.3)
                    .addReasons(PlanReason.newBuilder().setSignal(PlanSignal.PLAN_SIGNAL_LEXICAL).setWeight(1.0).setDetail("terms: basket, item"))
                    .addReasons(PlanReason.newBuilder().setSignal(PlanSignal.PLAN_SIGNAL_RECENCY).setWeight(0.3).setDetail("changed 1 commit ago"))
                    .addSpans(PlanSpan.newBuilder().setName("Basket.addItem").setKind("method").setLine(3).setEndLine(3)))
                .addItems(PlanItem.newBuilder().setPath("src/shop/Item.java").setScore(0.4)
                    .addReasons(PlanReason.newBuilder().setSignal(PlanSignal.PLAN_SIGNAL_GRAPH).setWeight(0.4)))
                .setPacking(PlanPacking.newBuilder().setTokens(budget - 100).setBudget(budget).setFill(PackingFill.PACKING_FILL_RAN_OUT)
                    .addPacked(PackedFile.newBuilder().setPath("src/shop/Basket.java").setKind("file").setTokens(budget - 100)))
                .setText("== src/shop/Basket.java ==\npublic class Basket {}\n\n")
                .build());
            out.onCompleted();
          }

          @Override
          public void delta(DeltaRequest req, StreamObserver<DeltaResponse> out) {
            calls.incrementAndGet();
            out.onNext(DeltaResponse.newBuilder().setHead("h").setGeneration(7).setSinceCommit("c0ffee")
                .addFiles(FileDelta.newBuilder().setPath("A.java").setChange("modified"))
                .addDefinitions(DefinitionDelta.newBuilder().setPath("A.java").setName("bar").setKind("method").setContainer("Foo")
                    .setLine(1).setChange("modified"))
                .build());
            out.onCompleted();
          }

          @Override
          public void dependents(DependentsRequest req, StreamObserver<DependentsResponse> out) {
            calls.incrementAndGet();
            DependentsResponse.Builder b = DependentsResponse.newBuilder().setHead("h").setGeneration(7);
            if (req.getPath().equals("A.java")) {
              b.addDependents(Dependent.newBuilder().setPath("B.java").setDepth(1).setVia("A.java"));
            }
            out.onNext(b.build());
            out.onCompleted();
          }

          @Override
          public void status(StatusRequest req, StreamObserver<StatusResponse> out) {
            calls.incrementAndGet();
            out.onNext(status.get());
            out.onCompleted();
          }
        })
        .build()
        .start();
  }

  /** The TCP port (-1 on the Unix socket). */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
  }
}
