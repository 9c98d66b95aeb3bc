package dev.symdex.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.query.plan.TokenCounter;
import dev.symdex.proto.v1.ExploreEntryPoint;
import dev.symdex.proto.v1.ExploreModule;
import dev.symdex.proto.v1.ExploreRequest;
import dev.symdex.proto.v1.ExploreResponse;
import dev.symdex.proto.v1.ExploreTestedFile;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Explore over a real in-process gRPC server, on a real engine and LMDB. */
class ExploreRpcTest {
  @TempDir Path root;
  @TempDir Path data;

  private EngineBackend backend;
  private SymdexGrpcServer server;
  private ManagedChannel channel;
  private SymdexServiceGrpc.SymdexServiceBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    write("pom.xml", """
        <project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>app</artifactId><version>1</version>
          <properties><junit.version>5.11.0</junit.version></properties>
          <dependencies><dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId>
            <version>${junit.version}</version><scope>test</scope></dependency></dependencies></project>
        """);
    write("src/main/java/app/Main.java",
        "package app;\npublic class Main implements Runnable {\n  public static void main(String[] args) {}\n  public void run() {}\n}\n");
    write("src/main/java/app/Util.java", "package app;\nclass Util {\n  static int one() { return 1; }\n}\n");
    write("src/test/java/app/UtilTest.java", "package app;\nclass UtilTest {\n  void one() { Util.one(); }\n}\n");
    write("tools/run.py", "def go():\n    pass\n\nif __name__ == \"__main__\":\n    go()\n");
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

  private void write(String rel, String text) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void theMapHasEveryLayerAndItsText() {
    ExploreResponse r = stub.explore(ExploreRequest.getDefaultInstance());
    assertEquals(5, r.getFiles());
    assertTrue(r.getGeneration() > 0);
    assertEquals(List.of("maven"), r.getBuildSystemsList().stream().map(b -> b.getName()).toList());
    assertEquals(List.of("src/main/java/app/Main.java:3 java-main", "tools/run.py:4 python-main"),
        r.getEntryPointsList().stream().map(e -> e.getPath() + ":" + e.getLine() + " " + e.getKind()).sorted().toList());
    assertEquals(1, r.getManifestsCount());
    assertEquals("org.junit.jupiter:junit-jupiter 5.11.0 test", r.getManifests(0).getDependenciesList().stream()
        .map(d -> d.getName() + " " + d.getVersion() + " " + d.getScope()).findFirst().orElseThrow());
    assertEquals(List.of("src/main/java/app/Util.java <- [src/test/java/app/UtilTest.java]"),
        r.getTestedFilesList().stream().map(t -> t.getPath() + " <- " + t.getTestsList()).toList());
    assertEquals(r.getEntryPointsCount(), r.getEntryPointsSection().getShown());
    assertTrue(r.getText().contains("src/main/java/app/Main.java"), r.getText());
  }

  @Test
  void aFocusNarrowsEveryLayer() {
    ExploreResponse r = stub.explore(ExploreRequest.newBuilder().setFocus("tools/").build());
    assertEquals("tools", r.getFocus().replaceAll("/$", ""));
    assertEquals(List.of("tools/run.py"), r.getEntryPointsList().stream().map(ExploreEntryPoint::getPath).toList());
    assertEquals(List.<ExploreTestedFile>of(), r.getTestedFilesList());
  }

  @Test
  void theRankedLayersDigestAndTextAreMapped() {
    ExploreResponse r = stub.explore(ExploreRequest.getDefaultInstance());
    assertEquals(2, r.getDetail(), "every layer by default");
    assertEquals(List.of(".", "src", "tools"), r.getModulesList().stream().map(ExploreModule::getPath).sorted().toList(),
        "one build at the root: the modules are its top-level directories");
    assertEquals(r.getModulesCount(), r.getModulesSection().getTotal());
    assertEquals(1.0, r.getModulesList().stream().mapToDouble(ExploreModule::getCentrality).sum(), 1e-6);
    assertEquals("src", r.getModules(0).getPath(), "most central first: " + r.getModulesList());
    assertEquals("src", r.getApi(0).getModule());
    assertTrue(r.getApi(0).getFilesList().stream().flatMap(f -> f.getDefinitionsList().stream())
        .anyMatch(d -> d.getSignature().equals("public class Main implements Runnable {")), r.getApi(0).toString());
    assertEquals(List.of("app.Main implements Runnable"), r.getTypeEdgesList().stream()
        .map(e -> "app." + e.getType() + " " + e.getRelation() + " " + e.getSupertype() + e.getSupertypePath()).toList());
    assertEquals(r.getTypeFilesTotal(), r.getTypeFilesRead());
    assertFalse(r.getChangesUnavailable().isEmpty(), "not a git working tree");
    assertFalse(r.hasUncommitted());
    assertFalse(r.getTextCut());
    assertEquals(TokenCounter.o200k().count(r.getText()), r.getTextTokens());
    assertTrue(r.getText().contains("## modules by centrality (shown 3 of 3)"), r.getText());
  }

  @Test
  void detailChoosesTheLayersAndTheBudgetCutsTheText() {
    ExploreResponse overview = stub.explore(ExploreRequest.newBuilder().setDetail(0).build());
    assertEquals(0, overview.getDetail());
    assertEquals(List.of(0, 0, 0), List.of(overview.getModulesCount(), overview.getManifestsCount(), overview.getApiCount()));
    assertEquals(2, overview.getEntryPointsCount());
    ExploreResponse map = stub.explore(ExploreRequest.newBuilder().setDetail(1).build());
    assertEquals(3, map.getModulesCount());
    assertEquals(1, map.getManifestsCount());
    assertEquals(List.of(0, 0), List.of(map.getApiCount(), map.getTypeEdgesCount()));
    int whole = stub.explore(ExploreRequest.getDefaultInstance()).getTextTokens();
    for (int budget : new int[] {40, 100, whole / 2}) {
      ExploreResponse cut = stub.explore(ExploreRequest.newBuilder().setTokenBudget(budget).build());
      assertTrue(cut.getTextCut(), budget + "");
      assertTrue(TokenCounter.o200k().count(cut.getText()) <= budget, budget + ": " + cut.getText());
      assertEquals(3, cut.getModulesCount(), "the structured layers are not cut");
    }
  }

  @Test
  void aBadDetailBudgetOrRevisionIsInvalid() {
    for (ExploreRequest bad : List.of(ExploreRequest.newBuilder().setDetail(3).build(), ExploreRequest.newBuilder().setTokenBudget(-1).build(),
        ExploreRequest.newBuilder().setSince("HEAD~1").build())) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.explore(bad));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), bad.toString());
    }
  }

  @Test
  void anUnknownProjectIsNotFound() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> stub.explore(ExploreRequest.newBuilder().setProject("nope").build()));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
  }
}
