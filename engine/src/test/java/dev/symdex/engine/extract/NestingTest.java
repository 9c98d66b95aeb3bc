package dev.symdex.engine.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.codec.FactsCodec;
import dev.symdex.engine.model.Definition;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.testing.Nested;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: classes nested thousands deep (20,000 took 5.5 GB and wedged the index loop, because
 * every definition carried its full dotted container). Nesting is capped; what is deeper is kept,
 * flattened; a file whose facts would pass the per-file budget is given up with a reason.
 */
class NestingTest {
  static byte[] deepJava(int depth) {
    return Nested.deepJava(depth);
  }

  static byte[] wideJava(int width) {
    return Nested.wideJava(width);
  }

  static FileFacts facts(Extraction x) {
    assertTrue(x.facts().isPresent(), x.failure());
    return x.facts().get();
  }

  @Test
  void definitionsDeeperThanTheCapAreKeptUnderTheDeepestContainer() {
    int depth = 3000;
    Extraction x = new FactExtractor(60_000).extract(Language.JAVA, deepJava(depth));
    FileFacts f = facts(x);
    assertEquals(depth + 1, f.definitions().size(), "every class and the method are kept");
    int cap = FactExtractor.MAX_NESTING_DEPTH;
    String deepest = f.definitions().get(cap).container();
    assertEquals(cap, deepest.split("\\.").length, deepest);
    for (int i = 0; i <= depth; i++) {
      Definition d = f.definitions().get(i);
      String expected = i <= cap ? String.join(".", IntStream.range(0, i).mapToObj(k -> "C" + k).toList()) : deepest;
      assertEquals(expected, d.container(), "definition " + i);
    }
    Definition leaf = f.definitions().get(depth);
    assertEquals("leaf", leaf.name());
    assertEquals(List.of(depth), f.calls().stream().map(c -> c.caller()).toList(), "the call is made in leaf");
    assertTrue(x.partial().contains((depth - cap) + " definitions nested deeper than " + cap), x.partial());
  }

  @Test
  void ordinaryNestingIsNotPartial() {
    Extraction x = new FactExtractor(5_000).extract(Language.JAVA, deepJava(FactExtractor.MAX_NESTING_DEPTH));
    assertEquals("", x.partial());
    assertEquals(FactExtractor.MAX_NESTING_DEPTH + 1, facts(x).definitions().size());
  }

  /** The facts of a deep file, encoded, grow in proportion to its depth. */
  @Test
  void encodedFactsGrowLinearlyWithDepth() {
    FactExtractor extractor = new FactExtractor(60_000);
    int small = FactsCodec.encode(facts(extractor.extract(Language.JAVA, deepJava(2000)))).length;
    int large = FactsCodec.encode(facts(extractor.extract(Language.JAVA, deepJava(4000)))).length;
    assertTrue(large < 2.2 * small, "twice the depth: " + small + " -> " + large + " bytes");
    assertTrue(large < 4000 * 24, large + " bytes for 4,000 nested classes");
  }

  @Test
  void aFileWhoseFactsPassTheBudgetIsGivenUpWithAReason() {
    Extraction x = new FactExtractor(60_000, 64 * 1024).extract(Language.JAVA, deepJava(3000));
    assertTrue(x.facts().isEmpty());
    assertTrue(x.overBudget());
    assertTrue(x.failure().contains("facts would take more than 65536 bytes"), x.failure());
    Extraction wide = new FactExtractor(60_000, 64 * 1024).extract(Language.JAVA, wideJava(3000));
    assertTrue(wide.overBudget(), "many siblings cost their rows too");
    assertTrue(new FactExtractor(60_000, 64 * 1024).extract(Language.JAVA, wideJava(20)).facts().isPresent());
  }

  @Test
  void callersInAWideFileAreTheirOwnMethods() {
    FileFacts f = facts(new FactExtractor(60_000).extract(Language.JAVA, wideJava(2000)));
    assertEquals(2000, f.calls().size());
    for (int i = 0; i < 2000; i++) {
      Definition caller = f.definitions().get(f.calls().get(i).caller());
      assertEquals("m" + i, caller.name());
      assertEquals("W.C" + i, caller.container());
    }
    assertFalse(f.definitions().isEmpty());
  }
}
