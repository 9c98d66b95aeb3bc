package dev.symdex.engine.query.plan;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a test file's name says about the file it tests, by the usual conventions: {@code FooTest},
 * {@code FooTests}, {@code FooIT}, {@code TestFoo} ({@code .java}, {@code .cs}, {@code .kt}) test
 * {@code Foo}; {@code test_foo.py} and {@code foo_test.py} test {@code foo.py}; {@code foo_test.go}
 * tests {@code foo.go} in the same directory; {@code foo.test.ts} and {@code foo.spec.ts} (and
 * js/jsx/tsx/mjs/cjs) test {@code foo} with any of those extensions; {@code foo_spec.rb} and
 * {@code foo_test.rb} test {@code foo.rb}. Stateless.
 */
public final class TestNames {
  /**
   * The subject a test file's name points at.
   *
   * @param stem the subject's file name without extension
   * @param extensions the extensions the subject may have
   * @param sameDirOnly the subject must be in the test's directory (Go)
   */
  public record Subject(String stem, List<String> extensions, boolean sameDirOnly) {}

  private static final List<String> CLASS_EXTENSIONS = List.of("java", "cs", "kt");
  private static final List<String> SCRIPT_EXTENSIONS = List.of("ts", "tsx", "js", "jsx", "mjs", "cjs");
  private static final Pattern CLASS_TEST = Pattern.compile("(?:([A-Z]\\w*?)(?:Tests?|IT)|Test([A-Z]\\w*))\\.(java|cs|kt)");
  private static final Pattern PYTHON_TEST = Pattern.compile("(?:test_(\\w+)|(\\w+?)_test)\\.py");
  private static final Pattern GO_TEST = Pattern.compile("(\\w+)_test\\.go");
  private static final Pattern SCRIPT_TEST = Pattern.compile("(.+)\\.(?:test|spec)\\.(?:ts|tsx|js|jsx|mjs|cjs)");
  private static final Pattern RUBY_TEST = Pattern.compile("(\\w+)_(?:spec|test)\\.rb");

  private TestNames() {}

  /** The subject named by a test file's name ({@code fileName} without directories); empty when it is not a test's name. */
  public static Optional<Subject> subject(String fileName) {
    if (!mayName(fileName)) {
      return Optional.empty();
    }
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

  /**
   * False for a name no convention can match: every one holds {@code test}, {@code Test}, {@code
   * IT.} or {@code spec}. Spares the patterns on most names (a map of 56k files asks for each).
   */
  private static boolean mayName(String fileName) {
    return fileName.contains("est") || fileName.contains("IT.") || fileName.contains("spec");
  }

  /** The file name of a path (what follows its last {@code /}). */
  public static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** A file name without its extensions (up to its first dot after the first character). */
  public static String stem(String fileName) {
    int dot = fileName.indexOf('.', 1);
    return dot < 0 ? fileName : fileName.substring(0, dot);
  }

  /** True when {@code path} is a test of {@code subject} by name (extensions and, for Go, directory agree). */
  public static boolean tests(String path, String subject) {
    Optional<Subject> s = subject(fileName(path));
    if (s.isEmpty()) {
      return false;
    }
    String name = fileName(subject);
    int dot = name.lastIndexOf('.');
    if (dot < 0 || !stem(name).equals(s.get().stem()) || !s.get().extensions().contains(name.substring(dot + 1))) {
      return false;
    }
    return !s.get().sameDirOnly() || directory(path).equals(directory(subject));
  }

  private static String directory(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
