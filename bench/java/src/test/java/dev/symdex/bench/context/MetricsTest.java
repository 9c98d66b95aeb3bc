package dev.symdex.bench.context;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Metrics and the BM25 floor on cases small enough to check by hand. */
class MetricsTest {
  private static final List<String> RANKED = List.of("a", "b", "c", "d");
  private static final Set<String> TRUTH = Set.of("b", "d");

  @Test
  void recallAtKAndReciprocalRank() {
    assertEquals(0.0, Metrics.recallAt(RANKED, TRUTH, 1));
    assertEquals(0.5, Metrics.recallAt(RANKED, TRUTH, 2));
    assertEquals(1.0, Metrics.recallAt(RANKED, TRUTH, 4));
    assertEquals(1.0, Metrics.recallAt(RANKED, TRUTH, 10), "k past the ranking");
    assertEquals(0.5, Metrics.reciprocalRank(RANKED, TRUTH), "first truth file at rank 2");
    assertEquals(0.0, Metrics.reciprocalRank(List.of("a", "c"), TRUTH));
  }

  @Test
  void recallWithinABudgetTakesFilesInRankOrderWhileTheyFit() {
    List<Integer> tokens = List.of(100, 200, 300, 50);
    assertEquals(0.5, Metrics.recallWithin(RANKED, tokens, TRUTH, 300), "a and b fill 300 exactly");
    assertEquals(0.0, Metrics.recallWithin(RANKED, tokens, TRUTH, 299), "b does not fit: only a");
    assertEquals(0.5, Metrics.recallWithin(RANKED, tokens, TRUTH, 649), "c ends the pack before d, which would fit");
    assertEquals(1.0, Metrics.recallWithin(RANKED, tokens, TRUTH, 650));
  }

  @Test
  void bm25RanksTheFileWhoseNamesMatchAndLeavesOutTheRest() {
    List<String> paths = List.of("src/Parser.java", "src/Writer.java", "src/ParserTest.java");
    List<Bm25Ranker.Document> docs = List.of(
        Bm25Ranker.documentOf("src/Parser.java", Optional.empty()),
        Bm25Ranker.documentOf("src/Writer.java", Optional.empty()),
        Bm25Ranker.documentOf("src/ParserTest.java", Optional.empty()));
    assertEquals(List.of("src/Parser.java", "src/ParserTest.java"), Bm25Ranker.score(List.of("parser"), paths, docs),
        "the shorter document first; Writer matches nothing");
    assertEquals(List.of("src/ParserTest.java", "src/Parser.java"), Bm25Ranker.score(List.of("parser", "test"), paths, docs));
  }
}
