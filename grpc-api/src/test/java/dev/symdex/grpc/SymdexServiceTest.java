package dev.symdex.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.proto.v1.AddProjectRequest;
import dev.symdex.proto.v1.CalleesRequest;
import dev.symdex.proto.v1.CallersRequest;
import dev.symdex.proto.v1.DeltaRequest;
import dev.symdex.proto.v1.DependentsRequest;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.FindDefinitionsResponse;
import dev.symdex.proto.v1.FindReferencesRequest;
import dev.symdex.proto.v1.ImportsRequest;
import dev.symdex.proto.v1.ListProjectsRequest;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.StatusRequest;
import dev.symdex.proto.v1.StatusResponse;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import dev.symdex.proto.v1.SyncRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service over a real in-process gRPC server, on a real engine and LMDB. */
class SymdexServiceTest {
  @TempDir Path root;
  @TempDir Path data;

  private EngineBackend backend;
  private SymdexGrpcServer server;
  private ManagedChannel channel;
  private SymdexServiceGrpc.SymdexServiceBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(root.resolve("A.java"), "class Foo {\n  void bar() {}\n}\n");
    Files.writeString(root.resolve("B.java"), "class B {\n  void run() {\n    new Foo().bar();\n  }\n}\n");
    for (int i = 0; i < 5; i++) {
      Files.writeString(root.resolve("D" + i + ".java"), "class D" + i + " { void dup() {} }\n");
    }
    backend = new EngineBackend(root, data.resolve("index"));
    String name = InProcessServerBuilder.generateName();
    server = SymdexGrpcServer.create(InProcessServerBuilder.forName(name), backend).start();
    channel = InProcessChannelBuilder.forName(name).build();
    stub = SymdexServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.close();
    backend.close();
  }

  @Test
  void everyQueryAnswersWithHeadGenerationAndRows() {
    FindDefinitionsResponse defs = stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("bar").build());
    assertEquals(List.of("A.java:2 bar method Foo"), rows(defs.getResultsList()));
    assertTrue(defs.getGeneration() > 0);
    assertFalse(defs.getTruncated());
    assertEquals(List.of("B.java:3 run method B"), rows(stub.callers(CallersRequest.newBuilder().setName("bar").build()).getResultsList()));
    assertEquals(List.of("B.java:3 Foo call B.run", "B.java:3 bar call B.run"),
        rows(stub.callees(CalleesRequest.newBuilder().setName("run").build()).getResultsList()));
    assertEquals(List.of("B.java:3 Foo call "),
        rows(stub.findReferences(FindReferencesRequest.newBuilder().setName("Foo").build()).getResultsList()));
  }

  @Test
  void calleesCarryResolvedTargetsAndCallersCanAskForOneDefinition() {
    var callees = stub.callees(CalleesRequest.newBuilder().setName("run").build()).getResultsList();
    var bar = callees.stream().filter(r -> r.getName().equals("bar")).findFirst().orElseThrow();
    assertEquals(1, bar.getTargetsCount());
    assertEquals("A.java", bar.getTargets(0).getPath());
    assertEquals("typed", bar.getTargets(0).getTier(), "new Foo().bar(): by the receiver's type");
    assertEquals(1.0, bar.getTargets(0).getConfidence(), 1e-9);
    var resolved = stub.callers(CallersRequest.newBuilder().setName("bar").setPath("A.java").build()).getResultsList();
    assertEquals(List.of("B.java:3 run method B"), rows(resolved));
    assertEquals(1.0, resolved.get(0).getConfidence(), 1e-9);
    assertEquals(0, stub.callers(CallersRequest.newBuilder().setName("bar").setPath("D0.java").build()).getResultsCount());
  }

  @Test
  void limitTruncatesAndSaysSo() {
    var few = stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("dup").setLimit(2).build());
    assertEquals(2, few.getResultsCount());
    assertTrue(few.getTruncated());
    var all = stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("dup").setLimit(5).build());
    assertEquals(5, all.getResultsCount());
    assertFalse(all.getTruncated());
  }

  @Test
  void syncSeesAChangeMadeBeforeTheCall() throws Exception {
    Files.writeString(root.resolve("C.java"), "class C { void fresh() {} }\n");
    long before = stub.status(StatusRequest.getDefaultInstance()).getGeneration();
    var synced = stub.sync(SyncRequest.getDefaultInstance());
    assertTrue(synced.getGeneration() > before);
    assertEquals(1, stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("fresh").build()).getResultsCount());
    // and the sync flag on a query does the same
    Files.delete(root.resolve("C.java"));
    assertEquals(0, stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("fresh").setSync(true).build()).getResultsCount());
  }

  @Test
  void statusTellsFilesSymbolsAndHead() {
    StatusResponse s = stub.status(StatusRequest.getDefaultInstance());
    assertEquals(7, s.getFiles());
    assertEquals(2 + 2 + 2 * 5, s.getSymbols());
    assertEquals(root.toString(), s.getRoot());
    assertEquals("", s.getHead(), "not a git repo");
    assertEquals(7, s.getFilesParsedSinceStart());
    assertTrue(s.getIndexBytes() > 0);
    assertTrue(s.getRssBytes() > 0, "resident memory is reported");
  }

  @Test
  void badRequestsGetClearStatusesAndTheServerKeepsServing() {
    StatusRuntimeException empty = assertThrows(StatusRuntimeException.class,
        () -> stub.findDefinitions(FindDefinitionsRequest.getDefaultInstance()));
    assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
    assertTrue(empty.getStatus().getDescription().contains("name"));
    StatusRuntimeException negative = assertThrows(StatusRuntimeException.class,
        () -> stub.callers(CallersRequest.newBuilder().setName("x").setLimit(-1).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, negative.getStatus().getCode());
    StatusRuntimeException longName = assertThrows(StatusRuntimeException.class,
        () -> stub.findReferences(FindReferencesRequest.newBuilder().setName("x".repeat(5000)).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, longName.getStatus().getCode());
    StatusRuntimeException badTimeout = assertThrows(StatusRuntimeException.class,
        () -> stub.sync(SyncRequest.newBuilder().setTimeoutMs(-5).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, badTimeout.getStatus().getCode());
    assertEquals(1, stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("bar").build()).getResultsCount());
  }

  @Test
  void healthAndReflection() throws Exception {
    HealthCheckResponse h = HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.newBuilder().setService("symdex.v1.SymdexService").build());
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, h.getStatus());
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> req = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(new StreamObserver<>() {
      @Override
      public void onNext(ServerReflectionResponse r) {
        answer.complete(r);
      }

      @Override
      public void onError(Throwable t) {
        answer.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    });
    req.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    List<String> services = answer.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream().map(s -> s.getName()).toList();
    req.onCompleted();
    assertTrue(services.contains("symdex.v1.SymdexService"), services.toString());
    assertTrue(services.contains("grpc.health.v1.Health"), services.toString());
  }

  @Test
  void stoppingReportsNotServing() {
    server.stop(1_000);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
  }

  static List<String> rows(List<Result> results) {
    return results.stream().map(r -> r.getPath() + ":" + r.getLine() + " " + r.getName() + " " + r.getKind() + " " + r.getContainer()).toList();
  }

  @Test
  void dependentsAndImportsFollowResolvedImportsAndRefusePathsOutsideTheRoot() throws Exception {
    Files.writeString(root.resolve("util.py"), "def helper():\n    pass\n");
    Files.writeString(root.resolve("main.py"), "import util\n\nutil.helper()\n");
    stub.sync(SyncRequest.newBuilder().setTimeoutMs(30_000).build());
    var deps = stub.dependents(DependentsRequest.newBuilder().setPath("util.py").build());
    assertEquals(List.of("main.py 1 util.py"),
        deps.getDependentsList().stream().map(d -> d.getPath() + " " + d.getDepth() + " " + d.getVia()).toList());
    assertTrue(deps.getGeneration() > 0);
    var imports = stub.imports(ImportsRequest.newBuilder().setPath("main.py").build());
    assertEquals(List.of("1 import util resolved [util.py]"), imports.getImportsList().stream()
        .map(i -> i.getLine() + " " + i.getText() + " " + i.getStatus() + " " + i.getTargetsList()).toList());
    for (String bad : List.of("../etc/passwd", "/etc/passwd", "a/../../b", "", "./main.py", "a//b")) {
      StatusRuntimeException d = assertThrows(StatusRuntimeException.class,
          () -> stub.dependents(DependentsRequest.newBuilder().setPath(bad).build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, d.getStatus().getCode(), bad);
      StatusRuntimeException i = assertThrows(StatusRuntimeException.class,
          () -> stub.imports(ImportsRequest.newBuilder().setPath(bad).build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, i.getStatus().getCode(), bad);
    }
    StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
        () -> stub.imports(ImportsRequest.newBuilder().setPath("missing.py").build()));
    assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
    StatusRuntimeException noGit = assertThrows(StatusRuntimeException.class,
        () -> stub.delta(DeltaRequest.newBuilder().setSince("HEAD").build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, noGit.getStatus().getCode());
    assertTrue(noGit.getStatus().getDescription().contains("git"), noGit.getStatus().getDescription());
    assertEquals(List.of("util.py:1 helper function "),
        rows(stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("helper").build()).getResultsList()), "still serving");
  }

  @Test
  void aSingleProjectServerAnswersForItsRootAndRefusesOthers() {
    assertEquals(1, stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("bar").setProject(root.toString()).build()).getResultsCount());
    StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
        () -> stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("bar").setProject("elsewhere").build()));
    assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
    StatusRuntimeException add = assertThrows(StatusRuntimeException.class,
        () -> stub.addProject(AddProjectRequest.newBuilder().setRoot(data.toString()).build()));
    assertEquals(Status.Code.FAILED_PRECONDITION, add.getStatus().getCode());
    StatusRuntimeException relative = assertThrows(StatusRuntimeException.class,
        () -> stub.addProject(AddProjectRequest.newBuilder().setRoot("some/dir").build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, relative.getStatus().getCode());
    var list = stub.listProjects(ListProjectsRequest.getDefaultInstance()).getProjectsList();
    assertEquals(1, list.size());
    assertEquals(root.toString(), list.get(0).getRoot());
    assertTrue(list.get(0).getIsDefault());
    assertEquals(7, list.get(0).getFiles());
  }
}
