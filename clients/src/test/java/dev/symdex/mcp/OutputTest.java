package dev.symdex.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputTest {
  private static Output hundredRows() {
    Output out = new Output(Output.stamp("0123456789abcdef", 7, 0), "rows").heading("location  kind  name  source");
    for (int i = 0; i < 100; i++) {
      out.row("src/File" + i + ".java:" + (i + 1) + "  method  Foo.bar" + i + "  | void bar" + i + "() {}", "rows", Map.of("i", i));
    }
    return out;
  }

  @Test
  void allRowsFitThenNothingIsSaidAboutCutting() {
    Output.Rendered r = hundredRows().render(1_000_000);
    assertEquals(100, r.shown());
    assertEquals(0, r.omitted());
    assertFalse(r.text().contains("more rows"));
    assertTrue(r.text().startsWith("head 0123456789ab  generation 7  pending_changes 0\nlocation  kind  name  source\nsrc/File0.java:1"), r.text());
    assertEquals(100, r.structured().get("rows").size());
  }

  @Test
  void rowsThatDoNotFitAreCountedInAnExplicitLastLineWithinTheCap() {
    Output.Rendered r = hundredRows().render(1_000);
    assertTrue(r.text().length() <= 1_000, r.text().length() + " chars");
    assertTrue(r.shown() > 0 && r.shown() < 100, "shown " + r.shown());
    assertEquals(100 - r.shown(), r.omitted());
    assertTrue(r.text().endsWith("... " + r.omitted() + " more rows, raise max_chars\n"), r.text());
    // Rows are kept from the first, in order, and the structured rows are exactly the ones shown.
    List<Object> structured = r.structured().get("rows");
    assertEquals(r.shown(), structured.size());
    assertEquals(Map.of("i", r.shown() - 1), structured.getLast());
    assertTrue(r.text().contains("src/File" + (r.shown() - 1) + ".java"));
    assertFalse(r.text().contains("src/File" + r.shown() + ".java"));
  }

  @Test
  void footersAndTheStampSurviveAnyCap() {
    Output.Rendered r = hundredRows().footer("(more rows than limit=100: raise limit)").render(200);
    assertTrue(r.text().startsWith("head 0123456789ab"));
    assertTrue(r.text().endsWith("... " + r.omitted() + " more rows, raise max_chars\n(more rows than limit=100: raise limit)\n"), r.text());
    assertTrue(r.text().length() <= 200, r.text().length() + " chars");
  }

  @Test
  void aHeadingIsDroppedWhenNoneOfItsRowsFits() {
    Output out = new Output("stamp", "rows").heading("files:").row("a".repeat(50)).heading("may break:").row("b".repeat(50));
    Output.Rendered r = out.render(6 + 7 + 51 + 40);
    assertEquals(1, r.shown());
    assertEquals("stamp\nfiles:\n" + "a".repeat(50) + "\n... 1 more rows, raise max_chars\n", r.text());
  }

  @Test
  void textIsCutByLinesWhenItsRowsAreLines() {
    Output.Rendered r = new Output("stamp", "lines").lines("one\ntwo\nthree\n").render(1_000);
    assertEquals("stamp\none\ntwo\nthree\n", r.text());
    Output.Rendered cut = new Output("stamp", "lines").lines("x".repeat(100) + "\n" + "y".repeat(100) + "\n").render(150);
    assertEquals("stamp\n" + "x".repeat(100) + "\n... 1 more lines, raise max_chars\n", cut.text());
  }

  @Test
  void theStampSaysHeadGenerationAndPendingChanges() {
    assertEquals("head -  generation 0  pending_changes 0", Output.stamp("", 0, 0));
    assertEquals("head abcdef  generation 3  pending_changes 2 (not yet indexed)", Output.stamp("abcdef", 3, 2));
  }
}
