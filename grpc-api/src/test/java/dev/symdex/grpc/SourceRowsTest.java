package dev.symdex.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.proto.v1.CalleesRequest;
import dev.symdex.proto.v1.CallersRequest;
import dev.symdex.proto.v1.FileOutlineRequest;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.FindReferencesRequest;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import dev.symdex.proto.v1.SyncRequest;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows with their source line and enclosing definition, over a real in-process gRPC server on a
 * real engine and LMDB: each row's text is its line of the file, references and calls name the
 * definition they sit in, and a file edited after indexing gives no line (and says so) rather than
 * a wrong one, until it is indexed again.
 */
class SourceRowsTest {
  private static final String SHOP = "package shop;\n"
      + "public class Shop {\n"
      + "  private final Ledger ledger = new Ledger();\n"
      + "\n"
      + "  public void sell(Item item) {\n"
      + "    \t  ledger.record(item);   \n"
      + "  }\n"
      + "\n"
      + "  class Inner {\n"
      + "    void again() { ledger.record(null); }\n"
      + "  }\n"
      + "}\n";
  private static final String LEDGER = "package shop;\r\nclass Ledger {\r\n  void record(Item i) {}\r\n}\r\n";

  @TempDir Path root;
  @TempDir Path data;

  private EngineBackend backend;
  private SymdexGrpcServer server;
  private ManagedChannel channel;
  private SymdexServiceGrpc.SymdexServiceBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    write("src/shop/Shop.java", SHOP);
    write("src/shop/Ledger.java", LEDGER);
    write("src/shop/Item.java", "package shop;\npublic class Item {}\n");
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

  private static Result at(List<Result> rows, String path, int line) {
    return rows.stream().filter(r -> r.getPath().equals(path) && r.getLine() == line).findFirst()
        .orElseThrow(() -> new AssertionError("no row at " + path + ":" + line + " in " + rows));
  }

  @Test
  void definitionRowsCarryTheirLineTrimmedOnlyWhenAsked() {
    List<Result> plain = stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("record").build()).getResultsList();
    assertEquals("", at(plain, "src/shop/Ledger.java", 3).getSource());
    assertFalse(at(plain, "src/shop/Ledger.java", 3).getSourceStale());

    List<Result> rows = stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("record").setWithSource(true).build())
        .getResultsList();
    Result record = at(rows, "src/shop/Ledger.java", 3);
    assertEquals("void record(Item i) {}", record.getSource(), "CRLF line, trimmed");
    assertFalse(record.getSourceStale());
    assertFalse(record.hasEnclosing(), "a definition's container says where it is");

    List<Result> outline = stub.fileOutline(FileOutlineRequest.newBuilder().setPath("src/shop/Shop.java").setWithSource(true).build())
        .getResultsList();
    assertEquals("public class Shop {", at(outline, "src/shop/Shop.java", 2).getSource());
    assertEquals("public void sell(Item item) {", at(outline, "src/shop/Shop.java", 5).getSource());
  }

  @Test
  void referencesCarryTheirLineAndTheInnermostDefinitionHoldingThem() {
    List<Result> rows = stub.findReferences(FindReferencesRequest.newBuilder().setName("ledger").setWithSource(true).build())
        .getResultsList();
    Result inSell = at(rows, "src/shop/Shop.java", 6);
    assertEquals("ledger.record(item);", inSell.getSource(), "tabs and spaces trimmed on both sides");
    assertEquals("sell", inSell.getEnclosing().getName());
    assertEquals("method", inSell.getEnclosing().getKind());
    assertEquals("Shop", inSell.getEnclosing().getContainer());
    assertEquals(5, inSell.getEnclosing().getLine());
    assertEquals(7, inSell.getEnclosing().getEndLine());

    Result inInner = at(rows, "src/shop/Shop.java", 10);
    assertEquals("again", inInner.getEnclosing().getName(), "the innermost of Shop, Inner and again");
    assertEquals("Shop.Inner", inInner.getEnclosing().getContainer());

    List<Result> types = stub.findReferences(FindReferencesRequest.newBuilder().setName("Ledger").build()).getResultsList();
    Result field = at(types, "src/shop/Shop.java", 3);
    assertEquals("ledger", field.getEnclosing().getName(), "a field initializer sits in its field");
    assertEquals("", field.getSource(), "no source unless asked");
  }

  @Test
  void callersAndCalleesNameTheCallingDefinitionWithItsSpan() {
    List<Result> callers = stub.callers(CallersRequest.newBuilder().setName("record").setWithSource(true).build()).getResultsList();
    Result sell = at(callers, "src/shop/Shop.java", 6);
    assertEquals("sell", sell.getName());
    assertEquals("sell", sell.getEnclosing().getName());
    assertEquals(5, sell.getEnclosing().getLine());
    assertEquals("ledger.record(item);", sell.getSource());
    assertEquals("again", at(callers, "src/shop/Shop.java", 10).getEnclosing().getName());

    List<Result> callees = stub.callees(CalleesRequest.newBuilder().setName("again").setWithSource(true).build()).getResultsList();
    Result call = at(callees, "src/shop/Shop.java", 10);
    assertEquals("record", call.getName());
    assertEquals("again", call.getEnclosing().getName());
    assertEquals("void again() { ledger.record(null); }", call.getSource());
  }

  @Test
  void aFileEditedAfterIndexingGivesNoLineUntilIndexedAgain() throws Exception {
    // Same line count, different text: an unchecked read would give "// moved" for line 3.
    write("src/shop/Ledger.java", "package shop;\nclass Ledger {\n  // moved\n  void record(Item i) {}\n}\n");
    List<Result> rows = stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("record").setWithSource(true).build())
        .getResultsList();
    Result stale = at(rows, "src/shop/Ledger.java", 3);
    assertEquals("", stale.getSource());
    assertTrue(stale.getSourceStale());

    Files.delete(root.resolve("src/shop/Shop.java"));
    Result gone = at(stub.findReferences(FindReferencesRequest.newBuilder().setName("ledger").setWithSource(true).build())
        .getResultsList(), "src/shop/Shop.java", 6);
    assertTrue(gone.getSourceStale(), "a removed file gives no line either");
    assertEquals("sell", gone.getEnclosing().getName(), "the enclosing definition comes from the index");

    stub.sync(SyncRequest.getDefaultInstance());
    Result fresh = at(stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("record").setWithSource(true).build())
        .getResultsList(), "src/shop/Ledger.java", 4);
    assertEquals("void record(Item i) {}", fresh.getSource());
    assertFalse(fresh.getSourceStale());
  }
}
