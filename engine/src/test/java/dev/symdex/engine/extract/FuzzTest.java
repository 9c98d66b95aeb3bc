package dev.symdex.engine.extract;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.model.Language;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutated real sources and random bytes through every extractor: each call returns facts or a
 * reason, never throws, and (with its parse budget) never hangs. Seeded, so a failure reproduces.
 */
class FuzzTest {
  private static final long SEED = 20261123L;
  private static final int MUTANTS_PER_LANGUAGE = 150;
  private static final String[] TOKENS = {"{", "}", "(", ")", "[", "]", "\"", "'", "`", "/*", "*/", "//", "#", "\\", "\n",
      "<", ">", "::", "=>", "def ", "class ", "fn ", "func ", "struct ", "#define X(", "template<", "import ", "\0", "\uFFFF", "é"};
  private final FactExtractor extractor = new FactExtractor(300);

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES) // a guard against a hang, not a measure of speed
  void mutatedSourcesNeverBreakAnExtractor() {
    Random random = new Random(SEED);
    for (Language l : Language.values()) {
      byte[] seed = EveryLanguageTest.SAMPLES.get(l).source().repeat(3).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < MUTANTS_PER_LANGUAGE; i++) {
        byte[] mutant = mutate(seed, random);
        check(l, mutant, "mutant " + i + " of " + l + " (seed " + SEED + ")");
      }
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void randomBytesAndPathologicalShapesNeverBreakAnExtractor() {
    Random random = new Random(SEED + 1);
    byte[][] shapes = {
        new byte[0],
        "(".repeat(2_000).getBytes(StandardCharsets.UTF_8),
        "{".repeat(2_000).getBytes(StandardCharsets.UTF_8),
        "a".repeat(20_000).getBytes(StandardCharsets.UTF_8),
        "\n".repeat(5_000).getBytes(StandardCharsets.UTF_8),
        "/*".repeat(2_000).getBytes(StandardCharsets.UTF_8),
        "x = [".repeat(1_000).getBytes(StandardCharsets.UTF_8)};
    for (Language l : Language.values()) {
      for (int i = 0; i < 15; i++) {
        byte[] junk = new byte[random.nextInt(4096)];
        random.nextBytes(junk);
        check(l, junk, "random " + i + " for " + l);
      }
      for (int i = 0; i < shapes.length; i++) {
        Extraction x = extractor.extract(l, shapes[i]);
        assertTrue(x.facts().isPresent() || !x.failure().isEmpty(), "shape " + i + " for " + l);
      }
    }
  }

  @Test
  void theParseBudgetStopsAPathologicalFile() {
    // Error recovery on deeply unbalanced input is super-linear; the budget must cut it short.
    byte[] nasty = "{(".repeat(400_000).getBytes(StandardCharsets.UTF_8);
    Extraction x = new FactExtractor(50).extract(Language.CPP, nasty);
    assertTrue(x.facts().isEmpty(), "expected the 50 ms budget to stop this parse");
    assertTrue(x.failure().contains("gave up"), x.failure());
  }

  private void check(Language l, byte[] input, String what) {
    for (boolean definitionsOnly : new boolean[] {false, true}) {
      Extraction x = definitionsOnly ? extractor.extractDefinitions(l, input) : extractor.extract(l, input);
      if (x.facts().isEmpty()) {
        assertFalse(x.failure().isEmpty(), what + ": no facts and no reason");
      } else {
        // Facts validate themselves on construction (positive lines and columns, callers in range).
        assertTrue(x.facts().get().definitions().stream().allMatch(d -> !d.name().isBlank()), what);
      }
    }
  }

  private static byte[] mutate(byte[] seed, Random r) {
    byte[] b = seed.clone();
    int edits = 1 + r.nextInt(8);
    for (int e = 0; e < edits && b.length > 0; e++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(6)) {
        case 0 -> b[at] = (byte) r.nextInt(256);
        case 1 -> b = splice(b, at, at + Math.min(b.length - at, 1 + r.nextInt(16)), new byte[0]);
        case 2 -> b = splice(b, at, at, TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
        case 3 -> b = Arrays.copyOf(b, at);
        case 4 -> {
          int len = Math.min(b.length - at, 1 + r.nextInt(64));
          b = splice(b, at, at, Arrays.copyOfRange(b, at, at + len));
        }
        default -> {
          byte[] junk = new byte[1 + r.nextInt(8)];
          r.nextBytes(junk);
          b = splice(b, at, at, junk);
        }
      }
    }
    return b;
  }

  private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
    byte[] out = new byte[b.length - (to - from) + insert.length];
    System.arraycopy(b, 0, out, 0, from);
    System.arraycopy(insert, 0, out, from, insert.length);
    System.arraycopy(b, to, out, from + insert.length, b.length - to);
    return out;
  }
}
