package dev.symdex.engine.query.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.ChangeSet;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.ProgressListener;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.explore.SubProjectLayout.SubProject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sub-project detection on small real trees indexed by the real engine, one per build system, and
 * what the summaries say of them: files, languages, and the dependencies the resolved imports show.
 */
class SubProjectsTest {
  @TempDir Path root;
  @TempDir Path data;
  private Engine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private void write(String rel, String text) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
  }

  private void index() throws Exception {
    if (engine == null) {
      engine = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS);
    }
    engine.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
  }

  private List<String> layout() throws Exception {
    return layout(ExploreMemo.NONE);
  }

  /** Each sub-project as "path name buildSystem". */
  private List<String> layout(ExploreMemo memo) throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      return SubProjects.layout(s, root, memo).subProjects().stream().map(p -> p.path() + " " + p.name() + " " + p.buildSystem()).toList();
    }
  }

  private List<SubProjects.Summary> summaries(ExploreMemo memo) throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      return SubProjects.summaries(s, root, memo);
    }
  }

  private static SubProjects.Summary summary(List<SubProjects.Summary> all, String path) {
    return all.stream().filter(s -> s.subProject().path().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError(path + " in " + all));
  }

  private void mavenTree() throws Exception {
    write("pom.xml", "<project><groupId>g</groupId><artifactId>parent</artifactId><modules><module>core</module>"
        + "<module>apps</module></modules></project>\n");
    write("core/pom.xml", "<project><artifactId>core-lib</artifactId></project>\n");
    write("core/src/main/java/lib/core/Shape.java", "package lib.core;\n\npublic interface Shape {\n  double area();\n}\n");
    write("core/src/main/java/lib/core/Circle.java", "package lib.core;\n\npublic class Circle implements Shape {\n"
        + "  public double area() {\n    return 3.14;\n  }\n}\n");
    write("apps/pom.xml", "<project><artifactId>apps</artifactId><modules><module>cli</module></modules></project>\n");
    write("apps/cli/pom.xml", "<project><artifactId>cli</artifactId></project>\n");
    write("apps/cli/src/main/java/app/Main.java", "package app;\n\nimport lib.core.Circle;\nimport lib.core.Shape;\n\npublic class Main {\n"
        + "  public static void main(String[] args) {\n    Shape s = new Circle();\n    System.out.println(s.area());\n  }\n}\n");
    // a pom under a module that no <modules> lists (a test fixture): no sub-project
    write("core/src/test/resources/fixture/pom.xml", "<project><artifactId>fixture</artifactId></project>\n");
    index();
  }

  @Test
  void mavenModulesAreFoundThroughNestedPomsAndNamedByArtifactId() throws Exception {
    mavenTree();
    assertEquals(List.of(". parent maven", "apps apps maven", "apps/cli cli maven", "core core-lib maven"), layout());
  }

  @Test
  void summariesCountFilesAndLanguagesAndDependenciesFromResolvedImports() throws Exception {
    mavenTree();
    List<SubProjects.Summary> all = summaries(ExploreMemo.NONE);
    SubProjects.Summary core = summary(all, "core");
    SubProjects.Summary cli = summary(all, "apps/cli");
    assertEquals(4, core.files(), "its pom, two sources and the fixture pom (a file belongs to the deepest sub-project)");
    assertEquals(Map.of("java", 2), core.languages());
    assertEquals(List.of(new SubProjects.Uses(core.subProject(), 2)), cli.dependsOn(), "Main imports Circle and Shape");
    assertEquals(List.of(), core.dependsOn());
    assertEquals(1, summary(all, "apps").files(), "only its pom: cli's files are cli's");
  }

  @Test
  void gradleSettingsIncludesAndProjectDirs() throws Exception {
    write("settings.gradle", "rootProject.name = 'shop'\ninclude ':api', ':libs:util'\ninclude(\":web\")\n"
        + "project(':web').projectDir = file('frontend/web')\n// include ':gone'\ninclude(\n  ':multi:a',\n  ':multi:b'\n)\n"
        + "include ':c1',\n        ':c2'\nprintln 'done'\n");
    write("multi/a/A.java", "class A {}\n");
    write("multi/b/B.java", "class B {}\n");
    write("c1/C.java", "class C {}\n");
    write("c2/C.java", "class C {}\n");
    write("build.gradle", "plugins { id 'java' }\n");
    write("api/build.gradle", "dependencies {}\n");
    write("api/src/main/java/api/Api.java", "package api;\n\npublic class Api {}\n");
    write("libs/util/src/main/java/util/U.java", "package util;\n\npublic class U {}\n");
    write("frontend/web/build.gradle.kts", "plugins { java }\n");
    write("frontend/web/src/main/java/web/W.java", "package web;\n\npublic class W {}\n");
    write("tools/x/build.gradle", "// a build outside the settings' projects\n");
    index();
    assertEquals(List.of(". shop gradle", "api :api gradle", "c1 :c1 gradle", "c2 :c2 gradle", "frontend/web :web gradle",
        "libs/util :libs:util gradle", "multi/a :multi:a gradle", "multi/b :multi:b gradle"), layout());
  }

  @Test
  void npmWorkspacesAsArrayOrObjectWithGlobsAndExcludes() throws Exception {
    write("package.json", "{\"name\": \"mono\", \"private\": true, \"workspaces\": [\"packages/*\", \"!packages/skip\", \"tools/cli\"]}\n");
    write("packages/a/package.json", "{\"name\": \"@mono/a\"}\n");
    write("packages/a/index.js", "export const a = 1;\n");
    write("packages/b/package.json", "{\"name\": \"@mono/b\"}\n");
    write("packages/skip/package.json", "{\"name\": \"skipped\"}\n");
    write("tools/cli/package.json", "{\"name\": \"cli\", \"workspaces\": {\"packages\": [\"plugins/**\"]}}\n");
    write("tools/cli/plugins/deep/p1/package.json", "{\"name\": \"p1\"}\n");
    write("node_modules/dep/package.json", "{\"name\": \"dep\"}\n");
    index();
    assertEquals(List.of(". mono npm", "packages/a @mono/a npm", "packages/b @mono/b npm", "tools/cli cli npm",
        "tools/cli/plugins/deep/p1 p1 npm"), layout());
  }

  @Test
  void pnpmWorkspacePackages() throws Exception {
    write("package.json", "{\"name\": \"root\"}\n");
    write("pnpm-workspace.yaml", "# the workspace\npackages:\n  - 'apps/*'\n  - \"libs/**\"\n  - '!libs/internal'\nother: x\n");
    write("apps/web/package.json", "{\"name\": \"web\"}\n");
    write("libs/ui/package.json", "{\"name\": \"ui\"}\n");
    write("libs/internal/package.json", "{\"name\": \"internal\"}\n");
    index();
    assertEquals(List.of(". root npm", "apps/web web npm", "libs/ui ui npm"), layout());
  }

  @Test
  void goWorkUsesElseEveryGoMod() throws Exception {
    write("go.work", "go 1.22\n\nuse (\n\t./svc\n\t./lib // the shared code\n)\nuse ./tool\n");
    write("svc/go.mod", "module example.com/svc\n\ngo 1.22\n");
    write("svc/main.go", "package main\n\nfunc main() {}\n");
    write("lib/go.mod", "module example.com/lib\n");
    write("tool/go.mod", "module \"example.com/tool\"\n");
    write("unused/go.mod", "module example.com/unused\n");
    index();
    assertEquals(List.of("lib example.com/lib go", "svc example.com/svc go", "tool example.com/tool go"), layout());
  }

  @Test
  void goModulesWithoutAWorkspace() throws Exception {
    write("go.mod", "module example.com/top\n");
    write("sub/go.mod", "module example.com/top/sub\n");
    write("sub/x.go", "package sub\n");
    index();
    assertEquals(List.of(". example.com/top go", "sub example.com/top/sub go"), layout());
  }

  @Test
  void cargoWorkspaceMembersWithGlobs() throws Exception {
    write("Cargo.toml", "[workspace]\nmembers = [\"crates/*\", \"bin\"]\n");
    write("crates/net/Cargo.toml", "[package]\nname = \"net\"\nversion = \"0.1.0\"\n");
    write("crates/net/src/lib.rs", "pub fn connect() {}\n");
    write("crates/io/Cargo.toml", "[package]\nname = \"io-util\"\n");
    write("bin/Cargo.toml", "[package]\nname = \"app\"\n");
    write("crates/net/tests/fixture/Cargo.toml", "[package]\nname = \"fixture\"\n");
    index();
    assertEquals(List.of(". . cargo", "bin app cargo", "crates/io io-util cargo", "crates/net net cargo"), layout());
  }

  @Test
  void bazelPackagesWhenTheRootIsAWorkspace() throws Exception {
    write("MODULE.bazel", "module(name = \"mono\")\n");
    write("BUILD.bazel", "\n");
    write("src/server/BUILD", "java_library(name = \"server\")\n");
    write("src/server/Server.java", "package server;\n\npublic class Server {}\n");
    write("src/client/BUILD.bazel", "\n");
    index();
    assertEquals(List.of(". // bazel", "src/client //src/client bazel", "src/server //src/server bazel"), layout());
  }

  @Test
  void bazelBuildFilesAloneMakeNoPackages() throws Exception {
    write("src/server/BUILD", "java_library(name = \"server\")\n");
    index();
    assertEquals(List.of(), layout());
  }

  @Test
  void pythonProjectsByPyprojectSetupCfgOrSetupPy() throws Exception {
    write("svc/pyproject.toml", "[project]\nname = \"svc\"\nversion = \"1\"\n");
    write("svc/svc/__init__.py", "\n");
    write("poetry/pyproject.toml", "[tool.poetry]\nname = \"po\"\n");
    write("legacy/setup.cfg", "[metadata]\nname = old-lib\n");
    write("legacy/setup.py", "from setuptools import setup\nsetup()\n");
    write("plain/setup.py", "from setuptools import setup\nsetup(name=\"plain-pkg\", version=\"1\")\n");
    write("nameless/pyproject.toml", "[build-system]\nrequires = []\n");
    index();
    assertEquals(List.of("legacy old-lib python", "nameless nameless python", "plain plain-pkg python", "poetry po python",
        "svc svc python"), layout());
  }

  @Test
  void aDirectoryTwoSystemsClaimGoesToTheFirstAndAMalformedManifestStillCounts() throws Exception {
    write("pom.xml", "<project><artifactId>root</artifactId><modules><module>web</module></modules></project>\n");
    write("web/pom.xml", "<project><artifactId>web</artifactId></project>\n");
    write("web/package.json", "{\"name\": \"web-npm\"}\n");
    write("broken/package.json", "{not json\n");
    index();
    assertEquals(List.of(". root maven", "broken broken npm", "web web maven"), layout());
  }

  @Test
  void aScopeIsANameOrADirectoryAndAnUnknownOneListsKnownNames() throws Exception {
    mavenTree();
    try (Searcher s = Searcher.open(engine)) {
      SubProjectLayout layout = SubProjects.layout(s, root, ExploreMemo.NONE);
      SubProject cli = layout.resolve("cli");
      assertEquals(cli, layout.resolve("apps/cli"));
      assertEquals(cli, layout.resolve("./apps/cli/"));
      assertEquals("parent", layout.resolve(".").name());
      assertTrue(layout.within(cli).test("apps/cli/src/main/java/app/Main.java"));
      assertFalse(layout.within(layout.resolve("apps")).test("apps/cli/src/main/java/app/Main.java"), "the deepest holds it");
      assertFalse(layout.within(cli).test("core/pom.xml"));
      SymdexException.InvalidQuery e = assertThrows(SymdexException.InvalidQuery.class, () -> layout.resolve("nope"));
      assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("core-lib (core)") && e.getMessage().contains("cli (apps/cli)"),
          e.getMessage());
    }
  }

  @Test
  void twoSubProjectsOfOneNameAreTakenByDirectory() throws Exception {
    write("package.json", "{\"name\": \"r\", \"workspaces\": [\"a/*\"]}\n");
    write("a/x/package.json", "{\"name\": \"same\"}\n");
    write("a/y/package.json", "{\"name\": \"same\"}\n");
    index();
    try (Searcher s = Searcher.open(engine)) {
      SubProjectLayout layout = SubProjects.layout(s, root, ExploreMemo.NONE);
      assertEquals("a/y", layout.resolve("a/y").path());
      SymdexException.InvalidQuery e = assertThrows(SymdexException.InvalidQuery.class, () -> layout.resolve("same"));
      assertTrue(e.getMessage().contains("a/x, a/y"), e.getMessage());
    }
  }

  @Test
  void theMemoKeepsSummariesForTheGenerationAndFindsThemAgainAfterAChange() throws Exception {
    mavenTree();
    ExploreMemo memo = ExploreMemo.create();
    List<SubProjects.Summary> first = summaries(memo);
    assertSame(first, summaries(memo), "nothing changed: the same summaries, not computed again");
    write("tools/pom.xml", "<project><artifactId>tools</artifactId></project>\n");
    write("pom.xml", "<project><groupId>g</groupId><artifactId>parent</artifactId><modules><module>core</module>"
        + "<module>apps</module><module>tools</module></modules></project>\n");
    index();
    List<SubProjects.Summary> second = summaries(memo);
    assertNotSame(first, second);
    assertEquals(List.of(". parent maven", "apps apps maven", "apps/cli cli maven", "core core-lib maven", "tools tools maven"),
        layout(memo));
  }

  @Test
  void exploreUnderAScopeMapsOnlyItsFiles() throws Exception {
    mavenTree();
    try (Searcher s = Searcher.open(engine)) {
      ExploreMap map = new Explorer(s, root).explore(Optional.empty(), Optional.of("core-lib"), Detail.FULL, Optional.empty(),
          Caps.DEFAULTS);
      assertEquals(4, map.identity().files(), "core's files only");
      assertTrue(map.notes().contains("scope: sub-project core-lib (maven, core)"), map.notes().toString());
      assertTrue(map.modules().items().stream().allMatch(m -> m.path().equals("core") || m.path().startsWith("core/")),
          "Explore's modules of core's files only: " + map.modules());
      assertThrows(SymdexException.InvalidQuery.class,
          () -> new Explorer(s, root).explore(Optional.empty(), Optional.of("nope"), Detail.FULL, Optional.empty(), Caps.DEFAULTS));
    }
  }
}
