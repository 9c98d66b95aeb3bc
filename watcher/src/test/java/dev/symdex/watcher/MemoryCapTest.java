package dev.symdex.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import dev.symdex.engine.EngineOptions;
import dev.symdex.grpc.ListenAddress;
import dev.symdex.proto.v1.AddProjectRequest;
import dev.symdex.proto.v1.CalleesRequest;
import dev.symdex.proto.v1.CallersRequest;
import dev.symdex.proto.v1.DependentsRequest;
import dev.symdex.proto.v1.ExploreRequest;
import dev.symdex.proto.v1.FileOutlineRequest;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.FindReferencesRequest;
import dev.symdex.proto.v1.ImportsRequest;
import dev.symdex.proto.v1.ListProjectsRequest;
import dev.symdex.proto.v1.PlanRequest;
import dev.symdex.proto.v1.Project;
import dev.symdex.proto.v1.StatusRequest;
import dev.symdex.proto.v1.StatusResponse;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import dev.symdex.proto.v1.SyncRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon under a memory cap so small (1 KB: the flag takes 64 MB at least, the config any) that
 * every project but the most recently queried one that holds heap is made cold at each round: the least recently queried go cold first, a
 * query makes one hot again, Status and ListProjects say so, and answers do not depend on it. A
 * real daemon on real temp trees (git repos made by JGit), over its Unix socket; rounds of the
 * cap are run by the test as well as by the daemon's own timer.
 */
class MemoryCapTest {
  @TempDir Path trees;
  @TempDir Path data;

  private static final long CAP = 1L << 10;
  private Daemon daemon;
  private ManagedChannel channel;
  private SymdexServiceGrpc.SymdexServiceBlockingStub stub;
  private final List<Path> roots = new ArrayList<>();

