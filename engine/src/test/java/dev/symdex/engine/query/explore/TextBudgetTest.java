package dev.symdex.engine.query.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.query.plan.TokenCounter;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Cutting sections to a token budget: earlier sections keep more, every cut is said, the count holds. */
class TextBudgetTest {
  private static List<String> items(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> "  " + prefix + " item number " + i + " with a few words\n").toList();
  }

  private static final List<TextBudget.Block> BLOCKS = List.of(
      new TextBudget.Block("first", 50, items("a", 20)),
      new TextBudget.Block("second", 20, items("b", 20)),
      new TextBudget.Block("third", 20, items("c", 20)));

  @Test
  void noBudgetOrAnAmpleOneKeepsEverything() {
    String whole = TextBudget.assemble("# p\n", BLOCKS);
    assertTrue(whole.contains("## first (shown 20 of 50)\n") && whole.contains("  c item number 19"), whole);
    TextBudget.Fitted ample = TextBudget.fit("# p\n", BLOCKS, 100_000);
    assertEquals(whole, ample.text());
    assertFalse(ample.cut());
    assertEquals(whole, TextBudget.fit("# p\n", BLOCKS, 0).text());
    assertThrows(IllegalArgumentException.class, () -> TextBudget.fit("# p\n", BLOCKS, -1));
  }

  @Test
  void earlierSectionsKeepMoreAndEverySectionGetsAFewItemsFirst() {
    TextBudget.Fitted fitted = TextBudget.fit("# p\n", BLOCKS, 200);
    String t = fitted.text();
    assertTrue(fitted.cut());
    assertTrue(TokenCounter.o200k().count(t) <= 200, t);
    assertTrue(t.contains("  c item number 2 "), "each section gets its first items before any gets more: " + t);
    int first = count(t, "  a item");
    int second = count(t, "  b item");
    int third = count(t, "  c item");
    assertTrue(first > second && second >= third, first + " " + second + " " + third);
    assertTrue(t.contains("## first (shown " + first + " of 50)\n"), "the header counts what is shown: " + t);
    assertTrue(t.endsWith("sections show fewer items, for more raise --budget, narrow with --focus PATH|SYMBOL, or lower --detail\n"), t);
  }

  @Test
  void aTinyBudgetLeavesSectionsOutAndStillFits() {
    for (int budget = 1; budget < 120; budget += 7) {
      TextBudget.Fitted fitted = TextBudget.fit("# project with a long preamble line\n", BLOCKS, budget);
      assertTrue(TokenCounter.o200k().count(fitted.text()) <= budget, budget + ": " + fitted.text());
      assertEquals(TokenCounter.o200k().count(fitted.text()), fitted.tokens());
    }
    String t = TextBudget.fit("# p\n", BLOCKS, 60).text();
    assertTrue(t.contains("later sections left out"), t);
  }

  private static int count(String text, String needle) {
    return text.split(needle, -1).length - 1;
  }
}
