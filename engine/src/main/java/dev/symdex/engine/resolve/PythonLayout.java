package dev.symdex.engine.resolve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a Python project's packages live, as its build files declare it: package roots
 * (directories on the import path: {@code package_dir={'': 'src'}}, {@code find_packages('src')},
 * {@code where = ["src"]}, Poetry's {@code from = "src"}, Hatch's {@code packages = ["src/foo"]},
 * PDM's {@code package-dir = "src"}) and mapped packages ({@code package_dir={'thrift': 'src'}}:
 * the package {@code thrift} is the directory {@code src}). Reads {@code setup.py}, {@code
 * setup.cfg} and {@code pyproject.toml} as text (no Python or TOML runtime): the common literal
 * spellings, nothing computed. Paths are relative to the repo. Stateless.
 */
final class PythonLayout {
  private PythonLayout() {}

  /** The build files read, by name. */
  static final Set<String> FILES = Set.of("setup.py", "setup.cfg", "pyproject.toml");

  private static final Pattern PY_PACKAGE_DIR = Pattern.compile("package_dir\\s*=\\s*\\{([^}]*)}");
  private static final Pattern PY_ENTRY = Pattern.compile("['\"]([\\w.]*)['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
  private static final Pattern PY_FIND = Pattern.compile(
      "find_(?:namespace_)?packages\\s*\\(\\s*(?:where\\s*=\\s*)?['\"]([^'\"]+)['\"]");
  private static final Pattern INI_SECTION = Pattern.compile("^\\s*\\[([^]]+)]\\s*$");
  private static final Pattern INI_KEY = Pattern.compile("^([\\w.-]+)\\s*[=:]\\s*(.*)$");
  private static final Pattern TOML_STRING = Pattern.compile("\"([^\"]*)\"|'([^']*)'");
  private static final Pattern TOML_FROM = Pattern.compile("from\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern TOML_PAIR = Pattern.compile("(\"[^\"]*\"|'[^']*'|[\\w.-]+)\\s*=\\s*(\"[^\"]*\"|'[^']*')");

  /**
   * Adds what build file {@code path} (named one of {@link #FILES}) with content {@code text}
   * declares to {@code roots} and {@code packages} (top-level package name → directory).
   */
  static void read(String path, String text, Set<String> roots, Map<String, String> packages) {
    String dir = RepoFiles.parent(path);
    switch (RepoFiles.name(path)) {
      case "setup.py" -> setupPy(dir, text, roots, packages);
      case "setup.cfg" -> setupCfg(dir, text, roots, packages);
      case "pyproject.toml" -> pyproject(dir, text, roots, packages);
      default -> { }
    }
  }

  private static void setupPy(String dir, String text, Set<String> roots, Map<String, String> packages) {
    Matcher m = PY_PACKAGE_DIR.matcher(text);
    while (m.find()) {
      Matcher e = PY_ENTRY.matcher(m.group(1));
      while (e.find()) {
        mapping(dir, e.group(1), e.group(2), roots, packages);
      }
    }
    Matcher f = PY_FIND.matcher(text);
    while (f.find()) {
      root(dir, f.group(1), roots);
    }
  }

  private static void setupCfg(String dir, String text, Set<String> roots, Map<String, String> packages) {
    String section = "";
    String key = "";
    for (String line : text.split("\n")) {
      Matcher s = INI_SECTION.matcher(line);
      if (s.matches()) {
        section = s.group(1).strip();
        key = "";
        continue;
      }
      if (line.isBlank() || line.stripLeading().startsWith("#") || line.stripLeading().startsWith(";")) {
        continue;
      }
      String value;
      if (Character.isWhitespace(line.charAt(0)) && !key.isEmpty()) {
        value = line.strip(); // a continuation line of a multi-line value
      } else {
        Matcher k = INI_KEY.matcher(line.strip());
        if (!k.matches()) {
          key = "";
          continue;
        }
        key = k.group(1);
        value = k.group(2).strip();
      }
      if (section.equals("options") && key.equals("package_dir") && value.contains("=")) {
        int eq = value.indexOf('=');
        mapping(dir, value.substring(0, eq).strip(), value.substring(eq + 1).strip(), roots, packages);
      } else if (section.equals("options.packages.find") && key.equals("where") && !value.isEmpty()) {
        root(dir, value, roots);
      }
    }
  }

  private static void pyproject(String dir, String text, Set<String> roots, Map<String, String> packages) {
    String table = "";
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("[")) { // [table] or [[array.of.tables]]
        table = line.replaceAll("[\\[\\]\\s\"]", "");
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0 || line.startsWith("#")) {
        continue;
      }
      String key = line.substring(0, eq).strip().replace("\"", "");
      String value = line.substring(eq + 1).strip();
      switch (table) {
        case "tool.setuptools.packages.find" -> {
          if (key.equals("where")) {
            strings(value).forEach(w -> root(dir, w, roots));
          }
        }
        case "tool.setuptools" -> {
          if (key.equals("package-dir")) {
            pairs(value, (k, v) -> mapping(dir, k, v, roots, packages));
          }
        }
        case "tool.setuptools.package-dir" -> strings(value).stream().findFirst().ifPresent(v -> mapping(dir, key, v, roots, packages));
        case "tool.poetry", "tool.poetry.packages" -> {
          Matcher from = TOML_FROM.matcher(line);
          while (from.find()) {
            root(dir, from.group(1), roots);
          }
        }
        case "tool.hatch.build.targets.wheel", "tool.hatch.build" -> {
          if (key.equals("packages")) {
            strings(value).forEach(p -> root(dir, RepoFiles.parent(p), roots));
          }
        }
        case "tool.pdm.build" -> {
          if (key.equals("package-dir")) {
            strings(value).forEach(p -> root(dir, p, roots));
          }
        }
        default -> { }
      }
    }
  }

  /** {@code package_dir} entry: {@code ""} maps the root, a top-level name maps that package. */
  private static void mapping(String dir, String pkg, String to, Set<String> roots, Map<String, String> packages) {
    String target = RepoFiles.join(dir, to);
    if (target == null) {
      return;
    }
    if (pkg.isEmpty()) {
      roots.add(target);
    } else if (!pkg.contains(".")) {
      packages.putIfAbsent(pkg, target);
    }
  }

  private static void root(String dir, String rel, Set<String> roots) {
    String r = RepoFiles.join(dir, rel);
    if (r != null) {
      roots.add(r);
    }
  }

  private static List<String> strings(String value) {
    List<String> out = new ArrayList<>();
    Matcher m = TOML_STRING.matcher(value);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out;
  }

  private static void pairs(String value, BiConsumer<String, String> each) {
    Matcher m = TOML_PAIR.matcher(value);
    while (m.find()) {
      each.accept(unquote(m.group(1)), unquote(m.group(2)));
    }
  }

  private static String unquote(String s) {
    return (s.startsWith("\"") || s.startsWith("'")) && s.length() >= 2 ? s.substring(1, s.length() - 1) : s;
  }
}