  @BeforeEach
  void init() throws Exception {
    for (int i = 0; i < 4; i++) {
      roots.add(tree(trees.resolve("p" + i), i));
    }
    daemon = Daemon.start(new DaemonConfig(roots.get(0), data, Optional.empty(), 20, 2, EngineOptions.DEFAULTS, Optional.empty())
        .withMaxMemory(CAP));
    assertTrue(daemon.awaitInitialIndex(Duration.ofSeconds(60)));
    channel = Grpc.newChannelBuilder("unix://" + ((ListenAddress.Unix) daemon.address()).path(), InsecureChannelCredentials.create()).build();
    stub = SymdexServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
    for (Path root : roots.subList(1, roots.size())) {
      stub.addProject(AddProjectRequest.newBuilder().setRoot(root.toString()).build());
    }
    for (Project p : projects()) {
      stub.sync(SyncRequest.newBuilder().setProject(p.getId()).setTimeoutMs(60_000).build());
    }
  }

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (daemon != null) {
      daemon.close();
    }
  }

  /** A small Java project with calls across files, one per {@code seed}, committed. */
  private static Path tree(Path root, int seed) throws Exception {
    Path src = Files.createDirectories(root.resolve("src/app"));
    Files.writeString(src.resolve("Parser.java"), """
        package app;
        public class Parser {
          public Token next(String text) { return new Token(text.trim()); }
          public int count%1$d(String text) { return text.split(" ").length; }
        }
        """.replace("%1$d", Integer.toString(seed)));
    Files.writeString(src.resolve("Token.java"), """
        package app;
        public record Token(String value) {
          public boolean isEmpty() { return value.isEmpty(); }
        }
        """);
    Files.writeString(src.resolve("Main.java"), """
        package app;
        import java.util.List;
        public class Main {
          public static void main(String[] args) {
            Parser p = new Parser();
            Token t = p.next(String.join(" ", List.of(args)));
            System.out.println(t.isEmpty() ? 0 : p.count%1$d(t.value()));
          }
        }
        """.replace("%1$d", Integer.toString(seed)));
    Files.writeString(root.resolve("pom.xml"), "<project><artifactId>p" + seed + "</artifactId></project>\n");
    try (var git = org.eclipse.jgit.api.Git.init().setDirectory(root.toFile()).call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("parser and main " + seed).setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").call();
    }
    return root;
  }

  private List<Project> projects() {
    return stub.listProjects(ListProjectsRequest.getDefaultInstance()).getProjectsList();
  }

  private Map<String, String> temperatures() {
    return projects().stream().collect(Collectors.toMap(Project::getId, Project::getTemperature));
  }

  private void plan(String project) {
    stub.plan(PlanRequest.newBuilder().setProject(project).setTask("count the tokens the parser reads").setTokenBudget(2000).build());
    stub.findDefinitions(FindDefinitionsRequest.newBuilder().setProject(project).setName("next").build());
  }

  @Test
  void theLeastRecentlyQueriedGoColdFirstAndAQueryMakesOneHotAgain() {
    List<String> ids = projects().stream().map(Project::getId).toList();
    for (String id : ids) {
      plan(id); // each holds answers, a plan index and index pages now; the last is the most recent
    }
    daemon.projectSet().enforceMemory();
    Map<String, String> t = temperatures();
    assertEquals("hot", t.get(ids.get(3)), "the most recently queried keeps what it holds");
    for (String id : ids.subList(0, 3)) {
      assertEquals("cold", t.get(id), id + " was queried before the last one");
    }
    for (Project p : projects()) {
      if (p.getTemperature().equals("cold")) {
        assertEquals(0, p.getHeapBytes(), "a cold project holds no heap: " + p);
        assertTrue(p.getDemotions() >= 1, p.toString());
      }
    }

    plan(ids.get(1));
    assertEquals("hot", temperatures().get(ids.get(1)), "a query makes it hot");
    daemon.projectSet().enforceMemory();
    t = temperatures();
    assertEquals("hot", t.get(ids.get(1)));
    assertEquals("cold", t.get(ids.get(3)), "no longer the most recent");

    StatusResponse s = stub.status(StatusRequest.newBuilder().setProject(ids.get(1)).build());
    assertEquals("hot", s.getTemperature());
    assertEquals(CAP, s.getMaxMemoryBytes());
    assertEquals(4, s.getHotProjects() + s.getColdProjects());
    assertTrue(s.getDemotionsTotal() >= 4, "three made cold, then the fourth: " + s.getDemotionsTotal());
    assertTrue(s.getRssAnonBytes() > 0 && s.getRssFileBytes() > 0, "the resident set, split");
  }

  /** Property: any mix of queries answers the same from a project kept hot and after it went cold and came back. */
  @Test
  void answersAreTheSameBeforeDemotionAndAfterPromotion() {
    Random random = new Random(15);
    List<String> ids = projects().stream().map(Project::getId).toList();
    List<Supplier<Message>> queries = new ArrayList<>();
    String[] names = {"next", "count0", "count1", "count2", "count3", "isEmpty", "Token", "Parser", "main", "value", "missing"};
    String[] paths = {"src/app/Parser.java", "src/app/Token.java", "src/app/Main.java", "pom.xml", "src/app/None.java"};
    String[] tasks = {"count the words", "empty token check", "main entry prints the count", "parser trims text"};
    for (int i = 0; i < 60; i++) {
      String project = ids.get(random.nextInt(ids.size()));
      String name = names[random.nextInt(names.length)];
      String path = paths[random.nextInt(paths.length)];
      String task = tasks[random.nextInt(tasks.length)];
      queries.add(switch (random.nextInt(9)) {
        case 0 -> () -> stub.findDefinitions(FindDefinitionsRequest.newBuilder().setProject(project).setName(name).build());
        case 1 -> () -> stub.findReferences(FindReferencesRequest.newBuilder().setProject(project).setName(name).build());
        case 2 -> () -> stub.callers(CallersRequest.newBuilder().setProject(project).setName(name).build());
        case 3 -> () -> stub.callees(CalleesRequest.newBuilder().setProject(project).setName(name).build());
        case 4 -> () -> stub.fileOutline(FileOutlineRequest.newBuilder().setProject(project).setPath(path).build());
        case 5 -> () -> stub.imports(ImportsRequest.newBuilder().setProject(project).setPath(path).build());
        case 6 -> () -> stub.dependents(DependentsRequest.newBuilder().setProject(project).setPath(path).build());
        case 7 -> () -> stub.plan(PlanRequest.newBuilder().setProject(project).setTask(task).setTokenBudget(1500).build());
        default -> () -> stub.explore(ExploreRequest.newBuilder().setProject(project).build());
      });
    }
    List<Object> hot = run(queries);
    assertTrue(temperatures().values().stream().anyMatch("hot"::equals));

    String last = ids.get(0);
    for (String id : ids) {
      if (!id.equals(last)) {
        plan(id);
      }
    }
    plan(last); // the others are now less recently used than it: each goes cold
    daemon.projectSet().enforceMemory();
    long cold = temperatures().values().stream().filter("cold"::equals).count();
    assertEquals(3, cold, temperatures().toString());

    List<Object> afterPromotion = run(queries);
    assertEquals(hot.size(), afterPromotion.size());
    for (int i = 0; i < hot.size(); i++) {
      assertEquals(hot.get(i), afterPromotion.get(i), "query " + i + " answered differently after its project went cold and came back");
    }
  }

  /** Each answer, or the status code it failed with (a file that is not there, say). */
  private static List<Object> run(List<Supplier<Message>> queries) {
    List<Object> out = new ArrayList<>();
    for (Supplier<Message> q : queries) {
      try {
        out.add(q.get());
      } catch (io.grpc.StatusRuntimeException e) {
        out.add(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
      }
    }
    return out;
  }

  @Test
  void theLastUseIsKeptAndARestartOpensTheMostRecentlyUsedFirst() throws Exception {
    List<String> ids = projects().stream().map(Project::getId).toList();
    Thread.sleep(600); // the use written down is to the millisecond: keep the order below apart from init's syncs
    plan(ids.get(2));
    Thread.sleep(600);
    plan(ids.get(1)); // 1 most recent, then 2, then 3 (synced last in init)
    daemon.projectSet().enforceMemory(); // writes the last use down
    Map<Path, Long> use = new ProjectUse(data.resolve("project-use")).read();
    assertTrue(use.get(roots.get(1)) > use.get(roots.get(2)) && use.get(roots.get(2)) > use.get(roots.get(3)), use.toString());
    channel.shutdownNow();
    daemon.close();

    ProjectSet.holdReopenForTests = new java.util.concurrent.CountDownLatch(1);
    try {
      daemon = Daemon.start(new DaemonConfig(roots.get(0), data, Optional.empty(), 20, 2, EngineOptions.DEFAULTS, Optional.empty())
          .withMaxMemory(CAP));
      channel = Grpc.newChannelBuilder("unix://" + ((ListenAddress.Unix) daemon.address()).path(), InsecureChannelCredentials.create())
          .build();
      stub = SymdexServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
      assertEquals(List.of(roots.get(1), roots.get(2), roots.get(3)), daemon.projectSet().reopenOrder(),
          "most recently used first, never used last");
      assertEquals(List.of("serving", "opening", "opening", "opening"), projects().stream().map(Project::getState).toList(),
          "the background opening is held: only the default is open");
      assertEquals(List.of("src/app/Parser.java"), stub.findDefinitions(FindDefinitionsRequest.newBuilder().setProject(ids.get(3))
          .setName("count3").build()).getResultsList().stream().map(r -> r.getPath()).toList(), "a call naming one opens it at once");
      assertEquals(List.of("serving", "opening", "opening", "serving"), projects().stream().map(Project::getState).toList());
    } finally {
      ProjectSet.holdReopenForTests.countDown();
      ProjectSet.holdReopenForTests = null;
    }
    for (Project p : projects()) { // the rest open in the background
      stub.sync(SyncRequest.newBuilder().setProject(p.getId()).setTimeoutMs(60_000).build());
    }
    assertEquals(ids, projects().stream().map(Project::getId).toList(), "listed in the order added, whatever the order opened");
  }

  @Test
  void flagsTakeSizes() {
    assertEquals(2L << 30, ByteSizes.parse("--max-memory", "2g"));
    assertEquals(512L << 20, ByteSizes.parse("--max-memory", "512M"));
    assertEquals(1_048_576, ByteSizes.parse("--max-memory", "1048576"));
    assertEquals(3L << 10, ByteSizes.parse("--max-memory", "3kb"));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ByteSizes.parse("--max-memory", "two gigs"));
    assertTrue(e.getMessage().contains("2g"), e.getMessage());
  }
}
