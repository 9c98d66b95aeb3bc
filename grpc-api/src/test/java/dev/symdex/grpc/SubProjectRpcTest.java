package dev.symdex.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.proto.v1.CallersRequest;
import dev.symdex.proto.v1.DeltaRequest;
import dev.symdex.proto.v1.DeltaResponse;
import dev.symdex.proto.v1.DependentsRequest;
import dev.symdex.proto.v1.ExploreRequest;
import dev.symdex.proto.v1.ExploreResponse;
import dev.symdex.proto.v1.FileOutlineRequest;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.FindDefinitionsResponse;
import dev.symdex.proto.v1.FindReferencesRequest;
import dev.symdex.proto.v1.ImportsRequest;
import dev.symdex.proto.v1.ListProjectsRequest;
import dev.symdex.proto.v1.PlanItem;
import dev.symdex.proto.v1.PlanRequest;
import dev.symdex.proto.v1.PlanResponse;
import dev.symdex.proto.v1.Project;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.SubProject;
import dev.symdex.proto.v1.SubscribeRequest;
import dev.symdex.proto.v1.SubscribeResponse;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import dev.symdex.proto.v1.SyncRequest;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sub-projects over a real in-process gRPC server on a real engine: a Maven monorepo of three
 * modules ({@code app} imports {@code core}; {@code web} stands alone), each defining a {@code
 * Config} class, committed to git. ListProjects lists the modules with their dependencies; a
 * scope narrows queries, Delta, Plan, Explore and Subscribe to one module; an unknown scope is
 * INVALID_ARGUMENT.
 */
class SubProjectRpcTest {
  private static final String CORE = "core/src/main/java/core/";
  private static final String APP = "app/src/main/java/app/";
  private static final String WEB = "web/src/main/java/web/";

  @TempDir Path root;
  @TempDir Path data;

