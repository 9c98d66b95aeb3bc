package dev.symdex.engine.query.explore;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.query.plan.TestNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Matches test files to the files they test by the naming conventions of {@link TestNames}. When a
 * name fits several files, the test's resolved imports decide, then the directory (the same one, or {@code src/test} mirroring {@code src/main});
 * when it fits none, an import whose name the test's name contains does.
 */
final class TestMapper {

  /** The test files of each tested file, and the test files matched to none. */
  record Result(Map<String, Set<String>> tested, Set<String> unmatched) {}

  /** The resolved repo imports of a file. */
  interface Imports {
    List<String> of(String path) throws SymdexException;
  }


  private TestMapper() {}

  /** True when {@code path}'s name is a test file's. */
  static boolean isTest(String path) {
    return TestNames.subject(BuildFiles.fileName(path)).isPresent();
  }

  /** Matches the test files among {@code paths} (all sorted) to the other files of {@code paths}. */
  static Result map(Collection<String> paths, Imports imports) throws SymdexException {
    Map<String, List<String>> byName = new HashMap<>();
    List<String> tests = new ArrayList<>();
    for (String p : paths) {
      if (isTest(p)) {
        tests.add(p);
      } else {
        byName.computeIfAbsent(BuildFiles.fileName(p), k -> new ArrayList<>()).add(p);
      }
    }
    Map<String, Set<String>> tested = new TreeMap<>();
    Set<String> unmatched = new TreeSet<>();
    for (String test : tests) {
      TestNames.Subject s = TestNames.subject(BuildFiles.fileName(test)).orElseThrow();
      List<String> candidates = new ArrayList<>();
      for (String ext : s.extensions()) {
        for (String c : byName.getOrDefault(s.stem() + "." + ext, List.of())) {
          if (!s.sameDirOnly() || BuildFiles.dir(c).equals(BuildFiles.dir(test))) {
            candidates.add(c);
          }
        }
      }
      List<String> chosen = candidates.size() == 1 ? candidates : decide(test, s, candidates, byName, imports);
      if (chosen.isEmpty()) {
        unmatched.add(test);
      }
      for (String c : chosen) {
        tested.computeIfAbsent(c, k -> new TreeSet<>()).add(test);
      }
    }
    return new Result(tested, unmatched);
  }

  private static List<String> decide(String test, TestNames.Subject s, List<String> candidates, Map<String, List<String>> byName, Imports imports)
      throws SymdexException {
    List<String> imported = imports.of(test);
    if (candidates.isEmpty()) {
      String wanted = squash(s.stem());
      List<String> out = new ArrayList<>();
      for (String i : imported) {
        String stem = stem(BuildFiles.fileName(i));
        if (!isTest(i) && stem.length() >= 3 && wanted.contains(squash(stem))
            && byName.getOrDefault(BuildFiles.fileName(i), List.of()).contains(i)) {
          out.add(i);
        }
      }
      return out.stream().sorted().toList();
    }
    List<String> byImport = candidates.stream().filter(imported::contains).sorted().toList();
    if (!byImport.isEmpty()) {
      return byImport;
    }
    String testDir = BuildFiles.dir(test);
    List<String> best = new ArrayList<>();
    int bestScore = -1;
    for (String c : candidates) {
      int score = dirAffinity(testDir, BuildFiles.dir(c));
      if (score > bestScore) {
        best.clear();
        bestScore = score;
      }
      if (score == bestScore) {
        best.add(c);
      }
    }
    return best.stream().sorted().toList();
  }

  /** How close a candidate's directory is to the test's: same or mirrored beats a long common tail. */
  private static int dirAffinity(String testDir, String dir) {
    if (dir.equals(testDir) || dir.equals(testDir.replace("src/test/", "src/main/"))) {
      return Integer.MAX_VALUE;
    }
    String[] a = testDir.split("/", -1);
    String[] b = dir.split("/", -1);
    int tail = 0;
    while (tail < a.length && tail < b.length && a[a.length - 1 - tail].equals(b[b.length - 1 - tail])) {
      tail++;
    }
    return tail;
  }

  private static String stem(String fileName) {
    int dot = fileName.indexOf('.');
    return dot < 0 ? fileName : fileName.substring(0, dot);
  }

  private static String squash(String name) {
    return name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
  }
}
