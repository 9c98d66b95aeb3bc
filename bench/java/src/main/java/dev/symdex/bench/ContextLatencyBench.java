package dev.symdex.bench;

import dev.symdex.proto.v1.ExploreRequest;
import dev.symdex.proto.v1.ExploreResponse;
import dev.symdex.proto.v1.PlanRequest;
import dev.symdex.proto.v1.PlanResponse;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * Benchmark only (driven by {@code bench/context-timing}; never used by tests): times Plan and
 * Explore against a running daemon over its Unix socket, one channel, blocking stub, one call at a
 * time.
 *
 * <pre>
 *   ContextLatencyBench [--runs N] [--budget TOKENS] [--focus F]... SOCKET TASKS_FILE
 * </pre>
 *
 * <p>TASKS_FILE holds one task text per line. Phases, each printed as one tab-separated line
 * {@code phase calls p50_ms p99_ms max_ms detail}: {@code plan-first} (each task once, in file
 * order: the first time the daemon sees that text), {@code plan-warm} ({@code runs} rounds over
 * every task: the same texts again), {@code explore-first} and {@code explore-warm} (no focus,
 * detail 2, the budget; after {@code graph-ready}, the wait for the background file graph), and
 * {@code explore-focus} (each {@code --focus} once, then {@code runs}
 * rounds). Percentiles are nearest-rank. The detail column says how big the answers were (files,
 * packed tokens, text characters), so a fast empty answer is seen for what it is.
 */
public final class ContextLatencyBench {
  /** JUL holds loggers weakly: keep the one whose level is set. */
  private static final Logger NETTY_BOOTSTRAP =
      Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap");

  private ContextLatencyBench() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    NETTY_BOOTSTRAP.setLevel(Level.SEVERE);
    int runs = 5;
    int budget = 8000;
    List<String> focuses = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--budget" -> budget = Integer.parseInt(args[++i]);
        case "--focus" -> focuses.add(args[++i]);
        default -> rest.add(args[i]);
      }
    }
    if (rest.size() != 2 || runs < 1) {
      System.err.println("usage: ContextLatencyBench [--runs N] [--budget TOKENS] [--focus F]... SOCKET TASKS_FILE");
      System.exit(2);
    }
    List<String> tasks = Files.readAllLines(Path.of(rest.get(1)), StandardCharsets.UTF_8).stream()
        .map(String::strip).filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
    String target = "unix://" + Path.of(rest.getFirst()).toAbsolutePath();
    ManagedChannel channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    try {
      var stub = SymdexServiceGrpc.newBlockingStub(channel);
      int tokenBudget = budget;
      Supplier<SymdexServiceGrpc.SymdexServiceBlockingStub> deadline =
          () -> stub.withDeadlineAfter(120, TimeUnit.SECONDS);

      List<Call> plans = new ArrayList<>();
      for (String task : tasks) {
        plans.add(() -> describe(deadline.get().plan(
            PlanRequest.newBuilder().setTask(task).setTokenBudget(tokenBudget).build())));
      }
      Call explore = () -> describe(deadline.get().explore(
          ExploreRequest.newBuilder().setTokenBudget(tokenBudget).build()));
      List<Call> focused = new ArrayList<>();
      for (String focus : focuses) {
        focused.add(() -> describe(deadline.get().explore(
            ExploreRequest.newBuilder().setFocus(focus).setTokenBudget(tokenBudget).build())));
      }

      time("explore-first", List.of(explore), 1);
      graphReady(deadline);
      time("explore-warm", List.of(explore), runs);
      time("plan-first", plans, 1);
      time("plan-warm", plans, runs);
      if (!focused.isEmpty()) {
        time("explore-focus-first", focused, 1);
        time("explore-focus-warm", focused, runs);
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * Waits until the daemon's answers carry no notes (a large project's first file graph is built
   * in the background after a start: answers meanwhile are unranked and share the cores with it),
   * polling a focused Explore every second; prints phase {@code graph-ready} with the wait.
   */
  private static void graphReady(Supplier<SymdexServiceGrpc.SymdexServiceBlockingStub> stub) throws InterruptedException {
    long start = System.nanoTime();
    int polls = 0;
    ExploreRequest probe = ExploreRequest.newBuilder().setDetail(2).setTokenBudget(1000).build();
    while (stub.get().explore(probe).getNotesCount() > 0) {
      polls++;
      Thread.sleep(1000);
    }
    double waited = ms(System.nanoTime() - start);
    System.out.printf(Locale.ROOT, "%s\t%d\t%.1f\t%.1f\t%.1f\t%s%n", "graph-ready", polls, waited, waited, waited,
        "waited for the background file graph");
    System.out.flush();
  }

  /** One RPC; answers a short description of its answer's size. */
  @FunctionalInterface
  private interface Call {
    String run();
  }

  private static String describe(PlanResponse r) {
    return "files=" + r.getItemsCount() + " packed=" + r.getPacking().getPackedCount()
        + " tokens=" + r.getPacking().getTokens() + (r.getNotesCount() > 0 ? " notes=" + r.getNotesCount() : "");
  }

  private static String describe(ExploreResponse r) {
    return "chars=" + r.getText().length() + " modules=" + r.getModulesCount() + (r.getNotesCount() > 0 ? " notes=" + r.getNotesCount() : "");
  }

  private static void time(String phase, List<Call> calls, int rounds) {
    long[] nanos = new long[calls.size() * rounds];
    int n = 0;
    String last = "";
    for (int round = 0; round < rounds; round++) {
      for (Call call : calls) {
        long start = System.nanoTime();
        last = call.run();
        nanos[n++] = System.nanoTime() - start;
      }
    }
    Arrays.sort(nanos);
    System.out.printf(Locale.ROOT, "%s\t%d\t%.1f\t%.1f\t%.1f\t%s%n", phase, n,
        ms(percentile(nanos, 50)), ms(percentile(nanos, 99)), ms(nanos[n - 1]), last);
    System.out.flush();
  }

  private static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
