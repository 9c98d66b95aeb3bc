package dev.symdex.engine.query.explore;

import dev.symdex.engine.SymdexException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches test files to the files they test by naming conventions: {@code FooTest}, {@code
 * FooTests}, {@code TestFoo} ({@code .java}, {@code .cs}, {@code .kt}) to {@code Foo};
 * {@code test_foo.py} and {@code foo_test.py} to {@code foo.py}; {@code foo_test.go} to
 * {@code foo.go} in the same directory; {@code foo.test.ts} and {@code foo.spec.ts} (and
 * js/jsx/tsx/mjs/cjs) to {@code foo} with any of those extensions; {@code foo_spec.rb} and
 * {@code foo_test.rb} to {@code foo.rb}. When a name fits several files, the test's resolved
 * imports decide, then the directory (the same one, or {@code src/test} mirroring {@code src/main});
 * when it fits none, an import whose name the test's name contains does.
 */
final class TestMapper {
  /** What a test file's name says: the subject's file names it may have. */
  private record Subject(String stem, List<String> extensions, boolean sameDirOnly) {}

  /** The test files of each tested file, and the test files matched to none. */
  record Result(Map<String, Set<String>> tested, Set<String> unmatched) {}

  /** The resolved repo imports of a file. */
  interface Imports {
    List<String> of(String path) throws SymdexException;
  }

  private static final List<String> CLASS_EXTENSIONS = List.of("java", "cs", "kt");
  private static final List<String> SCRIPT_EXTENSIONS = List.of("ts", "tsx", "js", "jsx", "mjs", "cjs");
  private static final Pattern CLASS_TEST = Pattern.compile("(?:([A-Z]\\w*?)(?:Tests?|IT)|Test([A-Z]\\w*))\\.(java|cs|kt)");
  private static final Pattern PYTHON_TEST = Pattern.compile("(?:test_(\\w+)|(\\w+?)_test)\\.py");
  private static final Pattern GO_TEST = Pattern.compile("(\\w+)_test\\.go");
  private static final Pattern SCRIPT_TEST = Pattern.compile("(.+)\\.(?:test|spec)\\.(?:ts|tsx|js|jsx|mjs|cjs)");
  private static final Pattern RUBY_TEST = Pattern.compile("(\\w+)_(?:spec|test)\\.rb");

  private TestMapper() {}

  /** True when {@code path}'s name is a test file's. */
  static boolean isTest(String path) {
    return subject(BuildFiles.fileName(path)).isPresent();
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
      Subject s = subject(BuildFiles.fileName(test)).orElseThrow();
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

  private static List<String> decide(String test, Subject s, List<String> candidates, Map<String, List<String>> byName, Imports imports)
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

  private static Optional<Subject> subject(String fileName) {
    Matcher m = CLASS_TEST.matcher(fileName);
    if (m.matches()) {
      return Optional.of(new Subject(m.group(1) != null ? m.group(1) : m.group(2), CLASS_EXTENSIONS, false));
    }
    m = PYTHON_TEST.matcher(fileName);
    if (m.matches()) {
      return Optional.of(new Subject(m.group(1) != null ? m.group(1) : m.group(2), List.of("py"), false));
    }
    m = GO_TEST.matcher(fileName);
    if (m.matches()) {
      return Optional.of(new Subject(m.group(1), List.of("go"), true));
    }
    m = SCRIPT_TEST.matcher(fileName);
    if (m.matches()) {
      return Optional.of(new Subject(m.group(1), SCRIPT_EXTENSIONS, false));
    }
    m = RUBY_TEST.matcher(fileName);
    if (m.matches()) {
      return Optional.of(new Subject(m.group(1), List.of("rb"), false));
    }
    return Optional.empty();
  }

  private static String stem(String fileName) {
    int dot = fileName.indexOf('.');
    return dot < 0 ? fileName : fileName.substring(0, dot);
  }

  private static String squash(String name) {
    return name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
  }
}
