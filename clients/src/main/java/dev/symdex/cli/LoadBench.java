package dev.symdex.cli;

import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.FindReferencesRequest;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
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

/**
 * Benchmark only (driven by {@code bench/load}; never used by tests): N concurrent clients, each
 * with its own channel (its own connection) over the daemon's Unix socket, issue FindDefinitions
 * and FindReferences (alternately, limit 100) for symbols drawn at random from a file, back to
 * back, for a fixed time after a warm-up.
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
  private static final java.util.logging.Logger NETTY_BOOTSTRAP =
      java.util.logging.Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap");

  private LoadBench() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    NETTY_BOOTSTRAP.setLevel(java.util.logging.Level.SEVERE);
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
    String target = "unix://" + Path.of(rest.get(0)).toAbsolutePath();
    List<String> symbols = Files.readAllLines(Path.of(rest.get(1))).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (symbols.isEmpty()) {
      System.err.println("LoadBench: no symbols in " + rest.get(1));
      System.exit(2);
    }

    long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
    long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
    Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    long[][] latencies = new long[clients][];
    int[] counts = new int[clients];
    CountDownLatch done = new CountDownLatch(clients);
    List<ManagedChannel> channels = new ArrayList<>();
    final int lim = limit;
    for (int c = 0; c < clients; c++) {
      ManagedChannel channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
      channels.add(channel);
      final int id = c;
      Thread.ofPlatform().name("load-" + c).start(() -> {
        try {
          SymdexServiceGrpc.SymdexServiceBlockingStub stub = SymdexServiceGrpc.newBlockingStub(channel);
          Random random = new Random(id);
          long[] lat = new long[1 << 16];
          int n = 0;
          boolean refs = (id & 1) == 0;
          while (true) {
            long t0 = System.nanoTime();
            if (t0 >= end) {
              break;
            }
            String name = symbols.get(random.nextInt(symbols.size()));
            try {
              SymdexServiceGrpc.SymdexServiceBlockingStub s = stub.withDeadlineAfter(10, TimeUnit.SECONDS);
              if (refs) {
                s.findReferences(FindReferencesRequest.newBuilder().setName(name).setLimit(lim).build());
              } else {
                s.findDefinitions(FindDefinitionsRequest.newBuilder().setName(name).setLimit(lim).build());
              }
              long t1 = System.nanoTime();
              if (t0 >= warmupEnd && t1 <= end) {
                if (n == lat.length) {
                  lat = Arrays.copyOf(lat, n * 2);
                }
                lat[n++] = t1 - t0;
              }
            } catch (StatusRuntimeException e) {
              if (t0 >= warmupEnd) {
                errors.computeIfAbsent(e.getStatus().getCode().toString(), k -> new LongAdder()).increment();
              }
            }
            refs = !refs;
          }
          latencies[id] = lat;
          counts[id] = n;
        } finally {
          done.countDown();
        }
      });
    }
    done.await();
    for (ManagedChannel ch : channels) {
      ch.shutdownNow();
    }
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

  /** Nearest-rank percentile of sorted values (0 when empty). */
  private static long rank(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
