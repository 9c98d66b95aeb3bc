package dev.symdex.engine.query.explore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Splits a project's files into modules, the units of the module index (L2).
 *
 * <p><b>Build modules</b> first: every directory holding a module manifest ({@code pom.xml},
 * {@code build.gradle[.kts]}, {@code package.json}, {@code go.mod}, {@code Cargo.toml}, {@code
 * pyproject.toml}) is a module: Maven modules, Gradle projects, npm workspaces, Go modules and Cargo
 * members all have one. A file belongs to the deepest module holding it; files under none belong
 * to a {@code .} module of kind {@code directory}. Used when there are two modules or more and
 * the root one holds at most half of the files (OpenJDK's few Maven tools under {@code src/utils}
 * do not make it a Maven project).
 *
 * <p><b>Source directories</b> otherwise (one build at the root, or none, or builds that hold
 * little of the tree): the top-level directories, and then, while the largest unit holds more
 * than a tenth of the files (and more than {@value #MIN_SPLIT}), it is split into its
 * subdirectories (its own files stay a unit of their own). A Java tree {@code src/main/java/a/b/...} so ends at its packages, a tree of many
 * small directories at its top level. No unit is split once there are {@value #MAX_UNITS}.
 *
 * <p>A pure function of the paths: one tree gives one split.
 */
final class ModuleFinder {
  /** A unit holding at most this many files is never split. */
  static final int MIN_SPLIT = 20;
  /** No unit is split once there are this many. */
  static final int MAX_UNITS = 256;
  static final String ROOT = ".";
  static final String DIRECTORY = "directory";

  private static final Set<String> MODULE_MANIFESTS =
      Set.of("pom.xml", "build.gradle", "build.gradle.kts", "package.json", "go.mod", "Cargo.toml", "pyproject.toml");

  /** The modules of a project: each module's path, kind and files (by path). */
  record Modules(Map<String, String> kinds, Map<String, List<String>> files) {}

  private ModuleFinder() {}

  /** The modules of the project whose files are {@code paths}. */
  static Modules find(Collection<String> files) {
    List<String> paths = files.stream().sorted().distinct().toList();
    Map<String, String> builds = new HashMap<>();
    for (String p : paths) {
      if (MODULE_MANIFESTS.contains(BuildFiles.fileName(p))) {
        String dir = BuildFiles.dir(p);
        builds.merge(dir.isEmpty() ? ROOT : dir, BuildFiles.buildSystem(p).orElse(DIRECTORY), (a, b) -> a.compareTo(b) <= 0 ? a : b);
      }
    }
    if (builds.size() >= 2) {
      Modules byBuild = byBuild(paths, builds);
      if (2 * byBuild.files().getOrDefault(ROOT, List.of()).size() <= paths.size()) {
        return byBuild;
      }
    }
    return byDirectory(paths);
  }

  private static Modules byBuild(List<String> paths, Map<String, String> builds) {
    Map<String, List<String>> files = new TreeMap<>();
    Map<String, String> kinds = new TreeMap<>();
    for (String p : paths) {
      String module = deepestBuild(p, builds);
      files.computeIfAbsent(module, k -> new ArrayList<>()).add(p);
      kinds.put(module, builds.getOrDefault(module, DIRECTORY));
    }
    return new Modules(kinds, files);
  }

  private static String deepestBuild(String path, Map<String, String> builds) {
    String dir = BuildFiles.dir(path);
    while (!dir.isEmpty()) {
      if (builds.containsKey(dir)) {
        return dir;
      }
      dir = BuildFiles.dir(dir);
    }
    return ROOT;
  }

  private static Modules byDirectory(List<String> paths) {
    TreeMap<String, List<String>> units = new TreeMap<>();
    units.put(ROOT, new ArrayList<>(paths));
    split(units, ROOT);
    int threshold = Math.max(MIN_SPLIT, paths.size() / 10);
    while (units.size() < MAX_UNITS) {
      Optional<String> largest = units.entrySet().stream()
          .filter(e -> e.getValue().size() > threshold && hasSubdirectories(e.getKey(), e.getValue()))
          .max(Comparator.<Map.Entry<String, List<String>>>comparingInt(e -> e.getValue().size())
              .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
          .map(Map.Entry::getKey);
      if (largest.isEmpty()) {
        break;
      }
      split(units, largest.get());
    }
    Map<String, String> kinds = new TreeMap<>();
    units.keySet().forEach(k -> kinds.put(k, DIRECTORY));
    return new Modules(kinds, units);
  }

  /** Replaces unit {@code dir} by its own files (if any) and one unit per subdirectory. */
  private static void split(TreeMap<String, List<String>> units, String dir) {
    List<String> files = units.remove(dir);
    String prefix = dir.equals(ROOT) ? "" : dir + "/";
    for (String p : files) {
      int slash = p.indexOf('/', prefix.length());
      String unit = slash < 0 ? dir : p.substring(0, slash);
      units.computeIfAbsent(unit, k -> new ArrayList<>()).add(p);
    }
  }

  private static boolean hasSubdirectories(String dir, List<String> files) {
    String prefix = dir.equals(ROOT) ? "" : dir + "/";
    return files.stream().anyMatch(p -> p.indexOf('/', prefix.length()) >= 0);
  }
}
