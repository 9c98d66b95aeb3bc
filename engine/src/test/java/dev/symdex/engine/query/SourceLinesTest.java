package dev.symdex.engine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How {@link SourceLines} cuts one line out of a file's bytes. */
class SourceLinesTest {
  private static Optional<String> line(String text, int n) {
    return SourceLines.lineOf(text.getBytes(StandardCharsets.UTF_8), n);
  }

  @Test
  void linesAreCountedByNewlineTrimmedAndACarriageReturnDropped() {
    String text = "first\r\n\t  second  \nthird";
    assertEquals(Optional.of("first"), line(text, 1));
    assertEquals(Optional.of("second"), line(text, 2));
    assertEquals(Optional.of("third"), line(text, 3), "the last line needs no newline");
    assertEquals(Optional.empty(), line(text, 4));
    assertEquals(Optional.empty(), line(text, 0));
    assertEquals(Optional.empty(), line("one\n", 2), "a final newline starts no line");
    assertEquals(Optional.of(""), line("", 1), "an empty file has one empty line");
  }

  @Test
  void aLongLineIsCutAtTwoHundredCharactersNeverInsideASurrogatePair() {
    assertEquals("x".repeat(SourceLines.MAX_CHARS), line("x".repeat(500), 1).orElseThrow());
    String pairs = "y".repeat(SourceLines.MAX_CHARS - 1) + "\uD83D\uDE00".repeat(3);
    String cut = line(pairs, 1).orElseThrow();
    assertEquals(SourceLines.MAX_CHARS - 1, cut.length(), "the pair across the limit is left out whole");
    assertEquals("\u00e9t\u00e9", line("\u00e9t\u00e9\n", 1).orElseThrow(), "UTF-8");
  }
}
