package dev.symdex.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How the daemon's duration flags are read: every short form means what its ISO-8601 form means. */
class DurationsTest {
  @Test
  void shortFormsMeanTheirIsoForms() {
    assertEquals(Durations.parse("PT0.5S"), Durations.parse("500ms"));
    assertEquals(Durations.parse("PT90S"), Durations.parse(" 90 s "), "blanks are ignored");
    assertEquals(Durations.parse("PT30M"), Durations.parse("30m"));
    assertEquals(Durations.parse("PT2H"), Durations.parse("2h"));
    assertEquals(Durations.parse("P1D"), Durations.parse("1d"));
    assertEquals(Durations.parse("60s"), Durations.parse("1m"), "units convert");
  }

  @Test
  void anythingElseIsRefusedNamingTheInputWithAHint() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("5q"));
    assertTrue(e.getMessage().startsWith("not a duration: 5q"), e.getMessage());
    assertTrue(e.getMessage().contains("use e.g."), "it says what to write: " + e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Durations.parse(""));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("-5s"));
  }
}
