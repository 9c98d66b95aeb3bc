package dev.symdex.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.grpc.ChangeFeed;
import dev.symdex.grpc.ListenAddress;
import dev.symdex.proto.v1.AddProjectRequest;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.ImportsRequest;
import dev.symdex.proto.v1.ListProjectsRequest;
import dev.symdex.proto.v1.Project;
import dev.symdex.proto.v1.RemoveProjectRequest;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.StatusRequest;
import dev.symdex.proto.v1.StatusResponse;
import dev.symdex.proto.v1.SubscribeRequest;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import dev.symdex.proto.v1.SyncRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One daemon, several roots: projects added, queried by id and by root, refused when they are not
 * directories or overlap, removed, and opened again warm after a restart. A real daemon on real
 * temp trees, over its Unix socket.
 */
class ProjectsTest {
  @TempDir Path trees;
  @TempDir Path data;

  private Path main;
  private Path one;
  private Path two;
  private Daemon daemon;
  private ManagedChannel channel;
  private SymdexServiceGrpc.SymdexServiceBlockingStub stub;

  @BeforeEach
  void init() throws IOException {
    main = Files.createDirectories(trees.resolve("main"));
    one = Files.createDirectories(trees.resolve("one"));
    two = Files.createDirectories(trees.resolve("two"));
    Files.writeString(main.resolve("Main.java"), "class Main { void shared() {} void onlyMain() {} }\n");
    Files.writeString(one.resolve("One.java"), "class One { void shared() {} void onlyOne() {} }\n");
    Files.writeString(two.resolve("two.py"), "def shared():\n    pass\n");
  }

  @AfterEach
  void stop() {
    closeDaemon();
  }

