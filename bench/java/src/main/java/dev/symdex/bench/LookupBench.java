package dev.symdex.bench;

import dev.symdex.proto.v1.DeltaRequest;
import dev.symdex.proto.v1.DeltaResponse;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.FindDefinitionsResponse;
import dev.symdex.proto.v1.FindReferencesRequest;
import dev.symdex.proto.v1.FindReferencesResponse;
import dev.symdex.proto.v1.MatchMode;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Benchmark only (driven by {@code bench/run}; never used by tests): times FindReferences and
 * FindDefinitions against a running daemon over its Unix socket, one channel, blocking stub.
 *
 * <pre>
 *   LookupBench [--warmup N] [--runs N] [--limit N] [--delta REV]... [--match MODE]... SOCKET [SYMBOL...]
 * </pre>
 *
 * <p>{@code --match MODE} (prefix, fuzzy) also times FindDefinitions with that match mode for each
 * symbol (rpc {@code defs-MODE}).
 *
 * <p>{@code --delta REV} also times {@code Delta(since = REV)} (results = files + definitions).
 *
 * <p>First it makes {@code warmup} untimed calls for every symbol and RPC; then, for each symbol and
 * RPC, {@code runs} timed ones, printing one tab-separated line: {@code rpc name results truncated
 * p50_us p99_us}. Percentiles are nearest-rank over the timed calls.
 */
public final class LookupBench {
  /** JUL holds loggers weakly: keep the one whose level is set. */
  private static final Logger NETTY_BOOTSTRAP =
      Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap");

  private LookupBench() {}

  private record Answer(int count, boolean truncated) {}

  public static void main(String[] args) throws InterruptedException {
    // Netty's epoll domain socket channel warns about an option it ignores.
    NETTY_BOOTSTRAP.setLevel(Level.SEVERE);
    int warmup = 50;
    int runs = 200;
    int limit = 100;
    List<String> rest = new ArrayList<>();
    List<String> deltas = new ArrayList<>();
    List<String> matches = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--delta" -> deltas.add(args[++i]);
        case "--match" -> matches.add(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--limit" -> limit = Integer.parseInt(args[++i]);
        default -> rest.add(args[i]);
      }
    }
    if (rest.isEmpty() || (rest.size() < 2 && deltas.isEmpty()) || runs < 1) {
      System.err.println("usage: LookupBench [--warmup N] [--runs N] [--limit N] [--delta REV]... [--match MODE]... SOCKET [SYMBOL...]");
      System.exit(2);
    }
    String target = "unix://" + Path.of(rest.getFirst()).toAbsolutePath();
    ManagedChannel channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    try {
      SymdexServiceGrpc.SymdexServiceBlockingStub stub = SymdexServiceGrpc.newBlockingStub(channel);
      List<String> names = rest.subList(1, rest.size());
      List<Bench> benches = new ArrayList<>();
      for (String name : names) {
        FindReferencesRequest refs = FindReferencesRequest.newBuilder().setName(name).setLimit(limit).build();
        FindDefinitionsRequest defs = FindDefinitionsRequest.newBuilder().setName(name).setLimit(limit).build();
        benches.add(new Bench("refs", name, () -> {
          FindReferencesResponse r = stub.withDeadlineAfter(30, TimeUnit.SECONDS).findReferences(refs);
          return new Answer(r.getResultsCount(), r.getTruncated());
        }));
        benches.add(new Bench("defs", name, () -> {
          FindDefinitionsResponse r = stub.withDeadlineAfter(30, TimeUnit.SECONDS).findDefinitions(defs);
          return new Answer(r.getResultsCount(), r.getTruncated());
        }));
        for (String mode : matches) {
          FindDefinitionsRequest q = defs.toBuilder()
              .setMatch(MatchMode.valueOf("MATCH_MODE_" + mode.toUpperCase(Locale.ROOT))).build();
          benches.add(new Bench("defs-" + mode, name, () -> {
            FindDefinitionsResponse r = stub.withDeadlineAfter(30, TimeUnit.SECONDS).findDefinitions(q);
            return new Answer(r.getResultsCount(), r.getTruncated());
          }));
        }
      }
      for (String rev : deltas) {
        DeltaRequest req = DeltaRequest.newBuilder().setSince(rev).setLimit(10_000).build();
        benches.add(new Bench("delta", rev, () -> {
          DeltaResponse r = stub.withDeadlineAfter(60, TimeUnit.SECONDS).delta(req);
          return new Answer(r.getFilesCount() + r.getDefinitionsCount(), r.getTruncated());
        }));
      }
      // Warm up every (rpc, symbol) before timing any, so the first symbol does not pay for the JIT.
      for (Bench b : benches) {
        for (int i = 0; i < warmup; i++) {
          var _ = b.call().get(); // untimed: only the call matters
        }
      }
      for (Bench b : benches) {
        measure(b, runs);
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private record Bench(String rpc, String name, Supplier<Answer> call) {}

  private static void measure(Bench b, int runs) {
    Answer last = null;
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      last = b.call().get();
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    System.out.printf(Locale.ROOT, "%s\t%s\t%d\t%b\t%.1f\t%.1f%n", b.rpc(), b.name(), last.count(), last.truncated(),
        rank(nanos, 0.50) / 1e3, rank(nanos, 0.99) / 1e3);
    System.out.flush();
  }

  /** Nearest-rank percentile of sorted values. */
  private static long rank(long[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
