package dev.symdex.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.grpc.ListenAddress;
import dev.symdex.proto.v1.AddProjectRequest;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.Project;
import dev.symdex.proto.v1.RemoveProjectRequest;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.StatusRequest;
import dev.symdex.proto.v1.StatusResponse;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import dev.symdex.proto.v1.SyncRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, parts 3-4: one daemon keeps many projects warm with one watch service, a thread count
 * that does not grow with its projects, and a watch budget shared by all of them (directories
 * beyond it are polled). A real daemon on real temp trees, projects added over its Unix socket.
 */
class ManyProjectsTest {
  @TempDir Path trees;
  @TempDir Path data;

  private Daemon daemon;
  private ManagedChannel channel;
  private SymdexServiceGrpc.SymdexServiceBlockingStub stub;

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (daemon != null) {
      daemon.close();
    }
  }

  private void startDaemon(Path main, int maxWatches) throws Exception {
    daemon = Daemon.start(new DaemonConfig(main, data, Optional.empty(), 20, 2, EngineOptions.DEFAULTS, Optional.empty())
        .withMaxWatches(maxWatches));
    assertTrue(daemon.awaitInitialIndex(Duration.ofSeconds(60)));
    channel = Grpc.newChannelBuilder("unix://" + ((ListenAddress.Unix) daemon.address()).path(), InsecureChannelCredentials.create()).build();
    stub = SymdexServiceGrpc.newBlockingStub(channel);
  }

  private SymdexServiceGrpc.SymdexServiceBlockingStub call() {
    return stub.withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  /** A small tree: one source file at the root defining {@code name}, one in a directory below. */
  private Path tree(String name) throws IOException {
    Path root = Files.createDirectories(trees.resolve(name));
    Files.writeString(root.resolve(name + ".py"), "def " + name + "():\n    pass\n");
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("sub/" + name + "_sub.py"), "def " + name + "_sub():\n    pass\n");
    return root;
  }

  private String add(Path root) {
    Project p = call().addProject(AddProjectRequest.newBuilder().setRoot(root.toString()).build()).getProject();
    return p.getId();
  }

  private List<String> defs(String project, String name) {
    call().sync(SyncRequest.newBuilder().setProject(project).setTimeoutMs(30_000).build());
    return call().findDefinitions(FindDefinitionsRequest.newBuilder().setProject(project).setName(name).build())
        .getResultsList().stream().map(Result::getPath).toList();
  }

  private StatusResponse status(String project) {
    return call().status(StatusRequest.newBuilder().setProject(project).build());
  }

  /**
   * Live platform threads (virtual ones are not listed) by name with the counter dropped, less
   * those that serve calls (the gRPC server's call pool and the channel's, which grow with calls up
   * to their bounds whatever the number of projects), Netty's global executor (started for a
   * while after a connection closes), and the carriers of virtual threads (as many as cores).
   */
  private static Map<String, Integer> platformThreads() {
    Map<String, Integer> byRole = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String name = t.getName();
      if (!t.isAlive() || t.isVirtual() || name.startsWith("symdex-grpc-") || name.startsWith("grpc-")
          || name.startsWith("globalEventExecutor") || name.contains("ForkJoinPool") || name.contains("EventLoop")
          || name.contains("ELG")) {
        continue;
      }
      byRole.merge(name.replaceAll("-?\\d+$", ""), 1, Integer::sum);
    }
    return byRole;
  }

  /** {@link #platformThreads} once two reads agree: threads of daemons closed before this test may still be ending. */
  private static Map<String, Integer> settledPlatformThreads() throws InterruptedException {
    Map<String, Integer> last = platformThreads();
    for (int i = 0; i < 100; i++) {
      Thread.sleep(100);
      Map<String, Integer> now = platformThreads();
      if (now.equals(last)) {
        return now;
      }
      last = now;
    }
    return last;
  }

  @Test
  void theDefaultBudgetIsMostOfTheUsersInotifyWatches() throws IOException {
    Path limit = Path.of("/proc/sys/fs/inotify/max_user_watches");
    if (!Files.isReadable(limit)) {
      assertEquals(WatchHub.FALLBACK_BUDGET, WatchHub.defaultBudget());
      return;
    }
    long max;
    try (var r = Files.newBufferedReader(limit)) {
      max = Long.parseLong(r.readLine().strip());
    }
    assertEquals(Math.max(1, max * 9 / 10), WatchHub.defaultBudget());
  }

  @Test
  void twentyFiveProjectsRunOnAsManyPlatformThreadsAsThree() throws Exception {
    startDaemon(tree("p0"), 0);
    List<String> ids = new ArrayList<>(List.of(""));
    for (int i = 1; i < 3; i++) {
      ids.add(add(tree("p" + i)));
    }
    for (int i = 0; i < ids.size(); i++) {
      assertEquals(List.of("sub/p" + i + "_sub.py"), defs(ids.get(i), "p" + i + "_sub"));
    }
    Map<String, Integer> withThree = settledPlatformThreads();

    for (int i = 3; i < 25; i++) {
      ids.add(add(tree("p" + i)));
    }
    for (int i = 0; i < ids.size(); i++) {
      Files.writeString(trees.resolve("p" + i + "/sub/late.py"), "def late" + i + "():\n    pass\n");
      assertEquals(List.of("sub/late.py"), defs(ids.get(i), "late" + i), "project " + i + " is watched and current");
    }
    Map<String, Integer> withTwentyFive = settledPlatformThreads();
    assertEquals(withThree, withTwentyFive, "the daemon's platform threads do not grow with its projects");
    assertEquals(1, withThree.getOrDefault("symdex-watch", 0), "one dispatcher for every project's watches: " + withThree);
    assertTrue(withThree.keySet().stream().noneMatch(n -> n.contains("indexer")), "index loops run on virtual threads: " + withThree);
    long watched = 0;
    for (String id : ids) {
      StatusResponse s = status(id);
      assertEquals(0, s.getUnwatchedDirectories(), id);
      watched += s.getWatchedDirectories();
    }
    assertEquals(watched, status("").getWatchesInUse(), "the daemon's watches are its projects' watches");
    assertEquals(2 * 25, watched, "each project watches its root and sub/");
  }

  @Test
  void directoriesBeyondTheSharedWatchBudgetArePolledAndEditsThereReachTheIndex() throws Exception {
    Path main = tree("main");
    Files.createDirectories(main.resolve("a"));
    Files.createDirectories(main.resolve("b"));
    Path one = tree("one");
    Files.createDirectories(one.resolve("x"));
    Files.createDirectories(one.resolve("y"));
    Path two = tree("two");
    // main registers first and takes 4 of the 5 watches (root, a, b, sub); one gets its root only
    startDaemon(main, 5);
    String oneId = add(one);
    String twoId = add(two);
    StatusResponse s1 = status(oneId);
    for (int i = 0; i < 600 && status(twoId).getUnwatchedDirectories() == 0; i++) {
      Thread.sleep(50); // registration runs in the background, in the order the projects came
    }
    s1 = status(oneId);
    StatusResponse s2 = status(twoId);
    StatusResponse s0 = status("");
    assertEquals(4, s0.getWatchedDirectories());
    assertEquals(0, s0.getUnwatchedDirectories());
    assertEquals(1, s1.getWatchedDirectories(), "one's root took the last watch");
    assertEquals(3, s1.getUnwatchedDirectories(), "sub, x and y are polled");
    assertEquals(0, s2.getWatchedDirectories());
    assertEquals(1, s2.getUnwatchedDirectories(), "two's whole tree is polled");
    assertEquals(5, s1.getWatchBudget());
    assertEquals(5, s1.getWatchesInUse());
    assertTrue(s1.getRecentIssuesList().stream().anyMatch(i -> i.contains("watch limit reached: polling")), s1.getRecentIssuesList().toString());

    Files.writeString(main.resolve("a/Watched.java"), "class Watched { void inWatched() {} }\n");
    assertEquals(List.of("a/Watched.java"), defs("", "inWatched"));
    Files.writeString(one.resolve("Top.java"), "class Top { void inOnesRoot() {} }\n");
    assertEquals(List.of("Top.java"), defs(oneId, "inOnesRoot"));
    Files.writeString(one.resolve("y/Polled.java"), "class Polled { void inPolled() {} }\n");
    assertEquals(List.of("y/Polled.java"), defs(oneId, "inPolled"));
    Files.createDirectories(one.resolve("z/deeper"));
    Files.writeString(one.resolve("z/deeper/New.java"), "class New { void inNewPolled() {} }\n");
    assertEquals(List.of("z/deeper/New.java"), defs(oneId, "inNewPolled"), "a new directory beyond the budget is polled");
    Files.writeString(two.resolve("sub/Far.java"), "class Far { void inTwo() {} }\n");
    assertEquals(List.of("sub/Far.java"), defs(twoId, "inTwo"));
    assertEquals(4, status(oneId).getUnwatchedDirectories(), "z joined the polled ones");
    Files.delete(one.resolve("y/Polled.java"));
    assertEquals(List.of(), defs(oneId, "inPolled"));

    // one goes: its watch passes to two, whose root is watched from then on (and sub/ still polled)
    call().removeProject(RemoveProjectRequest.newBuilder().setProject(oneId).build());
    for (int i = 0; i < 600 && status(twoId).getWatchedDirectories() == 0; i++) {
      Thread.sleep(50); // the freed watch is given on the registering thread
    }
    s2 = status(twoId);
    assertEquals(1, s2.getWatchedDirectories());
    assertEquals(1, s2.getUnwatchedDirectories(), "sub/ is polled: " + s2.getRecentIssuesList());
    assertEquals(5, s2.getWatchesInUse());
    Files.writeString(two.resolve("Root.java"), "class Root { void inTwosRoot() {} }\n");
    Files.writeString(two.resolve("sub/Far.java"), "class Far { void stillPolled() {} }\n");
    assertEquals(List.of("Root.java"), defs(twoId, "inTwosRoot"));
    assertEquals(List.of("sub/Far.java"), defs(twoId, "stillPolled"));
  }
}
