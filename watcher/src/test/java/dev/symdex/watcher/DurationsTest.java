package dev.symdex.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void shortFormsAndIso8601() {
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofSeconds(90), Durations.parse(" 90 s "));
    assertEquals(Duration.ofMinutes(30), Durations.parse("30m"));
    assertEquals(Duration.ofHours(2), Durations.parse("2h"));
    assertEquals(Duration.ofDays(1), Durations.parse("1d"));
    assertEquals(Duration.ofMinutes(30), Durations.parse("PT30M"));
  }

  @Test
  void anythingElseIsRefusedWithAHint() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("5q"));
    assertEquals("not a duration: 5q (use e.g. 90s, 30m, 2h)", e.getMessage());
  }
}
