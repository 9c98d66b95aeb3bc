package dev.symdex.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import dev.symdex.proto.v1.CalleesRequest;
import dev.symdex.proto.v1.CallersRequest;
import dev.symdex.proto.v1.DeltaRequest;
import dev.symdex.proto.v1.DeltaResponse;
import dev.symdex.proto.v1.DependentsRequest;
import dev.symdex.proto.v1.DependentsResponse;
import dev.symdex.proto.v1.FileOutlineRequest;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.FindDefinitionsResponse;
import dev.symdex.proto.v1.FindReferencesRequest;
import dev.symdex.proto.v1.ImportsRequest;
import dev.symdex.proto.v1.ImportsResponse;
import dev.symdex.proto.v1.MatchMode;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.StatusRequest;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import dev.symdex.proto.v1.SyncRequest;
import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The symdex.v1 contract over a real gRPC server on a real engine and LMDB, for each transport
 * (subclasses): every RPC, match modes and filters, paging equal to the unpaged answer, stale and
 * foreign page tokens, truncation, call walks with depth and fan-out, file outlines, malformed
 * requests (a clear status, and the server keeps serving) and paths outside the root.
 */
abstract class ApiContractTest {
  @TempDir Path root;
  @TempDir Path data;

  EngineBackend engineBackend;
  GateBackend backend;
  SymdexGrpcServer server;
  ManagedChannel channel;
  SymdexServiceGrpc.SymdexServiceBlockingStub stub;

  /** A started server over {@code backend}. */
  abstract SymdexGrpcServer serve(IndexBackend backend) throws Exception;

  /** A channel to the server {@link #serve} started. */
  abstract ManagedChannel connect();

