package dev.symdex.engine.query.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.index.ChangeSet;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.ProgressListener;
import dev.symdex.engine.query.Searcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plan on a real index of a real git repository (made by JGit): each signal's effect, shown by
 * turning it off, the reasons, spans, packing to a budget, determinism, and an edit that moves the
 * answer.
 */
class PlannerTest {
  @TempDir Path root;
  @TempDir Path data;
  private Engine engine;
  private Git git;
  private int clock;
  private final Planner planner = new Planner(TokenCounter.o200k());
  private PlanIndex index;

  @BeforeEach
  void repo() throws Exception {
    git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call();
    write("src/shop/Basket.java", "package shop;\npublic class Basket {\n  public void addItem(Item i) { new Ledger().record(i); }\n}\n");
    write("src/shop/Item.java", "package shop;\npublic class Item {\n  public int price() { return 1; }\n}\n");
    write("src/shop/Ledger.java", "package shop;\nclass Ledger {\n  void record(Item i) {}\n}\n");
    write("src/shop/Invoice.java", "package shop;\nclass Invoice {\n  void print() {}\n}\n");
    write("src/shop/Receipt.java", "package shop;\nclass Receipt {\n  void print() {}\n}\n");
    write("src/util/Strings.java", "package util;\npublic class Strings {\n  public static String pad(String s) { return s; }\n}\n");
    write("test/shop/BasketTest.java", "package shop;\nclass BasketTest {\n  void adds() {}\n}\n");
    commit("first");
    // History: Basket changes with Invoice three times, with Receipt once (the last commit).
    for (int i = 0; i < 3; i++) {
      append("src/shop/Basket.java", "// b" + i + "\n");
      append("src/shop/Invoice.java", "// i" + i + "\n");
      commit("basket and invoice " + i);
    }
    append("src/shop/Basket.java", "// r\n");
    append("src/shop/Receipt.java", "// r\n");
    commit("basket and receipt");
    engine = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS);
    apply();
    index = new PlanIndex(root);
  }

  @AfterEach
  void close() {
    engine.close();
    git.close();
  }

  private void write(String rel, String text) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(p, FileTime.from(now())); // as if written at the fixture's clock, before the next commit
  }

  /** The fixture's clock: one minute per commit. */
  private Instant now() {
    return Instant.ofEpochSecond(1_700_000_000L + 60L * clock);
  }

  private void append(String rel, String text) throws Exception {
    write(rel, Files.readString(root.resolve(rel), StandardCharsets.UTF_8) + text);
  }

  private void commit(String message) throws Exception {
    git.add().addFilepattern(".").call();
    PersonIdent who = new PersonIdent("t", "t@example.com", now(), ZoneOffset.UTC);
    clock++;
    git.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
  }

  private void apply() throws Exception {
    engine.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
  }

  private List<Plan.Item> rank(String task, Set<Signal> signals) throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      return index.with(s, view -> planner.rank(view, task, signals, 50));
    }
  }

  private Plan plan(String task, int budget) throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      return index.with(s, view -> planner.plan(view, task, budget, EnumSet.allOf(Signal.class), 50));
    }
  }

  private static List<String> paths(List<Plan.Item> items) {
    return items.stream().map(Plan.Item::path).toList();
  }

  private static Optional<Plan.Item> item(List<Plan.Item> items, String path) {
    return items.stream().filter(i -> i.path().equals(path)).findFirst();
  }

  @Test
  void theFileNamedByTheTaskComesFirstWithTheTermsAsItsReasonAndItsMatchingMethodAsASpan() throws Exception {
    List<Plan.Item> items = rank("Basket: adding an item twice", EnumSet.allOf(Signal.class));
    Plan.Item first = items.get(0);
    assertEquals("src/shop/Basket.java", first.path());
    Plan.Reason lexical = first.reasons().stream().filter(r -> r.signal() == Signal.LEXICAL).findFirst().orElseThrow();
    assertTrue(lexical.detail().contains("basket"), lexical.detail());
    assertEquals("Basket.addItem", first.spans().get(0).name(), "addItem shares 'add' and 'item' with the task");
    assertEquals(first.score(), first.reasons().stream().mapToDouble(Plan.Reason::weight).sum(), 1e-9);
  }

  @Test
  void coChangeDecidesBetweenFilesTheTaskDoesNotName() throws Exception {
    List<String> all = paths(rank("Basket totals", EnumSet.allOf(Signal.class)));
    assertTrue(all.indexOf("src/shop/Invoice.java") >= 0 && all.indexOf("src/shop/Invoice.java") < all.indexOf("src/shop/Receipt.java"),
        "changed with Basket three times beats once: " + all);
    Set<Signal> noHistoryButRecency = EnumSet.of(Signal.LEXICAL, Signal.GRAPH, Signal.RECENCY, Signal.TESTS);
    List<String> noCoChange = paths(rank("Basket totals", noHistoryButRecency));
    assertTrue(noCoChange.indexOf("src/shop/Receipt.java") < noCoChange.indexOf("src/shop/Invoice.java")
        || !noCoChange.contains("src/shop/Invoice.java"), "without co-change, recency puts Receipt first: " + noCoChange);
  }

  @Test
  void aTestIsDrawnInByTheFileItTests() throws Exception {
    List<Plan.Item> items = rank("Basket totals", EnumSet.of(Signal.LEXICAL, Signal.TESTS));
    Plan.Item test = item(items, "test/shop/BasketTest.java").orElseThrow();
    assertTrue(test.reasons().stream().anyMatch(r -> r.signal() == Signal.TESTS && r.detail().equals("test of src/shop/Basket.java")),
        test.reasons().toString());
    List<Plan.Item> withoutTests = rank("Basket totals", EnumSet.of(Signal.LEXICAL));
    assertTrue(item(withoutTests, "test/shop/BasketTest.java").map(i -> i.score() < test.score()).orElse(true));
  }

  @Test
  void theGraphBringsInWhatTheMatchCallsAndImports() throws Exception {
    List<String> withGraph = paths(rank("Basket totals", EnumSet.of(Signal.LEXICAL, Signal.GRAPH)));
    assertTrue(withGraph.contains("src/shop/Ledger.java"), "Basket calls Ledger.record: " + withGraph);
    assertFalse(withGraph.contains("src/util/Strings.java"), "nothing links Strings to Basket: " + withGraph);
    assertFalse(paths(rank("Basket totals", EnumSet.of(Signal.LEXICAL))).contains("src/shop/Ledger.java"));
  }

  @Test
  void thePackingFitsTheBudgetAndTheSameTaskGivesTheSamePlan() throws Exception {
    for (int budget : new int[] {100, 400, 1500}) {
      Plan a = plan("Basket: adding an item twice", budget);
      assertTrue(a.packing().tokens() <= budget, a.packing().tokens() + " > " + budget);
      assertEquals(TokenCounter.o200k().count(a.packing().text()), a.packing().tokens());
      assertEquals(a, plan("Basket: adding an item twice", budget));
    }
    Plan small = plan("Basket: adding an item twice", 230);
    assertEquals(Packing.Fill.FILLED, small.packing().fill(), "230 tokens of 8 files fill to 95 %: " + small.packing());
    Plan all = plan("Basket: adding an item twice", 5000);
    assertEquals(Packing.Fill.RAN_OUT, all.packing().fill(), "every file fits whole");
    assertTrue(all.packing().items().stream().allMatch(p -> p.kind().equals("file")), all.packing().items().toString());
  }

  @Test
  void anEditMovesThePlanAtTheNextGeneration() throws Exception {
    assertFalse(paths(rank("apply the discount coupon", EnumSet.allOf(Signal.class))).contains("src/shop/Coupons.java"));
    write("src/shop/Coupons.java", "package shop;\nclass Coupons {\n  int applyDiscountCoupon(int p) { return p; }\n}\n");
    // Saved after HEAD last moved (the reflog keeps real time, to the second).
    Files.setLastModifiedTime(root.resolve("src/shop/Coupons.java"), FileTime.from(Instant.now().plusSeconds(2)));
    apply();
    List<Plan.Item> items = rank("apply the discount coupon", EnumSet.allOf(Signal.class));
    assertEquals("src/shop/Coupons.java", items.get(0).path());
    assertTrue(items.get(0).reasons().stream().anyMatch(r -> r.signal() == Signal.RECENCY), "edited since the last commit");
  }

  @Test
  void aSweepCommitMakesNothingRecent() throws Exception {
    for (int i = 0; i < dev.symdex.engine.git.ChangeHistory.CO_CHANGE_MAX_FILES; i++) {
      write("src/gen/Part" + i + ".java", "package gen;\nclass Part" + i + " {}\n");
    }
    append("src/util/Strings.java", "// reformatted\n");
    commit("reformat everything"); // one commit over more than 50 files
    apply();
    List<Plan.Item> items = rank("Strings Receipt Part7", EnumSet.of(Signal.LEXICAL, Signal.RECENCY));
    Plan.Item receipt = item(items, "src/shop/Receipt.java").orElseThrow();
    assertTrue(receipt.reasons().stream().anyMatch(r -> r.signal() == Signal.RECENCY && r.detail().equals("changed 1 commits ago")),
        "the sweep takes a place in the window: " + receipt.reasons());
    Plan.Item strings = item(items, "src/util/Strings.java").orElseThrow();
    assertTrue(strings.reasons().stream().anyMatch(r -> r.signal() == Signal.RECENCY && r.detail().equals("changed 5 commits ago")),
        "recent by the first commit, not by the sweep: " + strings.reasons());
    Plan.Item part = item(items, "src/gen/Part7.java").orElseThrow();
    assertTrue(part.reasons().stream().noneMatch(r -> r.signal() == Signal.RECENCY), "only the sweep changed it: " + part.reasons());
  }

  @Test
  void aPastCommitWhoseMessageReadsLikeTheTaskBringsInTheFilesItChanged() throws Exception {
    append("src/shop/Ledger.java", "// rounding\n");
    commit("Fix the discount rounding when totals are negative");
    append("src/util/Strings.java", "// later\n");
    commit("pad strings");
    apply();
    String task = "discount rounding is off by one cent";
    Plan.Item first = rank(task, EnumSet.of(Signal.LEXICAL, Signal.COMMITS)).get(0);
    assertEquals("src/shop/Ledger.java", first.path(), "no name or definition says 'discount': only the past commit does");
    Plan.Reason why = first.reasons().stream().filter(r -> r.signal() == Signal.COMMITS).findFirst().orElseThrow();
    assertTrue(why.detail().endsWith("\"Fix the discount rounding when totals are negative\""), why.detail());
    assertFalse(paths(rank(task, EnumSet.of(Signal.LEXICAL))).contains("src/shop/Ledger.java"), "without the signal");
    assertTrue(item(rank(task, EnumSet.allOf(Signal.class)), "src/shop/Ledger.java").orElseThrow().reasons().contains(why),
        "with every signal it is among the reasons");
  }

  @Test
  void aFileThatOnlyCallsANameMatchesItBelowTheFileDefiningIt() throws Exception {
    List<String> ranked = paths(rank("record", EnumSet.of(Signal.LEXICAL)));
    assertTrue(ranked.contains("src/shop/Basket.java"), "Basket calls Ledger.record: " + ranked);
    assertTrue(ranked.indexOf("src/shop/Ledger.java") < ranked.indexOf("src/shop/Basket.java"), "Ledger defines it: " + ranked);
    assertFalse(ranked.contains("src/shop/Invoice.java"), "Invoice never names it: " + ranked);
  }
}
