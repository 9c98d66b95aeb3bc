package dev.symdex.engine.query.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.query.plan.PackCandidate.Rendering;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The packer against the real o200k count: never over budget, within {@link Packer#MIN_FILL} of it
 * whenever the candidates allow, deterministic, honest about running out.
 */
class PackerTest {
  private static final TokenCounter COUNTER = TokenCounter.o200k();
  private final Packer packer = new Packer(COUNTER);

  /** Code-like text of about {@code lines} lines. */
  private static String code(Random random, int lines) {
    String[] words = {"int", "value", "return", "getName", "parse_args", "HashMap<String, List<Integer>>", "x", "=", "+", "(", ")", "{", "}", "if", "for",
        "self", "0", "42", "\"text\"", "//", "Token", "counter", "build", "snapshot", "ü", "日本"};
    StringBuilder b = new StringBuilder();
    for (int l = 0; l < lines; l++) {
      b.append("  ".repeat(random.nextInt(4)));
      int n = 1 + random.nextInt(10);
      for (int w = 0; w < n; w++) {
        b.append(words[random.nextInt(words.length)]).append(random.nextInt(3) == 0 ? "" : " ");
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** A candidate with a whole text, an outline+spans and an outline, of random sizes. */
  private static PackCandidate candidate(Random random, int i, int maxLines) {
    int whole = 1 + random.nextInt(maxLines);
    List<Rendering> renderings = new ArrayList<>();
    renderings.add(Rendering.of("file", 1.0, code(random, whole)));
    if (whole > 4) {
      renderings.add(Rendering.of("outline+spans", 0.7, code(random, Math.max(2, whole / 3))));
      renderings.add(Rendering.of("outline", 0.4, code(random, Math.max(1, whole / 10))));
    }
    return new PackCandidate(String.format(Locale.ROOT, "src/f%03d.java", i), String.format(Locale.ROOT, "src/f%03d.java  rank %d", i, i), random.nextDouble() * 10, renderings);
  }

  private static void assertHonest(Packing p) {
    assertTrue(p.tokens() <= p.budget(), "never over budget: " + p.tokens() + " > " + p.budget());
    assertEquals(COUNTER.count(p.text()), p.tokens(), "the total is the real count of the text");
    assertEquals(p.tokens(), p.items().stream().mapToInt(Packing.Packed::tokens).sum(), "blocks count additively");
    if (p.fill() == Packing.Fill.FILLED) {
      assertTrue(p.tokens() >= Packer.MIN_FILL * p.budget(), p.tokens() + " of " + p.budget());
    } else {
      assertTrue(p.tokens() < Packer.MIN_FILL * p.budget());
    }
  }

  @Test
  void fillsEveryBudgetWithinFivePercentWhenTheCandidatesAllow() {
    Random random = new Random(20261206L);
    for (int trial = 0; trial < 25; trial++) {
      int budget = 500 + random.nextInt(7_500);
      List<PackCandidate> candidates = new ArrayList<>();
      int smallest = 0;
      for (int i = 0; candidates.size() < 10 || smallest < budget + budget / 2; i++) {
        PackCandidate c = candidate(random, i, 60);
        candidates.add(c);
        Rendering outline = c.renderings().get(c.renderings().size() - 1);
        smallest += COUNTER.count(Packer.block(c.title(), outline.kind(), outline.text().get()));
      }
      Packing p = packer.pack(candidates, budget);
      assertHonest(p);
      assertEquals(Packing.Fill.FILLED, p.fill(), "trial " + trial + ": " + p.tokens() + " of " + budget);
    }
  }

  @Test
  void neverGoesOverBudgetAndSaysWhyWhenItFallsShort() {
    Random random = new Random(7L);
    int shortfalls = 0;
    for (int trial = 0; trial < 60; trial++) {
      int budget = 50 + random.nextInt(3000);
      List<PackCandidate> candidates = new ArrayList<>();
      int n = random.nextInt(12);
      for (int i = 0; i < n; i++) {
        candidates.add(candidate(random, i, 400));
      }
      Packing p = packer.pack(candidates, budget);
      assertHonest(p);
      shortfalls += p.fill() == Packing.Fill.FILLED ? 0 : 1;
    }
    assertTrue(shortfalls > 0, "some of these inputs cannot fill their budget");
  }

  @Test
  void theSameInputGivesTheSamePacking() {
    List<PackCandidate> first = new ArrayList<>();
    List<PackCandidate> second = new ArrayList<>();
    Random a = new Random(99L);
    Random b = new Random(99L);
    for (int i = 0; i < 40; i++) {
      first.add(candidate(a, i, 80));
      second.add(candidate(b, i, 80));
    }
    List<PackCandidate> reversed = new ArrayList<>(second);
    Collections.reverse(reversed);
    Packing one = packer.pack(first, 3000);
    Packing two = packer.pack(reversed, 3000);
    assertEquals(one, two, "same candidates in another order, same packing");

    List<PackCandidate> ties = List.of(PackCandidate.of("b", 1, Rendering.of("file", 1, "same body\n")),
        PackCandidate.of("a", 1, Rendering.of("file", 1, "same body\n")), PackCandidate.of("c", 1, Rendering.of("file", 1, "same body\n")));
    int one2 = COUNTER.count(Packer.block("a", "file", "same body\n"));
    Packing tied = packer.pack(ties, 2 * one2);
    assertEquals(List.of("a", "b"), tied.items().stream().map(Packing.Packed::key).toList(), "equal value per token: by key");
    assertEquals(List.of("c"), tied.left());
  }

  @Test
  void reportsRunningOutWhenEveryCandidateIsInWhole() {
    List<PackCandidate> few = List.of(
        PackCandidate.of("small/a.py", 2, Rendering.of("file", 1, "def a():\n    pass\n"), Rendering.of("outline", 0.5, "a()")),
        PackCandidate.of("small/b.py", 1, Rendering.of("file", 1, "def b():\n    return 1\n")));
    Packing p = packer.pack(few, 8000);
    assertHonest(p);
    assertEquals(Packing.Fill.RAN_OUT, p.fill());
    assertEquals(List.of("small/a.py", "small/b.py"), p.items().stream().map(Packing.Packed::key).toList(), "value descending");
    assertEquals(List.of("file", "file"), p.items().stream().map(Packing.Packed::kind).toList());
    assertEquals(List.of(), p.left());
    assertEquals("## small/a.py [file]\ndef a():\n    pass\n\n## small/b.py [file]\ndef b():\n    return 1\n\n", p.text());
  }

  @Test
  void anItemLargerThanTheBudgetComesInAtASmallerRendering() {
    String whole = code(new Random(3L), 2000);
    String outline = "class Big\n  void run()\n  int size()\n";
    PackCandidate big = PackCandidate.of("src/Big.java", 5, Rendering.of("file", 1, whole), Rendering.of("outline", 0.3, outline));
    int budget = 200;
    assertTrue(COUNTER.count(whole) > budget);
    Packing p = packer.pack(List.of(big), budget);
    assertHonest(p);
    assertEquals(List.of("outline"), p.items().stream().map(Packing.Packed::kind).toList());
    assertEquals(Packing.Fill.NOTHING_FITS, p.fill(), "the whole file would not fit, and there is nothing else");

    Packing none = packer.pack(List.of(PackCandidate.of("huge", 1, Rendering.of("file", 1, whole))), budget);
    assertEquals(List.of(), none.items());
    assertEquals(List.of("huge"), none.left());
    assertEquals(0, none.tokens());
    assertEquals("", none.text());
    assertEquals(Packing.Fill.NOTHING_FITS, none.fill());
  }

  @Test
  void rendersEachTextOnceAndRefusesBadInput() {
    AtomicInteger asked = new AtomicInteger();
    PackCandidate lazy = PackCandidate.of("k", 1, new Rendering("file", 1, () -> {
      asked.incrementAndGet();
      return "body";
    }));
    packer.pack(List.of(lazy), 100);
    assertEquals(1, asked.get());
    assertThrows(IllegalArgumentException.class, () -> packer.pack(List.of(lazy), 0));
    assertThrows(IllegalArgumentException.class, () -> packer.pack(List.of(lazy, lazy), 100));
    assertThrows(IllegalArgumentException.class, () -> Rendering.of("file", 0, "x"));
    assertThrows(IllegalArgumentException.class, () -> PackCandidate.of("k", -1, Rendering.of("file", 1, "x")));
    assertThrows(IllegalArgumentException.class, () -> new PackCandidate("k", "two\nlines", 1, List.of(Rendering.of("file", 1, "x"))));
  }

  @Test
  void countsTokensWithO200k() {
    assertEquals("o200k_base", COUNTER.encodingName());
    assertEquals(0, COUNTER.count(""));
    assertEquals(2, COUNTER.count("hello world"));
    assertTrue(COUNTER.count("<|endoftext|>") > 1, "a special token in text is counted as ordinary text");
    String text = code(new Random(5L), 300);
    int all = COUNTER.count(text);
    assertEquals(all, COUNTER.countUpTo(text, all));
    assertEquals(all, COUNTER.countUpTo(text, all + 100));
    assertEquals(51, COUNTER.countUpTo(text, 50), "above the limit: limit + 1");
  }
}
