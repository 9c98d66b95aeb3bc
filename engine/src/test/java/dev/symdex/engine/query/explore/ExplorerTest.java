package dev.symdex.engine.query.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.ChangeSet;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.ProgressListener;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.explore.ExploreMap.BuildSystem;
import dev.symdex.engine.query.explore.ExploreMap.EntryPoint;
import dev.symdex.engine.query.explore.ExploreMap.LanguageShare;
import dev.symdex.engine.query.explore.ExploreMap.Manifest;
import dev.symdex.engine.query.explore.ExploreMap.TestedFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unranked layers of Explore on a real index of a small polyglot git tree: identity, entry
 * points, manifests (well-formed and not), the test map, caps, focus, determinism.
 */
class ExplorerTest {
  @TempDir Path root;
  @TempDir Path data;
  private Engine engine;
  private String head;

  @BeforeEach
  void index() throws Exception {
    write("pom.xml", """
        <?xml version="1.0"?>
        <project>
          <groupId>dev.example</groupId>
          <artifactId>app</artifactId>
          <version>1.2.0</version>
          <properties><junit.version>5.10.1</junit.version></properties>
          <dependencies>
            <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId>
              <version>${junit.version}</version><scope>test</scope></dependency>
            <dependency><groupId>dev.example</groupId><artifactId>core</artifactId><version>${project.version}</version></dependency>
          </dependencies>
          <build><plugins><plugin><configuration>
            <mainClass>app.Main</mainClass>
          </configuration></plugin></plugins></build>
        </project>
        """);
    write("src/main/java/app/Main.java", "package app;\n\npublic class Main {\n  public static void main(String[] args) {\n    Util.run();\n  }\n\n  public void main(int x) {}\n}\n");
    write("src/main/java/app/Util.java", "package app;\n\nclass Util {\n  static void run() {}\n}\n");
    write("src/test/java/app/UtilTest.java", "package app;\n\nclass UtilTest {\n  void runs() { Util.run(); }\n}\n");
    write("tools/cli.py", "import logging\n\nlog = logging.getLogger(__name__)\n\ndef go():\n    pass\n\nif __name__ == \"__main__\":\n    go()\n");
    write("tools/lib.py", "import logging\n\nlog = logging.getLogger(__name__)\nif __name__.startswith('x'):\n    pass\n");
    write("pkg/__init__.py", "");
    write("pkg/__main__.py", "print('hi')\n");
    write("pkg/parser.py", "def parse(text):\n    return text\n");
    write("tests/test_parser.py", "from pkg.parser import parse\n\ndef test_parse():\n    parse('x')\n");
    write("tests/test_parser_edge_cases.py", "from pkg.parser import parse\n\ndef test_edge():\n    parse('')\n");
    write("tests/test_nothing.py", "def test_nothing():\n    pass\n");
    write("go.mod", "module example.com/tool\n\ngo 1.22\n\nrequire (\n\tgithub.com/spf13/cobra v1.8.0\n\tgolang.org/x/sys v0.20.0 // indirect\n)\n");
    write("cmd/tool/main.go", "package main\n\nfunc main() {\n}\n");
    write("cmd/tool/flags.go", "package main\n\nfunc parseFlags() {}\n");
    write("cmd/tool/flags_test.go", "package main\n\nfunc TestFlags() {}\n");
    write("rs/Cargo.toml", "[package]\nname = \"rtool\"\n\n[dependencies]\nserde = { version = \"1.0\", features = [\"derive\"] }\nlocal = { path = \"../local\" }\nanyhow = \"1\"\n\n[dev-dependencies]\ntempfile = \"3\"\n");
    write("rs/src/main.rs", "fn main() {\n    println!(\"hi\");\n}\n");
    write("package.json", """
        {
          "name": "web",
          "bin": { "webtool": "bin/cli.js" },
          "scripts": { "build": "tsc -p .", "test": "jest" },
          "workspaces": ["packages/*"],
          "dependencies": { "react": "^18.2.0" },
          "devDependencies": { "jest": "29.7.0" }
        }
        """);
    write("web/foo.ts", "export function foo(): number { return 1; }\n");
    write("web/foo.test.ts", "import { foo } from './foo';\ntest('foo', () => foo());\n");
    write("pyproject.toml", """
        [project]
        name = "pytool"
        dependencies = [
          "requests>=2.31",  # http
          "click==8.1.7; python_version >= '3.8'",
        ]

        [project.optional-dependencies]
        dev = ["pytest"]

        [project.scripts]
        pytool = "tools.cli:go"
        """);
    write("requirements-dev.txt", "# tools\nblack==24.1.0\n-r requirements.txt\nruff  # lint\n");
    write("gradle/build.gradle", "plugins { id 'application' }\ndependencies {\n    implementation 'com.google.guava:guava:33.0.0-jre'\n"
        + "    testImplementation(\"org.junit.jupiter:junit-jupiter:5.10.1\")\n}\napplication {\n    mainClass = 'app.Main'\n}\n");
    write("c/main.c", "int main(void) {\n  return 0;\n}\n");
    write("broken/pom.xml", "<project><dependencies><dependency>\n</project>\n");
    write("xxe/pom.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE project [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
        + "<project><artifactId>&x;</artifactId></project>\n");
    write("badjson/package.json", "{ \"name\": \"x\", \"dependencies\": { \"a\": } }\n");
    Files.createDirectories(root.resolve("bin"));
    Files.write(root.resolve("bin/package.json"), new byte[] {'{', 0, 1, 2, (byte) 0xff, '}'});
    try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      RevCommit c = git.commit().setMessage("base").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
      head = c.getName();
    }
    engine = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS);
    engine.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private void write(String rel, String text) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
  }

  private ExploreMap explore(Optional<String> focus, Caps caps) throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      return new Explorer(s, root).explore(focus, caps);
    }
  }

  private ExploreMap explore() throws Exception {
    return explore(Optional.empty(), Caps.DEFAULTS);
  }

  private static Manifest manifest(ExploreMap map, String path) {
    return map.manifests().items().stream().filter(m -> m.path().equals(path)).findFirst().orElseThrow(() -> new AssertionError(path));
  }

  private static List<String> deps(Manifest m) {
    return m.dependencies().items().stream()
        .map(d -> String.join(" ", Stream.of(d.name(), d.version(), d.scope()).filter(x -> !x.isEmpty()).toList())).toList();
  }

  @Test
  void identityCountsFilesLanguagesAndBuildSystems() throws Exception {
    ExploreMap map = explore();
    assertEquals(head, map.identity().head());
    long onDisk = 0;
    int files = 0;
    try (var walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).filter(p -> !root.relativize(p).startsWith(".git")).toList()) {
        onDisk += Files.size(p);
        files++;
      }
    }
    assertEquals(files, map.identity().files());
    assertEquals(onDisk, map.identity().bytes());
    List<LanguageShare> byFiles = map.identity().byFiles().items();
    assertEquals("python", byFiles.getFirst().language(), "python has the most files: " + byFiles);
    assertEquals(8, byFiles.getFirst().files());
    assertTrue(byFiles.stream().anyMatch(l -> l.language().equals("java") && l.files() == 3));
    assertEquals(map.identity().byFiles().total(), map.identity().byBytes().total());
    List<Long> bytes = map.identity().byBytes().items().stream().map(LanguageShare::bytes).toList();
    assertEquals(bytes.stream().sorted((a, b) -> Long.compare(b, a)).toList(), bytes, "most bytes first");
    assertEquals(List.of("cargo", "go", "gradle", "maven", "npm", "python"),
        map.identity().buildSystems().items().stream().map(BuildSystem::name).toList());
    assertEquals(List.of("package.json", "badjson/package.json", "bin/package.json"),
        map.identity().buildSystems().items().stream().filter(b -> b.name().equals("npm")).findFirst().orElseThrow().paths(),
        "root first");
  }

  @Test
  void findsEntryPointsInSourceAndManifests() throws Exception {
    List<String> entries = explore().entryPoints().items().stream().map(e -> e.path() + ":" + e.line() + " " + e.kind()).toList();
    assertEquals(List.of(
        "c/main.c:1 c-main",
        "cmd/tool/main.go:3 go-main",
        "gradle/build.gradle:7 gradle-main-class",
        "package.json:3 npm-bin",
        "package.json:4 npm-script",
        "package.json:4 npm-script",
        "pkg/__main__.py:1 python-main-module",
        "pom.xml:13 maven-main-class",
        "pyproject.toml:12 python-script",
        "rs/src/main.rs:1 rust-main",
        "src/main/java/app/Main.java:4 java-main",
        "tools/cli.py:8 python-main"), entries);
    EntryPoint java = explore().entryPoints().items().stream().filter(e -> e.kind().equals("java-main")).findFirst().orElseThrow();
    assertTrue(java.why().contains("Main"), java.why());
  }

  @Test
  void entryPointsInTestCodeComeAfterTheOthers() throws Exception {
    write("aaa/test/driver.c", "int main(void) { return 0; }\n");
    write("abc/FooTest.java", "class FooTest {\n  public static void main(String[] args) {}\n}\n");
    engine.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
    List<String> paths = explore().entryPoints().items().stream().map(EntryPoint::path).toList();
    assertEquals(List.of("abc/FooTest.java", "aaa/test/driver.c").stream().sorted().toList(),
        paths.subList(paths.size() - 2, paths.size()), "test code last, though its paths sort first: " + paths);
    assertEquals("c/main.c", paths.get(0));
  }

  @Test
  void readsDependencyManifests() throws Exception {
    ExploreMap map = explore();
    Manifest pom = manifest(map, "pom.xml");
    assertEquals("dev.example:app", pom.name());
    assertEquals(List.of("org.junit.jupiter:junit-jupiter 5.10.1 test", "dev.example:core 1.2.0"), deps(pom), "properties resolved");
    Manifest npm = manifest(map, "package.json");
    assertEquals(List.of("react ^18.2.0 dependencies", "jest 29.7.0 devDependencies"), deps(npm));
    assertEquals(List.of("packages/*"), npm.workspaces());
    assertEquals(List.of("requests >=2.31", "click ==8.1.7", "pytest dev"), deps(manifest(map, "pyproject.toml")));
    assertEquals(List.of("black ==24.1.0", "ruff"), deps(manifest(map, "requirements-dev.txt")));
    assertEquals(List.of("github.com/spf13/cobra v1.8.0", "golang.org/x/sys v0.20.0 indirect"), deps(manifest(map, "go.mod")));
    Manifest cargo = manifest(map, "rs/Cargo.toml");
    assertEquals("rtool", cargo.name());
    assertEquals(List.of("serde 1.0", "local path:../local", "anyhow 1", "tempfile 3 dev-dependencies"), deps(cargo));
    assertEquals(List.of("com.google.guava:guava 33.0.0-jre implementation", "org.junit.jupiter:junit-jupiter 5.10.1 testImplementation"),
        deps(manifest(map, "gradle/build.gradle")));
  }

  @Test
  void reportsMalformedManifestsInsteadOfThrowing() throws Exception {
    ExploreMap map = explore();
    Manifest broken = manifest(map, "broken/pom.xml");
    assertTrue(broken.skipped().startsWith("not well-formed XML"), broken.skipped());
    assertEquals(0, broken.dependencies().total());
    Manifest xxe = manifest(map, "xxe/pom.xml");
    assertFalse(xxe.skipped().isEmpty(), "a DOCTYPE is refused");
    assertEquals("", xxe.name(), "no entity was expanded");
    assertEquals("binary content", manifest(map, "bin/package.json").skipped());
    assertTrue(manifest(map, "badjson/package.json").skipped().startsWith("not JSON"), manifest(map, "badjson/package.json").skipped());
    for (Manifest m : map.manifests().items()) {
      if (!m.skipped().isEmpty()) {
        assertTrue(ExploreText.render(map).contains(m.path() + " (" + m.kind() + ") skipped: " + m.skipped()), m.path());
      }
    }
  }

  @Test
  void mapsTestsToTestedFiles() throws Exception {
    ExploreMap map = explore();
    List<String> tested = map.tests().tested().items().stream().map(t -> t.path() + " <- " + t.tests().items()).toList();
    assertEquals(List.of(
        "cmd/tool/flags.go <- [cmd/tool/flags_test.go]",
        "pkg/parser.py <- [tests/test_parser.py, tests/test_parser_edge_cases.py]",
        "src/main/java/app/Util.java <- [src/test/java/app/UtilTest.java]",
        "web/foo.ts <- [web/foo.test.ts]"), tested);
    assertEquals(List.of("tests/test_nothing.py"), map.tests().unmatched().items());
  }

  @Test
  void capsCutSectionsAndSaySo() throws Exception {
    ExploreMap full = explore();
    ExploreMap cut = explore(Optional.empty(), new Caps(1, 2, 3, 4, 1, 2, 1, 0));
    assertEquals(1, cut.identity().byFiles().shown());
    assertEquals(full.identity().byFiles().total(), cut.identity().byFiles().total());
    assertTrue(cut.identity().byFiles().truncated());
    assertEquals(full.identity().byFiles().items().subList(0, 1), cut.identity().byFiles().items());
    assertEquals(2, cut.identity().buildSystems().shown());
    assertEquals(full.entryPoints().items().subList(0, 3), cut.entryPoints().items());
    assertEquals(full.entryPoints().total(), cut.entryPoints().total());
    assertTrue(cut.entryPoints().truncated());
    assertEquals(4, cut.manifests().shown());
    assertEquals(full.manifests().total(), cut.manifests().total());
    Manifest pom = manifest(explore(Optional.empty(), new Caps(15, 15, 40, 20, 1, 60, 5, 30)), "pom.xml");
    assertEquals(List.of(1, 2, 1), List.of(pom.dependencies().shown(), pom.dependencies().total(), pom.dependencies().truncated() ? 1 : 0));
    TestedFile parser = cut.tests().tested().items().stream().filter(t -> t.path().equals("pkg/parser.py")).findFirst().orElseThrow();
    assertEquals(1, parser.tests().shown());
    assertEquals(2, parser.tests().total());
    assertEquals(0, cut.tests().unmatched().shown());
    assertEquals(1, cut.tests().unmatched().total());
    assertFalse(full.entryPoints().truncated());
    assertTrue(ExploreText.render(cut).contains("## entry points (shown 3 of " + full.entryPoints().total() + ")"));
  }

  @Test
  void aPathFocusNarrowsEveryLayerToItsNeighbourhood() throws Exception {
    ExploreMap map = explore(Optional.of("./pkg/"), Caps.DEFAULTS);
    assertEquals("pkg", map.focus());
    assertEquals(5, map.identity().files(), "pkg's three files and the two tests importing parser.py");
    assertEquals(List.of("python"), map.identity().byFiles().items().stream().map(LanguageShare::language).toList());
    assertEquals(List.of("pkg/__main__.py:1 python-main-module"),
        map.entryPoints().items().stream().map(e -> e.path() + ":" + e.line() + " " + e.kind()).toList());
    assertEquals(List.of("go.mod", "package.json", "pom.xml", "pyproject.toml", "requirements-dev.txt"),
        map.manifests().items().stream().map(Manifest::path).toList(), "only the root's manifests govern pkg, not rs/ or gradle/ ones");
    assertEquals(List.of("pkg/parser.py"), map.tests().tested().items().stream().map(TestedFile::path).toList());
    assertEquals(List.of(), map.tests().unmatched().items());
  }

  @Test
  void aSymbolFocusStartsFromTheFilesDefiningIt() throws Exception {
    ExploreMap map = explore(Optional.of("parseFlags"), Caps.DEFAULTS);
    assertEquals(1, map.identity().files());
    assertEquals(List.of("cmd/tool/flags.go"), map.tests().tested().items().stream().map(TestedFile::path).toList());
    assertEquals(List.of(), map.entryPoints().items());
    ExploreMap none = explore(Optional.of("noSuchThing"), Caps.DEFAULTS);
    assertEquals(0, none.identity().files());
    assertEquals(0, none.manifests().total());
  }

  @Test
  void theSameIndexGivesTheSameMap() throws Exception {
    ExploreMap first = explore();
    ExploreMap second = explore();
    assertEquals(first, second);
    assertEquals(ExploreText.render(first), ExploreText.render(second));
    String text = ExploreText.render(first);
    assertTrue(text.contains("## dependency manifests (shown " + first.manifests().shown() + " of " + first.manifests().total() + ")"), text);
    assertTrue(text.contains("  src/main/java/app/Main.java:4 java-main - "), text);
    assertTrue(text.contains("    org.junit.jupiter:junit-jupiter 5.10.1 [test]"), text);
  }

  @Test
  void stopsWhenCancelled() throws Exception {
    try (Searcher s = Searcher.open(engine).cancelWhen(() -> true)) {
      assertThrows(SymdexException.Cancelled.class, () -> new Explorer(s, root).explore());
    }
  }
}
