package dev.symdex.bench.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The grep agent's identifiers and reading order, on cases small enough to check by hand. */
class ReadOrderTest {
  private static final List<List<String>> ANSWERS = List.of(List.of("b", "c"), List.of("c", "a"), List.of("c", "b", "d"));

  @Test
  void filesMatchedByMoreSearchesComeFirstThenByPath() {
    assertEquals(List.of("c", "b", "a", "d"), ReadOrder.ranked(ANSWERS));
  }

  @Test
  void readingStopsAtTheFileThatCompletesTheTruth() {
    ReadOrder.Reading r = ReadOrder.read(ANSWERS, Set.of("b", "a"));
    assertEquals(List.of("c", "b", "a"), r.read());
    assertEquals(4, r.matched());
    assertTrue(r.reached());
  }

  @Test
  void truthNoSearchPrintedIsMissedAfterEveryMatchIsRead() {
    ReadOrder.Reading r = ReadOrder.read(ANSWERS, Set.of("a", "z"));
    assertEquals(List.of("c", "b", "a", "d"), r.read());
    assertEquals(List.of("z"), r.missed());
    assertFalse(r.reached());
  }

  @Test
  void identifiersAreTheCompoundOnesElseTheProseTerms() {
    Identifiers ids = Identifiers.of("Plan recency: ChangeHistory.changedAt; PlannerTest#aSweepCommit and ChangeHistory again");
    assertEquals(List.of("changehistory", "changedat", "plannertest", "asweepcommit"), ids.words());
    assertFalse(ids.fallback());
    Identifiers prose = Identifiers.of("A project to remove is sent by its root");
    assertEquals(List.of("project", "remove", "sent", "root"), prose.words());
    assertTrue(prose.fallback());
  }
}