  private void startDaemon() throws Exception {
    daemon = Daemon.start(new DaemonConfig(main, data, Optional.empty(), 20, 2, EngineOptions.DEFAULTS, Optional.empty()));
    assertTrue(daemon.awaitInitialIndex(Duration.ofSeconds(60)));
    channel = Grpc.newChannelBuilder("unix://" + ((ListenAddress.Unix) daemon.address()).path(), InsecureChannelCredentials.create()).build();
    stub = SymdexServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private void closeDaemon() {
    if (channel != null) {
      channel.shutdownNow();
      channel = null;
    }
    if (daemon != null) {
      daemon.close();
      daemon = null;
    }
  }

  private Project add(Path root) {
    return stub.addProject(AddProjectRequest.newBuilder().setRoot(root.toString()).build()).getProject();
  }

  private List<String> defs(String project, String name) {
    stub.sync(SyncRequest.newBuilder().setProject(project).setTimeoutMs(30_000).build());
    return stub.findDefinitions(FindDefinitionsRequest.newBuilder().setProject(project).setName(name).build())
        .getResultsList().stream().map(Result::getPath).toList();
  }

  private List<Project> projects() {
    return stub.listProjects(ListProjectsRequest.getDefaultInstance()).getProjectsList();
  }

  private Status.Code code(Runnable call) {
    return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
  }

  @Test
  void eachProjectAnswersForItsOwnTreeByIdOrRootAndEmptyMeansTheDefault() throws Exception {
    startDaemon();
    Project p1 = add(one);
    assertEquals(one.toRealPath().toString(), p1.getRoot());
    assertFalse(p1.getIsDefault());
    assertEquals(List.of("Main.java"), defs("", "shared"));
    assertEquals(List.of("One.java"), defs(p1.getId(), "shared"));
    assertEquals(List.of("One.java"), defs(p1.getRoot(), "shared"));
    assertEquals(List.of(), defs("", "onlyOne"));
    assertEquals(List.of(), defs(p1.getId(), "onlyMain"));

    // its own watcher keeps it current
    Files.writeString(one.resolve("Later.java"), "class Later { void arrived() {} }\n");
    assertEquals(List.of("Later.java"), defs(p1.getId(), "arrived"));
    assertEquals(List.of(), defs("", "arrived"));

    StatusResponse s = stub.status(StatusRequest.newBuilder().setProject(p1.getId()).build());
    assertEquals(p1.getRoot(), s.getRoot());
    assertEquals(2, s.getFiles());
    List<Project> all = projects();
    assertEquals(2, all.size());
    assertTrue(all.get(0).getIsDefault());
    assertEquals(main.toString(), all.get(0).getRoot());
    assertEquals(1, all.get(0).getFiles());
    assertEquals(p1.getId(), all.get(1).getId());
    assertEquals(2, all.get(1).getFiles());
    assertEquals("serving", all.get(1).getState());

    assertEquals(Status.Code.NOT_FOUND, code(() -> stub.findDefinitions(FindDefinitionsRequest.newBuilder().setProject("nope").setName("x").build())));
    assertEquals(Status.Code.NOT_FOUND, code(() -> stub.status(StatusRequest.newBuilder().setProject(two.toString()).build())));
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> stub.imports(ImportsRequest.newBuilder().setProject(p1.getId()).setPath("../main/Main.java").build())),
        "paths stay inside the project's root");
  }

  @Test
  void rootsThatAreNotDirectoriesOrOverlapAProjectAreRefused() throws Exception {
    startDaemon();
    add(one);
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> add(one.resolve("One.java"))), "a file");
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> add(trees.resolve("missing"))), "nothing there");
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> stub.addProject(AddProjectRequest.newBuilder().setRoot("one").build())), "relative");
    assertEquals(Status.Code.ALREADY_EXISTS, code(() -> add(one)));
    assertEquals(Status.Code.ALREADY_EXISTS, code(() -> add(main)), "the default project");
    Files.createDirectories(one.resolve("sub"));
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> add(one.resolve("sub"))), "inside a project");
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> add(trees)), "around projects");
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> add(data)), "the data dir");
    assertEquals(Status.Code.FAILED_PRECONDITION, code(() -> stub.removeProject(RemoveProjectRequest.newBuilder().setProject("").build())));
    assertEquals(Status.Code.NOT_FOUND, code(() -> stub.removeProject(RemoveProjectRequest.newBuilder().setProject("nope").build())));
    assertEquals(2, projects().size(), "nothing refused was added");
    assertEquals(List.of("Main.java"), defs("", "shared"), "and the daemon keeps serving");
  }

  @Test
  void addedProjectsSurviveARestartWarmAndARemovedOneIsGoneForGood() throws Exception {
    startDaemon();
    Project p1 = add(one);
    Project p2 = add(two);
    assertEquals(List.of("two.py"), defs(p2.getId(), "shared"));
    closeDaemon();

    startDaemon();
    assertEquals(List.of(main.toString(), p1.getRoot(), p2.getRoot()), projects().stream().map(Project::getRoot).toList());
    assertEquals(List.of("two.py"), defs(p2.getId(), "shared"));
    assertEquals(0, stub.status(StatusRequest.newBuilder().setProject(p2.getId()).build()).getFilesParsedSinceStart(), "opened warm");

    Project removed = stub.removeProject(RemoveProjectRequest.newBuilder().setProject(p1.getRoot()).build()).getProject();
    assertEquals(p1.getId(), removed.getId());
    assertEquals(Status.Code.NOT_FOUND, code(() -> defs(p1.getId(), "shared")));
    assertTrue(Files.isDirectory(data.resolve("index").resolve(p1.getId())), "its index stays on disk");
    Files.writeString(one.resolve("Unwatched.java"), "class Unwatched {}\n"); // no watcher left to see it
    closeDaemon();

    startDaemon();
    assertEquals(List.of(main.toString(), p2.getRoot()), projects().stream().map(Project::getRoot).toList());
    assertEquals(List.of("One.java"), defs(add(one).getId(), "shared"), "added again: warm from its kept index");
  }

  @Test
  void subscribersOfARemovedProjectAreToldAndOthersKeepTheirs() throws Exception {
    startDaemon();
    Project p1 = add(one);
    var removedFeed = stub.withDeadlineAfter(60, TimeUnit.SECONDS)
        .subscribe(SubscribeRequest.newBuilder().setProject(p1.getId()).build());
    var mainFeed = stub.withDeadlineAfter(60, TimeUnit.SECONDS).subscribe(SubscribeRequest.getDefaultInstance());
    ChangeFeed feed1;
    try (var lease = daemon.projects().lease(p1.getId())) {
      feed1 = lease.backend().changes();
    }
    for (int i = 0; i < 600 && feed1.subscribers() + daemon.changes().subscribers() < 2; i++) {
      Thread.sleep(50); // until both subscriptions are registered
    }
    stub.removeProject(RemoveProjectRequest.newBuilder().setProject(p1.getId()).build());
    StatusRuntimeException ended = assertThrows(StatusRuntimeException.class, () -> {
      while (removedFeed.hasNext()) {
        removedFeed.next(); // what its first reconcile committed, if that came after subscribing
      }
    });
    assertEquals(Status.Code.NOT_FOUND, ended.getStatus().getCode());
    Files.writeString(main.resolve("New.java"), "class New { void fresh() {} }\n");
    assertEquals(List.of("New.java"), defs("", "fresh"));
    boolean heard = false;
    while (!heard) { // the stream's deadline bounds the wait
      heard = mainFeed.next().getFilesList().stream().anyMatch(f -> f.getPath().equals("New.java"));
    }
  }

  @Test
  void aRegisteredRootThatIsGoneIsDroppedAtStart() throws Exception {
    startDaemon();
    add(one);
    closeDaemon();
    Files.delete(one.resolve("One.java"));
    Files.delete(one);
    startDaemon();
    assertEquals(1, projects().size());
    assertFalse(Files.readString(data.resolve("projects")).contains(one.toString()));
    assertTrue(stub.status(StatusRequest.getDefaultInstance()).getRecentIssuesList().stream().anyMatch(i -> i.contains("no longer a directory")));
  }

  /** Item 14 of issue 11: a long project or root is refused with at most 200 bytes of it in the message, and over 4 KB not looked at. */
  @Test
  void aLongProjectOrRootIsNeverEchoedWhole() throws Exception {
    startDaemon();
    String longRoot = trees.resolve("z".repeat(250)).resolve("z".repeat(250)).resolve("z".repeat(250)).toString();
    List<Runnable> calls = List.of(
        () -> stub.findDefinitions(FindDefinitionsRequest.newBuilder().setProject("/" + "z".repeat(3_000)).setName("shared").build()),
        () -> stub.status(StatusRequest.newBuilder().setProject("z".repeat(3_000)).build()),
        () -> stub.removeProject(RemoveProjectRequest.newBuilder().setProject("z".repeat(3_000)).build()),
        () -> stub.addProject(AddProjectRequest.newBuilder().setRoot(longRoot).build()),
        () -> stub.findDefinitions(FindDefinitionsRequest.newBuilder().setProject("z".repeat(9_000)).setName("shared").build()),
        () -> stub.addProject(AddProjectRequest.newBuilder().setRoot("/" + "z".repeat(9_000)).build()));
    for (Runnable call : calls) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
      String d = String.valueOf(e.getStatus().getDescription());
      assertFalse(d.contains("z".repeat(201)), e.getStatus().getCode() + ": " + d.length() + " chars");
      assertTrue(d.length() < 400, d);
    }
    assertEquals(List.of("Main.java"), defs("", "shared"), "still serving");
  }
}