  @BeforeEach
  void start() throws Exception {
    write("src/app/Names.java", """
        package app;
        public class Names {
          private String symbolName;
          public String getSymbolName() { return symbolName; }
          public int getSize() { return 0; }
          void setSymbolName(String s) { symbolName = s; }
          static class Inner { void getSN() {} }
        }
        """);
    write("src/app/Chain.java", """
        package app;
        class Chain {
          void a() { b(); }
          void b() { c(); }
          void c() { d(); }
          void d() {}
          void f1() { d(); }
          void f2() { d(); }
          void f3() { d(); }
        }
        """);
    write("src/lib/names.py", "def get_symbol_name():\n    pass\n\ndef getSize():\n    pass\n");
    write("test/NamesTest.java", "class NamesTest { void getSymbolName() {} }\n");
    write("util.py", "def helper():\n    pass\n");
    for (int i = 0; i < 5; i++) {
      write("m" + i + ".py", "import util\nimport os\nimport sys\nimport json\n\nutil.helper()\n");
    }
    try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent("t", "t@example.com");
      git.commit().setMessage("fixture").setAuthor(who).setCommitter(who).setSign(false).call();
    }
    engineBackend = new EngineBackend(root, data.resolve("index"));
    backend = new GateBackend(engineBackend);
    server = serve(backend);
    channel = connect();
    stub = SymdexServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.close();
    engineBackend.close();
  }

  void write(String rel, String text) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  static List<String> rows(List<Result> results) {
    return results.stream().map(r -> r.getPath() + ":" + r.getLine() + " " + r.getName() + " " + r.getKind()).toList();
  }

  static void assertCode(Status.Code code, Executable call, String... inMessage) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
    assertEquals(code, e.getStatus().getCode(), String.valueOf(e.getStatus().getDescription()));
    for (String s : inMessage) {
      assertTrue(e.getStatus().getDescription().contains(s), e.getStatus().getDescription() + " should say " + s);
    }
  }

  /** One page as the test sees it: rows, truncated, next token. */
  record Page(List<String> rows, boolean truncated, String next) {}

  /** Every page of a paged call, asserting each but the last is truncated and has a token. */
  static List<String> allPages(Function<String, Page> call) {
    List<String> all = new ArrayList<>();
    String token = "";
    int pages = 0;
    while (true) {
      Page p = call.apply(token);
      pages++;
      all.addAll(p.rows());
      assertEquals(p.truncated(), !p.next().isEmpty(), "a truncated page and only that has a next token");
      if (p.next().isEmpty()) {
        break;
      }
      assertFalse(p.rows().isEmpty(), "a page before the last is not empty");
      token = p.next();
      assertTrue(pages < 100, "paging ends");
    }
    assertTrue(pages > 1, "the answer took more than one page");
    return all;
  }

  @Test
  void findDefinitionsMatchesExactPrefixAndFuzzyAndFilters() {
    var exact = stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("getSymbolName").build());
    assertEquals(List.of("src/app/Names.java:4 getSymbolName method", "test/NamesTest.java:1 getSymbolName method"), rows(exact.getResultsList()));
    assertEquals(List.of("src/app/Names.java:7 getSN method", "src/app/Names.java:5 getSize method", "src/lib/names.py:4 getSize function",
        "src/app/Names.java:4 getSymbolName method", "test/NamesTest.java:1 getSymbolName method"),
        rows(stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("getS").setMatch(MatchMode.MATCH_MODE_PREFIX).build()).getResultsList()));
    var fuzzy = stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("gSN").setMatch(MatchMode.MATCH_MODE_FUZZY).build());
    assertEquals(List.of("src/app/Names.java:7 getSN method", "src/app/Names.java:4 getSymbolName method", "test/NamesTest.java:1 getSymbolName method",
        "src/lib/names.py:1 get_symbol_name function"), rows(fuzzy.getResultsList()));
    assertEquals(List.of("src/lib/names.py:1 get_symbol_name function"), rows(stub.findDefinitions(FindDefinitionsRequest.newBuilder()
        .setName("getSN").setMatch(MatchMode.MATCH_MODE_FUZZY).addLanguages("python").build()).getResultsList()));
    assertEquals(List.of("test/NamesTest.java:1 getSymbolName method"), rows(stub.findDefinitions(FindDefinitionsRequest.newBuilder()
        .setName("gSN").setMatch(MatchMode.MATCH_MODE_FUZZY).setPathPrefix("test/").build()).getResultsList()));
    assertEquals(List.of("src/app/Names.java:3 symbolName field"), rows(stub.findDefinitions(FindDefinitionsRequest.newBuilder()
        .setName("symbolname").setMatch(MatchMode.MATCH_MODE_FUZZY).addKinds("field").addKinds("constant").build()).getResultsList()));
    assertEquals(List.of("src/app/Names.java:5 getSize method"), rows(stub.findDefinitions(FindDefinitionsRequest.newBuilder()
        .setName("getSize").setMatch(MatchMode.MATCH_MODE_EXACT).addKinds("method").build()).getResultsList()));
  }

  @Test
  void everyListIsPagedAndThePagesMakeTheUnpagedAnswer() throws Exception {
    var prefix = FindDefinitionsRequest.newBuilder().setName("get").setMatch(MatchMode.MATCH_MODE_PREFIX);
    assertEquals(rows(stub.findDefinitions(prefix.build()).getResultsList()), allPages(t -> {
      var r = stub.findDefinitions(prefix.clone().setLimit(2).setPageToken(t).build());
      return new Page(rows(r.getResultsList()), r.getTruncated(), r.getNextPageToken());
    }));
    var fuzzy = FindDefinitionsRequest.newBuilder().setName("s").setMatch(MatchMode.MATCH_MODE_FUZZY);
    assertEquals(rows(stub.findDefinitions(fuzzy.build()).getResultsList()), allPages(t -> {
      var r = stub.findDefinitions(fuzzy.clone().setLimit(3).setPageToken(t).build());
      return new Page(rows(r.getResultsList()), r.getTruncated(), r.getNextPageToken());
    }));
    var refs = FindReferencesRequest.newBuilder().setName("helper");
    assertEquals(5, stub.findReferences(refs.build()).getResultsCount());
    assertEquals(rows(stub.findReferences(refs.build()).getResultsList()), allPages(t -> {
      var r = stub.findReferences(refs.clone().setLimit(2).setPageToken(t).build());
      return new Page(rows(r.getResultsList()), r.getTruncated(), r.getNextPageToken());
    }));
    var callers = CallersRequest.newBuilder().setName("d").setDepth(3);
    assertEquals(rows(stub.callers(callers.build()).getResultsList()), allPages(t -> {
      var r = stub.callers(callers.clone().setLimit(1).setPageToken(t).build());
      return new Page(rows(r.getResultsList()), r.getTruncated(), r.getNextPageToken());
    }));
    var callees = CalleesRequest.newBuilder().setName("a").setDepth(3);
    assertEquals(rows(stub.callees(callees.build()).getResultsList()), allPages(t -> {
      var r = stub.callees(callees.clone().setLimit(1).setPageToken(t).build());
      return new Page(rows(r.getResultsList()), r.getTruncated(), r.getNextPageToken());
    }));
    var outline = FileOutlineRequest.newBuilder().setPath("src/app/Names.java");
    assertEquals(rows(stub.fileOutline(outline.build()).getResultsList()), allPages(t -> {
      var r = stub.fileOutline(outline.clone().setLimit(3).setPageToken(t).build());
      return new Page(rows(r.getResultsList()), r.getTruncated(), r.getNextPageToken());
    }));
    var deps = DependentsRequest.newBuilder().setPath("util.py");
    Function<DependentsResponse, List<String>> depRows =
        r -> r.getDependentsList().stream().map(d -> d.getPath() + " " + d.getDepth()).toList();
    assertEquals(List.of("m0.py 1", "m1.py 1", "m2.py 1", "m3.py 1", "m4.py 1"), depRows.apply(stub.dependents(deps.build())));
    assertEquals(depRows.apply(stub.dependents(deps.build())), allPages(t -> {
      var r = stub.dependents(deps.clone().setLimit(2).setPageToken(t).build());
      return new Page(depRows.apply(r), r.getTruncated(), r.getNextPageToken());
    }));
    var imports = ImportsRequest.newBuilder().setPath("m0.py");
    Function<ImportsResponse, List<String>> importRows =
        r -> r.getImportsList().stream().map(i -> i.getLine() + " " + i.getText() + " " + i.getStatus()).toList();
    assertEquals(4, stub.imports(imports.build()).getImportsCount());
    assertEquals(importRows.apply(stub.imports(imports.build())), allPages(t -> {
      var r = stub.imports(imports.clone().setLimit(1).setPageToken(t).build());
      return new Page(importRows.apply(r), r.getTruncated(), r.getNextPageToken());
    }));
    write("new1.py", "def n1():\n    pass\n");
    write("new2.py", "def n2():\n    pass\n");
    write("new3.py", "def n3():\n    pass\n");
    stub.sync(SyncRequest.getDefaultInstance());
    var delta = DeltaRequest.newBuilder().setSince("HEAD");
    Function<DeltaResponse, List<String>> deltaRows = r -> {
      List<String> out = new ArrayList<>();
      r.getFilesList().forEach(f -> out.add("file " + f.getPath() + " " + f.getChange()));
      r.getDefinitionsList().forEach(d -> out.add("def " + d.getPath() + " " + d.getName() + " " + d.getChange()));
      return out;
    };
    List<String> whole = deltaRows.apply(stub.delta(delta.build()));
    assertEquals(List.of("file new1.py added", "file new2.py added", "file new3.py added",
        "def new1.py n1 added", "def new2.py n2 added", "def new3.py n3 added"), whole);
    List<String> paged = allPages(t -> {
      var r = stub.delta(delta.clone().setLimit(2).setPageToken(t).build());
      return new Page(deltaRows.apply(r), r.getTruncated(), r.getNextPageToken());
    });
    assertEquals(whole.stream().sorted().toList(), paged.stream().sorted().toList(), "each page holds up to limit files and definitions");
  }

  @Test
  void aTokenIsRefusedAtAnotherGenerationOrForAnotherRequest() throws Exception {
    var req = FindDefinitionsRequest.newBuilder().setName("get").setMatch(MatchMode.MATCH_MODE_PREFIX).setLimit(2);
    String token = stub.findDefinitions(req.build()).getNextPageToken();
    assertFalse(token.isEmpty());
    assertEquals(1, stub.findDefinitions(req.clone().setPageToken(token).setLimit(1).build()).getResultsCount(), "limit may change");
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.findDefinitions(req.clone().setName("set").setPageToken(token).build()), "another request");
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.findReferences(FindReferencesRequest.newBuilder().setName("get").setPageToken(token).build()),
        "another request");
    for (String bad : List.of("garbage!", "AAAA", token.substring(0, token.length() - 2))) {
      assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.findDefinitions(req.clone().setPageToken(bad).build()), "page_token");
    }
    write("src/app/More.java", "class More { void getMore() {} }\n");
    stub.sync(SyncRequest.getDefaultInstance());
    assertCode(Status.Code.FAILED_PRECONDITION, () -> stub.findDefinitions(req.clone().setPageToken(token).build()), "generation");
    assertEquals(2, stub.findDefinitions(req.build()).getResultsCount(), "without the token it answers");
  }

  @Test
  void callersAndCalleesWalkDepthLevelsWithinTheFanOut() {
    var callers = stub.callers(CallersRequest.newBuilder().setName("d").setDepth(3).build());
    assertEquals(List.of("c 1", "f1 1", "f2 1", "f3 1", "b 2", "a 3"), callers.getResultsList().stream().map(r -> r.getName() + " " + r.getDepth()).toList());
    assertFalse(callers.getTruncated());
    assertEquals(List.of("c 1", "f1 1", "f2 1", "f3 1"), stub.callers(CallersRequest.newBuilder().setName("d").build())
        .getResultsList().stream().map(r -> r.getName() + " " + r.getDepth()).toList(), "depth 1 by default");
    var resolved = stub.callers(CallersRequest.newBuilder().setName("d").setPath("src/app/Chain.java").setDepth(3).build());
    assertEquals(List.of("c 1", "f1 1", "f2 1", "f3 1", "b 2", "a 3"), resolved.getResultsList().stream().map(r -> r.getName() + " " + r.getDepth()).toList());
    assertTrue(resolved.getResultsList().stream().allMatch(r -> r.getConfidence() == 1.0), "same file");
    var fanned = stub.callers(CallersRequest.newBuilder().setName("d").setDepth(3).setMaxFanOut(2).build());
    assertEquals(List.of("c 1", "f1 1", "b 2", "a 3"), fanned.getResultsList().stream().map(r -> r.getName() + " " + r.getDepth()).toList());
    assertTrue(fanned.getTruncated(), "d had more callers than the fan-out");
    assertEquals("", fanned.getNextPageToken(), "no page lists what the fan-out left out");
    var fannedPage = stub.callers(CallersRequest.newBuilder().setName("d").setDepth(3).setMaxFanOut(2).setLimit(3).build());
    assertEquals(List.of("c 1", "f1 1", "b 2"), fannedPage.getResultsList().stream().map(r -> r.getName() + " " + r.getDepth()).toList());
    var fannedNext = stub.callers(CallersRequest.newBuilder().setName("d").setDepth(3).setMaxFanOut(2).setLimit(3)
        .setPageToken(fannedPage.getNextPageToken()).build());
    assertEquals(List.of("a 3"), fannedNext.getResultsList().stream().map(r -> r.getName() + " " + r.getDepth()).toList());
    assertTrue(fannedNext.getTruncated(), "still capped");
    assertEquals("", fannedNext.getNextPageToken(), "and the last page");
    var callees = stub.callees(CalleesRequest.newBuilder().setName("a").setDepth(5).build());
    assertEquals(List.of("b 1 Chain.a", "c 2 Chain.b", "d 3 Chain.c"), callees.getResultsList().stream()
        .map(r -> r.getName() + " " + r.getDepth() + " " + r.getContainer()).toList());
    assertEquals("src/app/Chain.java", callees.getResults(2).getTargets(0).getPath());
    assertEquals(1, stub.callees(CalleesRequest.newBuilder().setName("a").build()).getResultsCount());
  }

  @Test
  void fileOutlineListsDefinitionsInSourceOrder() {
    var outline = stub.fileOutline(FileOutlineRequest.newBuilder().setPath("src/app/Names.java").build());
    assertEquals(List.of("1-1 module app  package", "2-8 class Names  public", "3-3 field symbolName Names private",
        "4-4 method getSymbolName Names public", "5-5 method getSize Names public", "6-6 method setSymbolName Names package",
        "7-7 class Inner Names package", "7-7 method getSN Names.Inner package"), outline.getResultsList().stream()
        .map(r -> r.getLine() + "-" + r.getEndLine() + " " + r.getKind() + " " + r.getName() + " " + r.getContainer() + " " + r.getVisibility()).toList());
    assertTrue(outline.getResultsList().stream().allMatch(r -> r.getLanguage().equals("java") && r.getPath().equals("src/app/Names.java")));
    assertFalse(outline.getTruncated());
    assertCode(Status.Code.NOT_FOUND, () -> stub.fileOutline(FileOutlineRequest.newBuilder().setPath("src/app/Missing.java").build()), "Missing.java");
    assertCode(Status.Code.NOT_FOUND, () -> stub.imports(ImportsRequest.newBuilder().setPath("src/app/Missing.java").build()), "Missing.java");
  }

  @Test
  void everyResponseIsStampedWithHeadAndGeneration() {
    var status = stub.status(StatusRequest.getDefaultInstance());
    String head = status.getHead();
    long generation = status.getGeneration();
    assertEquals(40, head.length(), "a git HEAD");
    assertTrue(generation > 0);
    var sync = stub.sync(SyncRequest.getDefaultInstance());
    assertEquals(head, sync.getHead());
    long g = sync.getGeneration();
    assertTrue(g >= generation);
    List<String> heads = List.of(
        stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("a").build()).getHead() + " "
            + stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("a").build()).getGeneration(),
        stub.findReferences(FindReferencesRequest.newBuilder().setName("a").build()).getHead() + " "
            + stub.findReferences(FindReferencesRequest.newBuilder().setName("a").build()).getGeneration(),
        stub.callers(CallersRequest.newBuilder().setName("a").build()).getHead() + " " + stub.callers(CallersRequest.newBuilder().setName("a").build()).getGeneration(),
        stub.callees(CalleesRequest.newBuilder().setName("a").build()).getHead() + " " + stub.callees(CalleesRequest.newBuilder().setName("a").build()).getGeneration(),
        stub.fileOutline(FileOutlineRequest.newBuilder().setPath("util.py").build()).getHead() + " "
            + stub.fileOutline(FileOutlineRequest.newBuilder().setPath("util.py").build()).getGeneration(),
        stub.dependents(DependentsRequest.newBuilder().setPath("util.py").build()).getHead() + " "
            + stub.dependents(DependentsRequest.newBuilder().setPath("util.py").build()).getGeneration(),
        stub.imports(ImportsRequest.newBuilder().setPath("m0.py").build()).getHead() + " "
            + stub.imports(ImportsRequest.newBuilder().setPath("m0.py").build()).getGeneration(),
        stub.delta(DeltaRequest.newBuilder().setSince("HEAD").build()).getHead() + " " + stub.delta(DeltaRequest.newBuilder().setSince("HEAD").build()).getGeneration());
    assertEquals(List.of(head + " " + g), heads.stream().distinct().toList());
  }

  @Test
  void malformedRequestsGetAClearStatusAndTheServerKeepsServing() {
    var defs = FindDefinitionsRequest.newBuilder().setName("getSize");
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.findDefinitions(defs.clone().setLimit(-1).build()), "limit");
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.findDefinitions(defs.clone().setMatchValue(42).build()), "match");
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.findDefinitions(defs.clone().addKinds("widget").build()), "widget", "method");
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.findDefinitions(defs.clone().addLanguages("cobol").build()), "cobol", "python");
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.findDefinitions(defs.clone().setPathPrefix("../").build()), "path");
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.findDefinitions(defs.clone().setPathPrefix("/etc").build()), "path");
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.findDefinitions(defs.clone().setName("").build()), "name");
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.callers(CallersRequest.newBuilder().setName("d").setDepth(6).build()), "depth");
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.callers(CallersRequest.newBuilder().setName("d").setDepth(-1).build()), "depth");
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.callees(CalleesRequest.newBuilder().setName("a").setMaxFanOut(-1).build()), "max_fan_out");
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.callers(CallersRequest.newBuilder().setName("d").setPath("../x.java").build()), "path");
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.imports(ImportsRequest.newBuilder().setPath("m0.py").setLimit(-2).build()), "limit");
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.delta(DeltaRequest.newBuilder().setSince("no-such-rev").build()));
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.findReferences(FindReferencesRequest.newBuilder().setName("x").setPageToken("%%").build()), "page_token");
    for (String escape : List.of("../etc/passwd", "/etc/passwd", "a/../../b", "./util.py", "a//b", "a\\b")) {
      assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.fileOutline(FileOutlineRequest.newBuilder().setPath(escape).build()), "path");
      assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.dependents(DependentsRequest.newBuilder().setPath(escape).build()), "path");
      assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.imports(ImportsRequest.newBuilder().setPath(escape).build()), "path");
    }
    assertEquals(List.of("src/app/Names.java:5 getSize method", "src/lib/names.py:4 getSize function"),
        rows(stub.findDefinitions(defs.build()).getResultsList()), "still serving");
  }

  @Test
  void aCallPastItsDeadlineFailsAndTheServerKeepsServing() throws Exception {
    backend.arm();
    assertCode(Status.Code.DEADLINE_EXCEEDED, () -> SymdexServiceGrpc.newBlockingStub(channel).withDeadlineAfter(200, TimeUnit.MILLISECONDS)
        .findDefinitions(FindDefinitionsRequest.newBuilder().setName("s").setMatch(MatchMode.MATCH_MODE_FUZZY).build()));
    assertEquals(2, stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("getSize").build()).getResultsCount());
  }
  @Test
  void aRepeatedQueryIsAnsweredAgainOnceTheIndexChanges() throws Exception {
    FindReferencesRequest refs = FindReferencesRequest.newBuilder().setName("helper").build();
    FileOutlineRequest outline = FileOutlineRequest.newBuilder().setPath("util.py").build();
    FindDefinitionsRequest defs = FindDefinitionsRequest.newBuilder().setName("helper2").build();
    var firstRefs = stub.findReferences(refs);
    assertEquals(5, firstRefs.getResultsCount());
    assertEquals(firstRefs, stub.findReferences(refs), "the same question at the same generation, the same answer");
    assertEquals(List.of("util.py:1 helper function"), rows(stub.fileOutline(outline).getResultsList()));
    assertEquals(0, stub.findDefinitions(defs).getResultsCount());

    write("m5.py", "import util\nutil.helper()\n");
    write("util.py", "def helper():\n    pass\n\ndef helper2():\n    pass\n");
    long generation = stub.sync(SyncRequest.getDefaultInstance()).getGeneration();

    var again = stub.findReferences(refs);
    assertEquals(generation, again.getGeneration());
    assertTrue(again.getGeneration() > firstRefs.getGeneration());
    assertEquals(6, again.getResultsCount(), "the new reference is there: " + rows(again.getResultsList()));
    assertEquals(List.of("util.py:1 helper function", "util.py:4 helper2 function"), rows(stub.fileOutline(outline).getResultsList()));
    assertEquals(1, stub.findDefinitions(defs).getResultsCount());
  }

  @Test
  void aSlowCallDoesNotHoldUpLookupsOnTheSameConnection() throws Exception {
    backend.arm(); // the next query is held until its call is cancelled
    Context.CancellableContext held = Context.current().withCancellation();
    var failed = new CompletableFuture<Throwable>();
    held.run(() -> SymdexServiceGrpc.newStub(channel).findDefinitions(
        FindDefinitionsRequest.newBuilder().setName("gsn").setMatch(MatchMode.MATCH_MODE_FUZZY).build(),
        new StreamObserver<>() {
          @Override
          public void onNext(FindDefinitionsResponse value) {}

          @Override
          public void onError(Throwable t) {
            failed.complete(t);
          }

          @Override
          public void onCompleted() {
            failed.complete(null);
          }
        }));
    backend.awaitEntered();
    for (int i = 0; i < 20; i++) { // the lookups are answered on the connection while the fuzzy scan is held
      assertEquals(2, stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("getSize").build()).getResultsCount());
      assertEquals(5, stub.findReferences(FindReferencesRequest.newBuilder().setName("helper").build()).getResultsCount());
    }
    assertFalse(failed.isDone(), "the held call is still running");
    held.cancel(null);
    assertEquals(Status.Code.CANCELLED, Status.fromThrowable(failed.get(30, TimeUnit.SECONDS)).getCode());
  }

  /**
   * Item 14 of issue 11: every string field of every request (found from the service's
   * descriptors, so a field added later is covered too) is capped; an oversized one is refused
   * with INVALID_ARGUMENT naming the field, and no status message ever echoes more than
   * {@value #ECHO_MAX} bytes of what was sent, over the cap or under it.
   */
  @Test
  void oversizedStringFieldsAreRefusedAndNoMessageEchoesMoreThan200BytesOfInput() {
    int methods = 0;
    for (MethodDescriptor<?, ?> m : SymdexServiceGrpc.getServiceDescriptor().getMethods()) {
      Message prototype =
          (Message) ((MethodDescriptor.PrototypeMarshaller<?>) m.getRequestMarshaller()).getMessagePrototype();
      for (var field : prototype.getDescriptorForType().getFields()) {
        if (field.getJavaType() != Descriptors.FieldDescriptor.JavaType.STRING) {
          continue;
        }
        String what = m.getBareMethodName() + "." + field.getName();
        Status over = call(m, request(prototype, field, "/" + "x".repeat(9_000)));
        assertEquals(Status.Code.INVALID_ARGUMENT, over.getCode(), what + " of 9 KB: " + over.getCode());
        assertTrue(over.getDescription().contains(field.getName()), what + ": the message names the field: " + over.getDescription());
        assertEchoesAtMost200Bytes(what + " of 9 KB", over, 'x');
        Status under = call(m, request(prototype, field, "/" + "y".repeat(3_000)));
        assertEchoesAtMost200Bytes(what + " of 3 KB", under, 'y');
        assertFalse(under.getCode() == Status.Code.INTERNAL || under.getCode() == Status.Code.UNKNOWN, what + " of 3 KB: " + under);
      }
      methods++;
    }
    assertEquals(16, methods, "every RPC");
    assertEquals(2, stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("getSize").build()).getResultsCount(), "still serving");
  }

  static final int ECHO_MAX = 200;

  private static Message request(Message prototype,
      Descriptors.FieldDescriptor field, String value) {
    var b = prototype.newBuilderForType();
    if (field.isRepeated()) {
      b.addRepeatedField(field, value);
    } else {
      b.setField(field, value);
    }
    return b.build();
  }

  /** The status of one call (OK when it answered); a stream is read to its end. */
  @SuppressWarnings("unchecked")
  private Status call(MethodDescriptor<?, ?> m, Message request) {
    var method = (MethodDescriptor<Message, Message>) m;
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS);
    try {
      if (m.getType() == MethodDescriptor.MethodType.UNARY) {
        ClientCalls.blockingUnaryCall(channel, method, options, request);
      } else {
        var it = ClientCalls.blockingServerStreamingCall(channel, method,
            options.withDeadlineAfter(300, TimeUnit.MILLISECONDS), request);
        while (it.hasNext()) {
          it.next();
        }
      }
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }

  private static void assertEchoesAtMost200Bytes(String what, Status status, char filler) {
    String d = String.valueOf(status.getDescription());
    assertFalse(d.contains(String.valueOf(filler).repeat(ECHO_MAX + 1)), what + " echoes more than " + ECHO_MAX + " bytes: "
        + d.length() + " chars, " + status.getCode());
  }
}
