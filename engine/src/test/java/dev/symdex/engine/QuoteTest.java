package dev.symdex.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Item 14 of issue 11: messages quote at most 200 bytes of input, cut on a character, and say how much is left out. */
class QuoteTest {
  @Test
  void shortInputIsQuotedWholeAndLongInputIsCutAt200Bytes() {
    assertEquals("HEAD~3", Quote.of("HEAD~3"));
    assertEquals("a?b", Quote.of("a\nb"), "control characters do not reach a message");
    String cut = Quote.of("x".repeat(10_000));
    assertEquals("x".repeat(200) + "... (9800 more bytes)", cut);
    String wide = Quote.of("é".repeat(150)); // 2 bytes each: 100 fit
    assertEquals("é".repeat(100) + "... (100 more bytes)", wide);
    String emoji = Quote.of("a" + "\uD83D\uDE00".repeat(60)); // 4 bytes each: 49 fit after "a"
    assertTrue(emoji.startsWith("a" + "\uD83D\uDE00".repeat(49) + "..."), emoji);
    assertTrue(emoji.substring(0, emoji.indexOf("...")).getBytes(StandardCharsets.UTF_8).length <= Quote.MAX_BYTES);
  }
}
