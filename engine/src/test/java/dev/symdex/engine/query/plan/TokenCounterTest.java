package dev.symdex.engine.query.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Remembered counts answer exactly what encoding the text again would. */
class TokenCounterTest {
  private final TokenCounter counter = TokenCounter.o200k();

  @Test
  void aRememberedBoundNeverAnswersBelowTheLimitAskedNext() {
    String text = "int budgetOf(PackCandidate candidate) { return candidate.tokens() + header.length(); }\n".repeat(40);
    int exact = counter.count(text + " ");
    String fresh = text + "  ";
    assertEquals(11, counter.countUpTo(fresh, 10), "only a bound is known now: more than 10");
    assertEquals(11, counter.countUpTo(fresh, 10), "the bound remembered answers the same");
    assertEquals(6, counter.countUpTo(fresh, 5), "a smaller limit: still above it");
    int whole = counter.countUpTo(fresh, 1_000_000);
    assertEquals(counter.count(fresh), whole, "a larger limit encodes again: the exact count");
    assertEquals(whole, counter.countUpTo(fresh, whole), "exactly at the limit");
    assertEquals(whole, counter.countUpTo(fresh, whole - 1), "one below the count: limit + 1");
    assertEquals(exact, counter.count(text + " "), "a remembered exact count");
  }
}
