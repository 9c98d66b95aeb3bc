package dev.symdex.engine.query.explore;

import dev.symdex.engine.query.explore.SubProjectLayout.SubProject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds the sub-projects of one root from its file list and its build files' contents. Each build
 * system states its own:
 *
 * <ul>
 *   <li>Maven: the top poms (no pom in a directory above) and, recursively, the {@code <modules>}
 *       they list;
 *   <li>Gradle: each settings script's root and the projects it {@code include}s ({@code :a:b} is
 *       {@code a/b}, or its literal {@code projectDir}); a build script under no settings script
 *       and no other build script is a project of its own;
 *   <li>Cargo: the top {@code Cargo.toml}s and the {@code [workspace] members} (globs) they list;
 *   <li>Go: the modules a {@code go.work} {@code use}s; every {@code go.mod} outside a {@code go.work}'s tree;
 *   <li>npm: the top {@code package.json}s and their {@code workspaces} (an array or yarn's {@code
 *       {packages: [...]}}; globs, {@code !} excludes), and a {@code pnpm-workspace.yaml}'s {@code packages};
 *   <li>Python: every directory with a {@code pyproject.toml}, {@code setup.py} or {@code setup.cfg};
 *   <li>Bazel: when the root has a {@code MODULE.bazel}, {@code WORKSPACE} or {@code
 *       WORKSPACE.bazel}, every directory with a {@code BUILD} or {@code BUILD.bazel} (a package).
 * </ul>
 *
 * <p>A directory two systems claim goes to the first in that order. Files under {@code
 * node_modules} never count. A build file that cannot be read or parsed still marks its directory
 * (named by its path); its members are then unknown. A pure function of the paths and texts.
 */
final class SubProjectDetector {
  /** The text of a build file (relative path), or empty when it cannot be read. */
  @FunctionalInterface
  interface Texts {
    Optional<String> read(String path);
  }

  private final NavigableSet<String> paths;
  private final Texts texts;
  private final Map<String, SubProject> claimed = new LinkedHashMap<>();
  private final Map<String, ParsedManifest> parsed = new HashMap<>();

  private SubProjectDetector(NavigableSet<String> paths, Texts texts) {
    this.paths = paths;
    this.texts = texts;
  }

  /** The sub-projects of the root whose files are {@code paths}, reading build files through {@code texts}. */
  static SubProjectLayout detect(NavigableSet<String> paths, Texts texts) {
    SubProjectDetector d = new SubProjectDetector(paths, texts);
    d.maven();
    d.gradle();
    d.cargo();
    d.go();
    d.npm();
    d.python();
    d.bazel();
    return new SubProjectLayout(List.copyOf(d.claimed.values()));
  }

  private void maven() {
    Set<String> dirs = dirsOf("pom.xml");
    Set<String> visited = new HashSet<>();
    for (String dir : new TreeSet<>(dirs)) {
      if (isTop(dir, dirs)) {
        pom(file(dir, "pom.xml"), visited);
      }
    }
  }

  private void pom(String path, Set<String> visited) {
    if (!visited.add(path)) {
      return;
    }
    String dir = BuildFiles.dir(path);
    ParsedManifest pom = parse(path, text -> MavenPom.parse(path, text));
    String name = pom.name().substring(pom.name().indexOf(':') + 1);
    claim(dir, name, "maven");
    for (String module : pom.workspaces()) {
      Optional<String> target = MemberGlob.join(dir, module);
      if (target.isPresent()) {
        String file = target.get().endsWith(".xml") ? target.get() : file(target.get(), "pom.xml");
        if (paths.contains(file)) {
          pom(file, visited);
        }
      }
    }
  }

  private void gradle() {
    Set<String> settingsDirs = new TreeSet<>();
    for (String path : named("settings.gradle", "settings.gradle.kts")) {
      String dir = BuildFiles.dir(path);
      settingsDirs.add(dir);
      WorkspaceFiles.GradleSettings settings = texts.read(path).map(WorkspaceFiles::gradleSettings)
          .orElse(new WorkspaceFiles.GradleSettings("", Map.of()));
      claim(dir, settings.rootName(), "gradle");
      settings.projects().forEach((project, rel) -> MemberGlob.join(dir, rel).filter(this::holdsFiles)
          .ifPresent(d -> claim(d, project, "gradle")));
    }
    Set<String> buildDirs = new TreeSet<>();
    named("build.gradle", "build.gradle.kts").forEach(p -> buildDirs.add(BuildFiles.dir(p)));
    for (String dir : buildDirs) {
      if (isTop(dir, buildDirs) && settingsDirs.stream().noneMatch(s -> isUnder(dir, s))) {
        claim(dir, "", "gradle");
      }
    }
  }

  private void cargo() {
    Set<String> dirs = dirsOf("Cargo.toml");
    for (String dir : new TreeSet<>(dirs)) {
      ParsedManifest cargo = cargoToml(dir);
      if (isTop(dir, dirs)) {
        claim(dir, cargo.name(), "cargo");
      }
      for (String member : cargo.workspaces()) {
        MemberGlob.match(dir, member, new TreeSet<>(dirs)).forEach(m -> claim(m, cargoToml(m).name(), "cargo"));
      }
    }
  }

  private ParsedManifest cargoToml(String dir) {
    return parse(file(dir, "Cargo.toml"), text -> CargoToml.parse(text));
  }

