package dev.symdex.engine.query.explore;

import java.util.Arrays;

/**
 * How many items each section of an Explore map shows at most; the rest is counted, not shown.
 *
 * @param languages languages, in each of the two orders (by files, by bytes)
 * @param buildSystems build systems present
 * @param entryPoints entry points
 * @param manifests dependency manifests
 * @param dependencies dependencies listed per manifest
 * @param testedFiles tested files in the test map
 * @param testsPerFile tests listed per tested file
 * @param unmatchedTests test files matched to no tested file
 */
public record Caps(int languages, int buildSystems, int entryPoints, int manifests, int dependencies, int testedFiles,
    int testsPerFile, int unmatchedTests) {
  /** Enough for a first look at most projects, small enough for an agent's context. */
  public static final Caps DEFAULTS = new Caps(15, 15, 40, 20, 40, 60, 5, 30);

  public Caps {
    int[] all = {languages, buildSystems, entryPoints, manifests, dependencies, testedFiles, testsPerFile, unmatchedTests};
    for (int c : all) {
      if (c < 0) {
        throw new IllegalArgumentException("caps must not be negative: " + Arrays.toString(all));
      }
    }
  }
}
