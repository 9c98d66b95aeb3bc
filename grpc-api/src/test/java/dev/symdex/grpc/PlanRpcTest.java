package dev.symdex.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.proto.v1.PlanItem;
import dev.symdex.proto.v1.PlanReason;
import dev.symdex.proto.v1.PlanRequest;
import dev.symdex.proto.v1.PlanResponse;
import dev.symdex.proto.v1.PlanSignal;
import dev.symdex.proto.v1.PlanSpan;
import dev.symdex.proto.v1.SubscribeRequest;
import dev.symdex.proto.v1.SubscribeResponse;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import dev.symdex.proto.v1.SyncRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plan over a real in-process gRPC server, on a real engine and LMDB over a git repository made by
 * JGit: the ranked files with reasons and spans, the packing within the budget, the request's
 * bounds, an edit that moves the plan within one Sync, and Subscribe's rank changes.
 */
class PlanRpcTest {
  private static final String REFUNDS = "src/pay/Refunds.java";

  @TempDir Path root;
  @TempDir Path data;

  private EngineBackend backend;
  private SymdexGrpcServer server;
  private ManagedChannel channel;
  private SymdexServiceGrpc.SymdexServiceBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    write("src/shop/Basket.java", "package shop;\npublic class Basket {\n  public void addItem(Item i) { new Ledger().record(i); }\n}\n");
    write("src/shop/Item.java", "package shop;\npublic class Item {\n  public int price() { return 1; }\n}\n");
    write("src/shop/Ledger.java", "package shop;\nclass Ledger {\n  void record(Item i) {}\n}\n");
    write("src/util/Strings.java", "package util;\npublic class Strings {\n  public static String pad(String s) { return s; }\n}\n");
    write("test/shop/BasketTest.java", "package shop;\nclass BasketTest {\n  void adds() { new Basket().addItem(new Item()); }\n}\n");
    try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent("t", "t@example.com");
      git.commit().setMessage("shop").setAuthor(who).setCommitter(who).setSign(false).call();
    }
    backend = new EngineBackend(root, data.resolve("index"));
    String name = InProcessServerBuilder.generateName();
    server = SymdexGrpcServer.create(InProcessServerBuilder.forName(name), backend).start();
    channel = InProcessChannelBuilder.forName(name).build();
    stub = SymdexServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
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
    Files.writeString(p, text, StandardCharsets.UTF_8);
  }

  private PlanResponse plan(String task, int budget) {
    return stub.plan(PlanRequest.newBuilder().setTask(task).setTokenBudget(budget).build());
  }

  private static List<String> paths(PlanResponse r) {
    return r.getItemsList().stream().map(PlanItem::getPath).toList();
  }

  @Test
  void theFileTheTaskNamesComesFirstWithReasonsSpansAndAPackingWithinBudget() {
    PlanResponse r = plan("add an item to the basket", 1000);
    assertEquals(40, r.getHead().length(), "a git HEAD");
    assertTrue(r.getGeneration() > 0);
    PlanItem first = r.getItems(0);
    assertEquals("src/shop/Basket.java", first.getPath(), paths(r).toString());
    assertTrue(first.getScore() > 0);
    assertTrue(first.getReasonsList().stream().anyMatch(x -> x.getSignal() == PlanSignal.PLAN_SIGNAL_LEXICAL
        && x.getDetail().contains("basket")), first.getReasonsList().toString());
    assertEquals(first.getScore(), first.getReasonsList().stream().mapToDouble(PlanReason::getWeight).sum(), 1e-9);
    assertTrue(first.getSpansList().stream().anyMatch(s -> s.getName().equals("Basket.addItem") && s.getKind().equals("method")
        && s.getLine() == 3 && s.getEndLine() == 3), first.getSpansList().toString());
    assertTrue(r.getPacking().getTokens() > 0 && r.getPacking().getTokens() <= 1000, "tokens " + r.getPacking().getTokens());
    assertEquals(1000, r.getPacking().getBudget());
    assertEquals("src/shop/Basket.java", r.getPacking().getPacked(0).getPath());
    assertTrue(r.getText().contains("addItem"), r.getText());
  }

  @Test
  void signalsRestrictTheReasonsAndTheDefaultBudgetIs8000() {
    PlanResponse r = stub.plan(PlanRequest.newBuilder().setTask("basket").addSignals(PlanSignal.PLAN_SIGNAL_LEXICAL).build());
    assertFalse(r.getItemsList().isEmpty());
    for (PlanItem item : r.getItemsList()) {
      for (PlanReason reason : item.getReasonsList()) {
        assertEquals(PlanSignal.PLAN_SIGNAL_LEXICAL, reason.getSignal(), item.getPath());
      }
    }
    assertEquals(PlanMapper.DEFAULT_BUDGET, r.getPacking().getBudget());
    assertEquals(1, stub.plan(PlanRequest.newBuilder().setTask("basket").setLimit(1).build()).getItemsCount());
  }

  @Test
  void aBudgetOutOfBoundsAnEmptyTaskOrAnUnknownSignalIsInvalid() {
    for (PlanRequest bad : List.of(
        PlanRequest.newBuilder().setTask("basket").setTokenBudget(100).build(),
        PlanRequest.newBuilder().setTask("basket").setTokenBudget(300_000).build(),
        PlanRequest.newBuilder().setTask("basket").setTokenBudget(-1).build(),
        PlanRequest.newBuilder().setTask("basket").setLimit(-1).build(),
        PlanRequest.newBuilder().setTask("  ").build(),
        PlanRequest.newBuilder().setTask("basket").addSignals(PlanSignal.PLAN_SIGNAL_UNSPECIFIED).build())) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.plan(bad));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), bad.toString());
    }
    assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class,
        () -> stub.plan(PlanRequest.newBuilder().setTask("basket").setProject("nope").build())).getStatus().getCode());
  }

  /** Issue 13, "done when": an edit moves Plan's answer within one Sync. */
  @Test
  void aNewDefinitionMatchingTheTaskIsInThePlanAfterOneSync() throws Exception {
    String task = "refund the payment";
    assertFalse(paths(plan(task, 2000)).contains(REFUNDS));
    write(REFUNDS, "package pay;\npublic class Refunds {\n  public void refundPayment(long cents) {}\n}\n");
    long generation = stub.sync(SyncRequest.getDefaultInstance()).getGeneration();
    PlanResponse after = plan(task, 2000);
    assertEquals(generation, after.getGeneration());
    assertEquals(REFUNDS, after.getItems(0).getPath(), paths(after).toString());
    assertEquals(List.of("Refunds.refundPayment"), after.getItems(0).getSpansList().stream().map(PlanSpan::getName)
        .filter(n -> n.contains("refund")).toList());
  }

  @Test
  void aSubscriptionWithATaskIsToldWhenItsTopFilesChange() throws Exception {
    BlockingQueue<SubscribeResponse> got = new LinkedBlockingQueue<>();
    ClientCallStreamObserver<SubscribeRequest>[] call = new ClientCallStreamObserver[1];
    SymdexServiceGrpc.newStub(channel).subscribe(SubscribeRequest.newBuilder().setPlanTask("refund the payment").setPlanTop(3).build(),
        new ClientResponseObserver<SubscribeRequest, SubscribeResponse>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
            call[0] = requestStream;
          }

          @Override
          public void onNext(SubscribeResponse r) {
            got.add(r);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        });
    SubscribeResponse initial = got.poll(30, TimeUnit.SECONDS);
    assertNotNull(initial, "the first message is the current top");
    assertTrue(initial.hasPlanRanks());
    assertFalse(initial.getPlanRanks().getTopList().contains(REFUNDS));
    assertTrue(initial.getPlanRanks().getTopCount() <= 3);
    assertEquals(initial.getPlanRanks().getTopList(), initial.getPlanRanks().getAddedList(), "at first, every file is new");

    write(REFUNDS, "package pay;\npublic class Refunds {\n  public void refundPayment(long cents) {}\n}\n");
    long generation = stub.sync(SyncRequest.getDefaultInstance()).getGeneration();
    SubscribeResponse ranks = null;
    for (SubscribeResponse r = got.poll(30, TimeUnit.SECONDS); r != null; r = got.poll(30, TimeUnit.SECONDS)) {
      if (r.hasPlanRanks()) {
        ranks = r;
        break;
      }
      assertEquals(generation, r.getGeneration(), "the generation's file changes");
    }
    assertNotNull(ranks, "a rank change after the edit");
    assertEquals(generation, ranks.getGeneration());
    assertEquals(REFUNDS, ranks.getPlanRanks().getTop(0));
    assertEquals(List.of(REFUNDS), ranks.getPlanRanks().getAddedList());
    call[0].cancel("done", null);
  }

  @Test
  void aSubscriptionWithoutATaskCarriesNoRanks() throws Exception {
    var it = SymdexServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
        .subscribe(SubscribeRequest.getDefaultInstance());
    for (int i = 0; i < 3000 && backend.changes().subscribers() == 0; i++) {
      Thread.sleep(10);
    }
    write(REFUNDS, "package pay;\npublic class Refunds {\n  public void refundPayment(long cents) {}\n}\n");
    stub.sync(SyncRequest.getDefaultInstance());
    SubscribeResponse r = it.next();
    assertFalse(r.hasPlanRanks());
    assertEquals(REFUNDS, r.getFiles(0).getPath());
  }
}