  private void go() {
    Set<String> modDirs = dirsOf("go.mod");
    Set<String> workDirs = dirsOf("go.work");
    for (String work : new TreeSet<>(workDirs)) {
      for (String use : texts.read(file(work, "go.work")).map(WorkspaceFiles::goWorkUses).orElse(List.of())) {
        MemberGlob.join(work, use).filter(modDirs::contains).ifPresent(d -> claim(d, goModule(d), "go"));
      }
    }
    for (String dir : new TreeSet<>(modDirs)) {
      if (workDirs.stream().noneMatch(w -> isUnder(dir, w))) {
        claim(dir, goModule(dir), "go");
      }
    }
  }

  private String goModule(String dir) {
    return parse(file(dir, "go.mod"), GoMod::parse).name();
  }

  private void npm() {
    Set<String> dirs = new TreeSet<>();
    for (String p : named("package.json")) {
      if (!("/" + p).contains("/node_modules/")) {
        dirs.add(BuildFiles.dir(p));
      }
    }
    for (String path : named("pnpm-workspace.yaml")) {
      members(BuildFiles.dir(path), texts.read(path).map(WorkspaceFiles::pnpmPackages).orElse(List.of()), dirs);
    }
    for (String dir : dirs) {
      ParsedManifest pkg = packageJson(dir);
      if (isTop(dir, dirs)) {
        claim(dir, pkg.name(), "npm");
      }
      members(dir, pkg.workspaces(), dirs);
    }
  }

  /** Claims the directories of {@code candidates} that {@code globs} (relative to {@code base}; {@code !}: excluded) name. */
  private void members(String base, List<String> globs, Set<String> candidates) {
    Set<String> in = new TreeSet<>();
    Set<String> out = new HashSet<>();
    for (String g : globs) {
      if (g.startsWith("!")) {
        out.addAll(MemberGlob.match(base, g.substring(1), candidates));
      } else {
        in.addAll(MemberGlob.match(base, g, candidates));
      }
    }
    in.removeAll(out);
    in.forEach(d -> claim(d, packageJson(d).name(), "npm"));
  }

  private ParsedManifest packageJson(String dir) {
    String path = file(dir, "package.json");
    return parse(path, text -> PackageJson.parse(path, text));
  }

  private void python() {
    Map<String, String> names = new TreeMap<>();
    for (String path : named("pyproject.toml", "setup.cfg", "setup.py")) {
      String dir = BuildFiles.dir(path);
      String name = switch (BuildFiles.fileName(path)) {
        case "pyproject.toml" -> parse(path, text -> PythonManifests.pyproject(path, text)).name();
        case "setup.cfg" -> texts.read(path).map(WorkspaceFiles::setupCfgName).orElse("");
        default -> texts.read(path).map(WorkspaceFiles::setupPyName).orElse("");
      };
      names.merge(dir, name, (a, b) -> a.isEmpty() ? b : a);
    }
    names.forEach((dir, name) -> claim(dir, name, "python"));
  }

  private void bazel() {
    if (!(paths.contains("MODULE.bazel") || paths.contains("WORKSPACE") || paths.contains("WORKSPACE.bazel"))) {
      return;
    }
    for (String path : named("BUILD", "BUILD.bazel")) {
      String dir = BuildFiles.dir(path);
      claim(dir, "//" + dir, "bazel");
    }
  }

  /** How a build file's text becomes what it declares. */
  @FunctionalInterface
  private interface Parser {
    ParsedManifest parse(String text) throws MalformedManifest;
  }

  /** What {@code path} declares ({@link ParsedManifest#NOTHING} when it cannot be read or parsed), parsed once. */
  private ParsedManifest parse(String path, Parser parser) {
    ParsedManifest known = parsed.get(path);
    if (known != null) {
      return known;
    }
    ParsedManifest p;
    try {
      Optional<String> text = texts.read(path);
      p = text.isPresent() ? parser.parse(text.get()) : ParsedManifest.NOTHING;
    } catch (MalformedManifest | RuntimeException e) {
      p = ParsedManifest.NOTHING;
    }
    parsed.put(path, p);
    return p;
  }

  /** Gives {@code dir} to {@code buildSystem} unless another system has it; an empty name becomes the directory. */
  private void claim(String dir, String name, String buildSystem) {
    String path = dir.isEmpty() ? SubProjectLayout.ROOT : dir;
    claimed.putIfAbsent(dir, new SubProject(name.isBlank() ? path : name.strip(), path, buildSystem));
  }

  private List<String> named(String... fileNames) {
    Set<String> wanted = Set.of(fileNames);
    List<String> out = new ArrayList<>();
    for (String p : paths) {
      if (wanted.contains(BuildFiles.fileName(p))) {
        out.add(p);
      }
    }
    return out;
  }

  private Set<String> dirsOf(String fileName) {
    Set<String> out = new HashSet<>();
    named(fileName).forEach(p -> out.add(BuildFiles.dir(p)));
    return out;
  }

  /** True when no directory of {@code dirs} is strictly above {@code dir}. */
  private static boolean isTop(String dir, Set<String> dirs) {
    String d = dir;
    while (!d.isEmpty()) {
      d = BuildFiles.dir(d);
      if (dirs.contains(d)) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code dir} is {@code above} or below it. */
  private static boolean isUnder(String dir, String above) {
    return above.isEmpty() || dir.equals(above) || dir.startsWith(above + "/");
  }

  private boolean holdsFiles(String dir) {
    if (dir.isEmpty()) {
      return !paths.isEmpty();
    }
    String next = paths.ceiling(dir + "/");
    return next != null && next.startsWith(dir + "/");
  }

  private static String file(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }
}