  private EngineBackend backend;
  private InProcessEngineServer served;
  private ManagedChannel channel;
  private SymdexServiceGrpc.SymdexServiceBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    write("pom.xml", "<project><groupId>g</groupId><artifactId>mono</artifactId>"
        + "<modules><module>core</module><module>app</module><module>web</module></modules></project>\n");
    write("core/pom.xml", "<project><artifactId>core</artifactId></project>\n");
    write("app/pom.xml", "<project><artifactId>app</artifactId></project>\n");
    write("web/pom.xml", "<project><artifactId>web</artifactId></project>\n");
    write(CORE + "Config.java", "package core;\n\npublic class Config {\n  public static int retries() {\n    return 3;\n  }\n}\n");
    write(CORE + "Cache.java", "package core;\n\npublic class Cache {\n  int size() {\n    return Config.retries();\n  }\n}\n");
    write(APP + "Config.java", "package app;\n\nimport core.Cache;\n\npublic class Config {\n  Cache cache;\n}\n");
    write(APP + "Main.java", "package app;\n\nimport core.Config;\n\npublic class Main {\n  public static void main(String[] a) {\n"
        + "    System.out.println(Config.retries());\n  }\n}\n");
    write(WEB + "Config.java", "package web;\n\npublic class Config {\n  int retries() {\n    return 1;\n  }\n}\n");
    InProcessEngineServer.commitAll(root, "base");
    served = InProcessEngineServer.start(root, data.resolve("index"));
    backend = served.backend;
    channel = served.channel;
    stub = served.stub(30);
  }

  @AfterEach
  void stop() {
    served.close();
  }

  private void write(String rel, String text) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private static SubProject sub(Project p, String path) {
    return p.getSubProjectsList().stream().filter(s -> s.getPath().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError(path + " in " + p.getSubProjectsList()));
  }

  @Test
  void listProjectsListsSubProjectsWithTheirDependenciesWhenAsked() {
    assertEquals(0, stub.listProjects(ListProjectsRequest.getDefaultInstance()).getProjects(0).getSubProjectsCount(),
        "not asked: not listed");
    Project p = stub.listProjects(ListProjectsRequest.newBuilder().setWithSubProjects(true).build()).getProjects(0);
    assertEquals(List.of(". mono maven", "app app maven", "core core maven", "web web maven"),
        p.getSubProjectsList().stream().map(s -> s.getPath() + " " + s.getName() + " " + s.getBuildSystem()).toList());
    SubProject app = sub(p, "app");
    assertEquals(3, app.getFiles(), "its pom and two sources");
    assertEquals("java", app.getLanguages(0).getLanguage());
    assertEquals(2, app.getLanguages(0).getFiles());
    assertEquals(1, app.getDependsOnCount(), app.toString());
    assertEquals("core", app.getDependsOn(0).getName());
    assertEquals("core", app.getDependsOn(0).getPath());
    assertEquals(2, app.getDependsOn(0).getImports(), "Config.java imports Cache, Main.java imports Config");
    assertEquals(0, sub(p, "core").getDependsOnCount());
    assertEquals(0, sub(p, "web").getDependsOnCount());
    assertEquals(p, stub.listProjects(ListProjectsRequest.newBuilder().setWithSubProjects(true).build()).getProjects(0),
        "asked again with nothing changed: the same answer");
  }

  @Test
  void aScopedFindDefinitionsAnswersOnlyFromTheScope() {
    FindDefinitionsResponse all = stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("Config").build());
    assertEquals(3, all.getResultsCount());
    FindDefinitionsResponse web = stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("Config").setScope("web").build());
    assertEquals(List.of(WEB + "Config.java"), web.getResultsList().stream().map(Result::getPath).toList());
    FindDefinitionsResponse byDir = stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("Config").setScope("./core/")
        .build());
    assertEquals(List.of(CORE + "Config.java"), byDir.getResultsList().stream().map(Result::getPath).toList());
    FindDefinitionsResponse page = stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("Config").setScope("app")
        .setLimit(1).build());
    assertEquals(List.of(APP + "Config.java"), page.getResultsList().stream().map(Result::getPath).toList());
    assertFalse(page.getTruncated(), "the other Configs are out of scope: nothing more in it");
  }

  @Test
  void otherQueriesTakeTheScopeToo() {
    assertEquals(List.of(APP + "Main.java"), stub.findReferences(FindReferencesRequest.newBuilder().setName("retries").setScope("app")
        .build()).getResultsList().stream().map(Result::getPath).distinct().toList());
    assertEquals(List.of(CORE + "Cache.java"), stub.callers(CallersRequest.newBuilder().setName("retries").setScope("core").build())
        .getResultsList().stream().map(Result::getPath).distinct().toList());
    assertEquals(List.of(APP + "Config.java"), stub.dependents(DependentsRequest.newBuilder().setPath(CORE + "Cache.java")
        .setScope("app").build()).getDependentsList().stream().map(d -> d.getPath()).toList());
    assertEquals(0, stub.dependents(DependentsRequest.newBuilder().setPath(CORE + "Cache.java").setScope("web").build())
        .getDependentsCount());
    assertEquals(1, stub.imports(ImportsRequest.newBuilder().setPath(APP + "Main.java").setScope("core").build()).getImportsCount());
    assertEquals(0, stub.imports(ImportsRequest.newBuilder().setPath(APP + "Main.java").setScope("web").build()).getImportsCount());
    assertEquals(0, stub.fileOutline(FileOutlineRequest.newBuilder().setPath(APP + "Main.java").setScope("core").build())
        .getResultsCount(), "a file out of scope shows nothing");
    assertTrue(stub.fileOutline(FileOutlineRequest.newBuilder().setPath(APP + "Main.java").setScope("app").build())
        .getResultsCount() > 0);
  }

  @Test
  void aScopedPlanRanksOnlyTheScopesFiles() {
    PlanResponse all = stub.plan(PlanRequest.newBuilder().setTask("config retries").build());
    assertTrue(all.getItemsList().stream().anyMatch(i -> i.getPath().startsWith("core/")), all.getItemsList().toString());
    PlanResponse web = stub.plan(PlanRequest.newBuilder().setTask("config retries").setScope("web").build());
    List<String> paths = web.getItemsList().stream().map(PlanItem::getPath).toList();
    assertFalse(paths.isEmpty());
    assertTrue(paths.stream().allMatch(p -> p.startsWith("web/")), paths.toString());
    assertEquals(WEB + "Config.java", paths.get(0));
  }

  @Test
  void aScopedExploreMapsOnlyTheScope() {
    ExploreResponse r = stub.explore(ExploreRequest.newBuilder().setScope("core").build());
    assertEquals(3, r.getFiles(), "core's pom and two sources");
    assertTrue(r.getModulesList().stream().allMatch(m -> m.getPath().equals("core")), r.getModulesList().toString());
    assertTrue(r.getText().contains("scope: sub-project core"), r.getText());
  }

  @Test
  void anUnknownScopeIsInvalidArgumentListingKnownNames() {
    for (Runnable call : List.<Runnable>of(
        () -> stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("Config").setScope("nope").build()),
        () -> stub.plan(PlanRequest.newBuilder().setTask("config").setScope("nope").build()),
        () -> stub.explore(ExploreRequest.newBuilder().setScope("nope").build()))) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      assertTrue(e.getStatus().getDescription().contains("nope") && e.getStatus().getDescription().contains("core"),
          e.getStatus().getDescription());
    }
  }

  @Test
  void aScopedSubscriptionListsOnlyTheScopesChanges() throws Exception {
    BlockingQueue<Object> got = new LinkedBlockingQueue<>();
    StreamObserver<SubscribeResponse> observer = new StreamObserver<>() {
      @Override
      public void onNext(SubscribeResponse r) {
        got.add(r);
      }

      @Override
      public void onError(Throwable t) {
        got.add(t);
      }

      @Override
      public void onCompleted() {}
    };
    SymdexServiceGrpc.newStub(channel).subscribe(SubscribeRequest.newBuilder().setScope("nope").build(), observer);
    Object refused = got.poll(30, TimeUnit.SECONDS);
    assertTrue(refused instanceof StatusRuntimeException e && e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT,
        String.valueOf(refused));

    Context.CancellableContext ctx = Context.current().withCancellation();
    ctx.run(() -> SymdexServiceGrpc.newStub(channel).subscribe(SubscribeRequest.newBuilder().setScope("web").build(), observer));
    for (int i = 0; i < 3000 && backend.changes().subscribers() == 0; i++) {
      Thread.sleep(10); // the subscription starts on the pool
    }
    assertEquals(1, backend.changes().subscribers());
    write(APP + "Extra.java", "package app;\n\nclass Extra {}\n");
    stub.sync(SyncRequest.getDefaultInstance());
    write(WEB + "Page.java", "package web;\n\nclass Page {}\n");
    write(CORE + "More.java", "package core;\n\nclass More {}\n");
    long generation = stub.sync(SyncRequest.getDefaultInstance()).getGeneration();
    List<String> listed = new java.util.ArrayList<>();
    for (long seen = 0; seen < generation; ) {
      Object next = got.poll(30, TimeUnit.SECONDS);
      assertTrue(next instanceof SubscribeResponse, String.valueOf(next));
      SubscribeResponse r = (SubscribeResponse) next;
      assertTrue(r.getFilesCount() > 0, "a generation that changed none of web's files sends nothing: " + r);
      r.getFilesList().forEach(f -> listed.add(f.getPath()));
      seen = r.getGeneration();
    }
    assertTrue(listed.contains(WEB + "Page.java"), listed.toString());
    assertTrue(listed.stream().allMatch(p -> p.startsWith("web/")), "app's and core's changes are left out: " + listed);
    ctx.cancel(null);
    for (int i = 0; i < 3000 && backend.changes().subscribers() > 0; i++) {
      Thread.sleep(10);
    }
    assertEquals(0, backend.changes().subscribers(), "a cancelled scoped subscription lets go of the feed");
  }

  @Test
  void aScopedDeltaListsOnlyTheScopesChanges() throws Exception {
    write(WEB + "Page.java", "package web;\n\npublic class Page {}\n");
    write(CORE + "More.java", "package core;\n\npublic class More {}\n");
    stub.sync(SyncRequest.getDefaultInstance());
    DeltaResponse all = stub.delta(DeltaRequest.newBuilder().setSince("HEAD").build());
    assertEquals(List.of(CORE + "More.java", WEB + "Page.java"), all.getFilesList().stream().map(f -> f.getPath()).sorted().toList());
    DeltaResponse web = stub.delta(DeltaRequest.newBuilder().setSince("HEAD").setScope("web").build());
    assertEquals(List.of(WEB + "Page.java"), web.getFilesList().stream().map(f -> f.getPath()).toList());
    assertTrue(web.getDefinitionsList().stream().allMatch(d -> d.getPath().startsWith("web/")), web.toString());
    assertFalse(web.getDefinitionsList().isEmpty());
  }
}
