package dev.symdex.bench;

import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.FindDefinitionsResponse;
import dev.symdex.proto.v1.FindReferencesRequest;
import dev.symdex.proto.v1.FindReferencesResponse;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Benchmark only (driven by {@code bench/load}; never used by tests): N concurrent clients, each
 * with its own channel (its own connection) over the daemon's Unix socket, issue FindDefinitions
 * and FindReferences (alternately, limit 100) for symbols drawn at random from a file, back to
 * back, for a fixed time after a warm-up. A line of SYMBOLS_FILE is a name, or a project (its id
 * or root, as ListProjects shows them) and a name separated by a tab: that call asks that project
 * ({@code bench/monorepo} spreads the load over many projects so).
 *
 * <pre>
 *   LoadBench [--clients N] [--seconds S] [--warmup S] [--limit N] SOCKET SYMBOLS_FILE
 * </pre>
 *
 * <p>Prints one tab-separated line: {@code clients seconds requests errors req_per_s p50_us p90_us
 * p99_us max_us}; errors by gRPC status go to stderr. Latency is per call, nearest-rank
 * percentiles over every call of the timed window; a call that failed counts as an error, not a
 * latency.
 */
public final class LoadBench {
  /** JUL holds loggers weakly: keep the one whose level is set. */
  private static final Logger NETTY_BOOTSTRAP =
      Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap");

  private LoadBench() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    NETTY_BOOTSTRAP.setLevel(Level.SEVERE);
    System.setProperty("io.grpc.netty.shaded.io.netty.leakDetection.level", "disabled"); // no stack traces per allocation sample
    int clients = 20;
    int seconds = 30;
    int warmup = 5;
    int limit = 100;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--limit" -> limit = Integer.parseInt(args[++i]);
        default -> rest.add(args[i]);
      }
    }
    if (rest.size() != 2 || clients < 1 || seconds < 1) {
      System.err.println("usage: LoadBench [--clients N] [--seconds S] [--warmup S] [--limit N] SOCKET SYMBOLS_FILE");
      System.exit(2);
    }
    String target = Path.of(rest.get(0)).toAbsolutePath().toString();
    List<String> symbols = Files.readAllLines(Path.of(rest.get(1))).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    // PROJECT<TAB>NAME, or NAME (the daemon's default project).
    List<String[]> queries = symbols.stream().map(s -> s.contains("\t") ? s.split("\t", 2) : new String[] {"", s}).toList();
    if (symbols.isEmpty()) {
      System.err.println("LoadBench: no symbols in " + rest.get(1));
      System.exit(2);
    }

    long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
    long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
    Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(clients);
    EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    List<Client> running = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(target))
          .eventLoopGroup(loop).channelType(EpollDomainSocketChannel.class).directExecutor().usePlaintext().build();
      running.add(new Client(c, channel, queries, limit, warmupEnd, end, errors, done));
    }
    running.forEach(Client::next);
    done.await();
    for (Client c : running) {
      c.channel.shutdownNow();
    }
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    int[] counts = running.stream().mapToInt(c -> c.n).toArray();
    long[][] latencies = running.stream().map(c -> c.lat).toArray(long[][]::new);
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int off = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(latencies[c], 0, all, off, counts[c]);
      off += counts[c];
    }
    Arrays.sort(all);
    long errorCount = errors.values().stream().mapToLong(LongAdder::sum).sum();
    System.out.printf(Locale.ROOT, "%d\t%d\t%d\t%d\t%.0f\t%.1f\t%.1f\t%.1f\t%.1f%n", clients, seconds, total, errorCount,
        total / (double) seconds, rank(all, 0.50) / 1e3, rank(all, 0.90) / 1e3, rank(all, 0.99) / 1e3,
        all.length == 0 ? 0 : all[all.length - 1] / 1e3);
    if (errorCount > 0) {
      Map<String, Long> byCode = new TreeMap<>();
      errors.forEach((k, v) -> byCode.put(k, v.sum()));
      System.err.println("LoadBench: errors by status: " + byCode);
    }
    System.exit(0);
  }

  /**
   * One client: its own connection, one call in flight at a time (the next is issued from the
   * previous one's completion, on the shared event loop thread: a closed loop without a thread
   * per client, so the load generator spends its CPU on the calls, not on waking threads).
   */
  private static final class Client {
    private static final MethodDescriptor<FindReferencesRequest, FindReferencesResponse> REFS = SymdexServiceGrpc.getFindReferencesMethod();
    private static final MethodDescriptor<FindDefinitionsRequest, FindDefinitionsResponse> DEFS = SymdexServiceGrpc.getFindDefinitionsMethod();

    final ManagedChannel channel;
    private final List<String[]> queries;
    private final int limit;
    private final long warmupEnd;
    private final long end;
    private final Map<String, LongAdder> errors;
    private final CountDownLatch done;
    private final Random random;
    private boolean refs;
    long[] lat = new long[1 << 16];
    int n;

    Client(int id, ManagedChannel channel, List<String[]> queries, int limit, long warmupEnd, long end,
        Map<String, LongAdder> errors, CountDownLatch done) {
      this.channel = channel;
      this.queries = queries;
      this.limit = limit;
      this.warmupEnd = warmupEnd;
      this.end = end;
      this.errors = errors;
      this.done = done;
      this.random = new Random(id);
      this.refs = (id & 1) == 0;
    }

    /** Issues the next call, or counts this client done once the window is over. */
    void next() {
      long t0 = System.nanoTime();
      if (t0 >= end) {
        done.countDown();
        return;
      }
      String[] q = queries.get(random.nextInt(queries.size()));
      String project = q[0];
      String name = q[1];
      CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS);
      boolean r = refs;
      refs = !refs;
      if (r) {
        ClientCalls.asyncUnaryCall(channel.newCall(REFS, options),
            FindReferencesRequest.newBuilder().setName(name).setLimit(limit).setProject(project).build(), observer(t0));
      } else {
        ClientCalls.asyncUnaryCall(channel.newCall(DEFS, options),
            FindDefinitionsRequest.newBuilder().setName(name).setLimit(limit).setProject(project).build(), observer(t0));
      }
    }

    private <T> StreamObserver<T> observer(long t0) {
      return new StreamObserver<>() {
        @Override
        public void onNext(T value) {}

        @Override
        public void onError(Throwable t) {
          if (t0 >= warmupEnd && t0 < end) {
            errors.computeIfAbsent(Status.fromThrowable(t).getCode().toString(), k -> new LongAdder()).increment();
          }
          next();
        }

        @Override
        public void onCompleted() {
          long t1 = System.nanoTime();
          if (t0 >= warmupEnd && t1 <= end) {
            if (n == lat.length) {
              lat = Arrays.copyOf(lat, n * 2);
            }
            lat[n++] = t1 - t0;
          }
          next();
        }
      };
    }
  }

  /** Nearest-rank percentile of sorted values (0 when empty). */
  private static long rank(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
