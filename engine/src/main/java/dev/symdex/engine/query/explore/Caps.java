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
 * @param modules modules in the module index (L2)
 * @param apiModules top modules whose API surface is listed (L3)
 * @param apiFilesPerModule files listed per module in the API surface
 * @param apiDefinitionsPerFile public definitions listed per file in the API surface
 * @param typeGraphFiles most central files whose supertypes are read (L4)
 * @param typeEdges extends/implements/impl edges listed (L4)
 * @param changedFiles changed files listed per change set of the digest
 * @param changedDefinitions changed definitions listed per change set of the digest
 */
public record Caps(int languages, int buildSystems, int entryPoints, int manifests, int dependencies, int testedFiles,
    int testsPerFile, int unmatchedTests, int modules, int apiModules, int apiFilesPerModule, int apiDefinitionsPerFile,
    int typeGraphFiles, int typeEdges, int changedFiles, int changedDefinitions) {
  /** Enough for a first look at most projects, small enough for an agent's context. */
  public static final Caps DEFAULTS = new Caps(15, 15, 40, 20, 40, 60, 5, 30, 30, 3, 5, 8, 400, 60, 30, 40);

  public Caps {
    int[] all = {languages, buildSystems, entryPoints, manifests, dependencies, testedFiles, testsPerFile, unmatchedTests, modules,
        apiModules, apiFilesPerModule, apiDefinitionsPerFile, typeGraphFiles, typeEdges, changedFiles, changedDefinitions};
    for (int c : all) {
      if (c < 0) {
        throw new IllegalArgumentException("caps must not be negative: " + Arrays.toString(all));
      }
    }
  }

  /** The caps of the unranked layers as given, the default caps for the others. */
  public Caps(int languages, int buildSystems, int entryPoints, int manifests, int dependencies, int testedFiles, int testsPerFile,
      int unmatchedTests) {
    this(languages, buildSystems, entryPoints, manifests, dependencies, testedFiles, testsPerFile, unmatchedTests, DEFAULTS.modules,
        DEFAULTS.apiModules, DEFAULTS.apiFilesPerModule, DEFAULTS.apiDefinitionsPerFile, DEFAULTS.typeGraphFiles, DEFAULTS.typeEdges,
        DEFAULTS.changedFiles, DEFAULTS.changedDefinitions);
  }
}
