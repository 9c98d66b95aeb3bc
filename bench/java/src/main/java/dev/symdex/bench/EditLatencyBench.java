package dev.symdex.bench;

import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import dev.symdex.proto.v1.SyncRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Benchmark only (driven by {@code bench/run}; never used by tests): edit → queryable latency.
 * Each round writes a probe file into the tree with a new definition, calls {@code Sync}, then
 * {@code FindDefinitions} for the new name, and checks it is found; the time is from just before
 * the write to the answer. The probe file is removed at the end.
 *
 * <pre>
 *   EditLatencyBench [--warmup N] [--runs N] [--sync-only] SOCKET TREE
 * </pre>
 *
 * With {@code --sync-only} it times a bare {@code Sync} (no edit): the barrier's own cost.
 *
 * Prints one tab-separated line: {@code runs p50_ms p90_ms p99_ms max_ms}.
 */
public final class EditLatencyBench {
  private static final Logger NETTY_BOOTSTRAP =
      Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap");

  private EditLatencyBench() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    NETTY_BOOTSTRAP.setLevel(Level.SEVERE);
    int warmup = 10;
    int runs = 100;
    boolean syncOnly = false;
    int i = 0;
    for (; i < args.length && args[i].startsWith("--"); i += 2) {
      switch (args[i]) {
        case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--sync-only" -> {
          syncOnly = true;
          i--;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (args.length - i != 2) {
      System.err.println("usage: EditLatencyBench [--warmup N] [--runs N] SOCKET TREE");
      System.exit(2);
    }
    Path socket = Path.of(args[i]).toAbsolutePath();
    Path probe = Path.of(args[i + 1]).resolve("SymdexEditProbe.java");
    ManagedChannel channel = Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
    var stub = SymdexServiceGrpc.newBlockingStub(channel);
    double[] ms = new double[runs];
    try {
      for (int r = 0; r < warmup + runs; r++) {
        String name = "symdexProbe" + System.nanoTime();
        long t0 = System.nanoTime();
        if (syncOnly) {
          stub.withDeadlineAfter(30, TimeUnit.SECONDS).sync(SyncRequest.getDefaultInstance());
          long t1 = System.nanoTime();
          if (r >= warmup) {
            ms[r - warmup] = (t1 - t0) / 1e6;
          }
          continue;
        }
        Files.writeString(probe, "class SymdexEditProbe { void " + name + "() {} }\n");
        stub.withDeadlineAfter(30, TimeUnit.SECONDS).sync(SyncRequest.getDefaultInstance());
        int found = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
            .findDefinitions(FindDefinitionsRequest.newBuilder().setName(name).build()).getResultsCount();
        long t1 = System.nanoTime();
        if (found != 1) {
          throw new IllegalStateException("the new definition " + name + " was not found after Sync");
        }
        if (r >= warmup) {
          ms[r - warmup] = (t1 - t0) / 1e6;
        }
      }
    } finally {
      Files.deleteIfExists(probe);
      stub.withDeadlineAfter(30, TimeUnit.SECONDS).sync(SyncRequest.getDefaultInstance());
      channel.shutdownNow();
    }
    Arrays.sort(ms);
    System.out.printf(Locale.ROOT, "%d\t%.2f\t%.2f\t%.2f\t%.2f%n", runs, rank(ms, 50), rank(ms, 90), rank(ms, 99), ms[ms.length - 1]);
  }

  private static double rank(double[] sorted, int p) {
    return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
