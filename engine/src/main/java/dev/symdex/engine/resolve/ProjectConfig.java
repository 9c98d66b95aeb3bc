package dev.symdex.engine.resolve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build files that say how a repo's imports map to its directories, read once from disk: Go
 * modules ({@code go.mod}), TypeScript/JavaScript path aliases ({@code tsconfig.json} /
 * {@code jsconfig.json} {@code baseUrl} and {@code paths}), npm workspace packages ({@code
 * package.json} names), Rust crates ({@code Cargo.toml}) and Python package roots ({@code
 * setup.py}, {@code setup.cfg}, {@code pyproject.toml}: {@link PythonLayout}). Unreadable files count as absent.
 * Immutable after construction; thread-safe.
 */
public final class ProjectConfig {
  /** A path alias: {@code pattern} may end in {@code *}; each target too. */
  record Alias(String pattern, List<String> targets) {}

  /** A tsconfig: where its {@code baseUrl} points, and its {@code paths}. */
  record TsConfig(String dir, String baseUrl, List<Alias> paths) {}

  /** Go module path → module root directory. */
  final Map<String, String> goModules = new HashMap<>();
  /** npm package name → its directory. */
  final Map<String, String> npmPackages = new HashMap<>();
  /** npm package name → its entry points ({@code main}, {@code module}, {@code types}), relative to the repo. */
  final Map<String, List<String>> npmEntries = new HashMap<>();
  /** Directory of each tsconfig/jsconfig → its settings. */
  final Map<String, TsConfig> tsConfigs = new HashMap<>();
  /** Directories holding a Cargo.toml (crate roots). */
  final List<String> crateDirs = new ArrayList<>();
  /** Python package roots the build files declare ({@code src} of {@code package_dir={'': 'src'}}). */
  final Set<String> pythonRoots = new TreeSet<>();
  /** Python top-level package → its directory, where a build file maps one ({@code package_dir={'thrift': 'src'}}). */
  final Map<String, String> pythonPackages = new HashMap<>();

  private static final Pattern GO_MODULE = Pattern.compile("(?m)^\\s*module\\s+(\\S+)");
  private static final Pattern JSON_NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern ENTRY = Pattern.compile("\"(main|module|types|typings|browser)\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern BASE_URL = Pattern.compile("\"baseUrl\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern PATHS_BLOCK = Pattern.compile("\"paths\"\\s*:\\s*\\{([^}]*)\\}", Pattern.DOTALL);
  private static final Pattern PATH_ENTRY = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\\[([^\\]]*)\\]");
  private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");

  /** The names of the files a config is read from: any change to one of them changes the config. */
  public static final Set<String> BUILD_FILES = Set.of("go.mod", "package.json", "tsconfig.json", "jsconfig.json",
      "Cargo.toml", "setup.py", "setup.cfg", "pyproject.toml");

  /** Reads every build file of {@code repo} (by name, in path order) from the tree at {@code root}. */
  public static ProjectConfig read(Path root, RepoFiles repo) {
    return new ProjectConfig(root, repo);
  }

  private ProjectConfig(Path root, RepoFiles repo) {
    List<String> buildFiles = new ArrayList<>();
    for (String name : new TreeSet<>(BUILD_FILES)) {
      buildFiles.addAll(repo.withSuffix(name));
    }
    buildFiles.sort(null);
    for (String p : buildFiles) {
      String name = RepoFiles.name(p);
      String dir = RepoFiles.parent(p);
      switch (name) {
        case "go.mod" -> read(root, p).ifPresent(text -> {
          Matcher m = GO_MODULE.matcher(text);
          if (m.find()) {
            goModules.put(m.group(1), dir);
          }
        });
        case "package.json" -> read(root, p).ifPresent(text -> {
          Matcher m = JSON_NAME.matcher(text);
          if (m.find() && !p.contains("node_modules/") && !npmPackages.containsKey(m.group(1))) {
            npmPackages.put(m.group(1), dir);
            List<String> entries = new ArrayList<>();
            Matcher e = ENTRY.matcher(text);
            while (e.find()) {
              String entry = RepoFiles.join(dir, e.group(2));
              if (entry != null) {
                entries.add(entry);
              }
            }
            npmEntries.put(m.group(1), entries);
          }
        });
        case "tsconfig.json", "jsconfig.json" -> read(root, p).ifPresent(text -> tsConfigs.put(dir, tsConfig(dir, text)));
        case "Cargo.toml" -> crateDirs.add(dir);
        case "setup.py", "setup.cfg", "pyproject.toml" -> read(root, p).ifPresent(text -> PythonLayout.read(p, text, pythonRoots, pythonPackages));
        default -> { }
      }
    }
  }

  private static TsConfig tsConfig(String dir, String text) {
    String stripped = text.replaceAll("(?m)^\\s*//.*$", "");
    Matcher b = BASE_URL.matcher(stripped);
    String base = b.find() ? RepoFiles.join(dir, b.group(1)) : null;
    List<Alias> aliases = new ArrayList<>();
    Matcher block = PATHS_BLOCK.matcher(stripped);
    if (block.find()) {
      Matcher e = PATH_ENTRY.matcher(block.group(1));
      while (e.find()) {
        List<String> targets = new ArrayList<>();
        Matcher s = STRING.matcher(e.group(2));
        while (s.find()) {
          targets.add(s.group(1));
        }
        aliases.add(new Alias(e.group(1), targets));
      }
    }
    return new TsConfig(dir, base, aliases);
  }

  private static Optional<String> read(Path root, String rel) {
    try {
      Path p = root.resolve(rel);
      if (Files.size(p) > 1 << 20) {
        return Optional.empty();
      }
      return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  /** The nearest tsconfig/jsconfig at or above {@code dir}, or null. */
  TsConfig tsConfigFor(String dir) {
    for (String d = dir; ; d = RepoFiles.parent(d)) {
      TsConfig c = tsConfigs.get(d);
      if (c != null) {
        return c;
      }
      if (d.isEmpty()) {
        return null;
      }
    }
  }

  /** The nearest crate root at or above {@code dir}, or null. */
  String crateFor(String dir) {
    String best = null;
    for (String c : crateDirs) {
      if ((c.isEmpty() || dir.equals(c) || dir.startsWith(c + "/")) && (best == null || c.length() > best.length())) {
        best = c;
      }
    }
    return best;
  }
}
