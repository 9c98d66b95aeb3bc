package dev.symdex.engine.query.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.model.FileState;
import dev.symdex.engine.model.FileStatus;
import dev.symdex.engine.query.explore.ExploreMap.Dependency;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small manifest readers on their own: the forms they take, and the input they refuse. */
class ManifestParsersTest {
  @TempDir Path root;

  private static List<String> deps(ParsedManifest m) {
    return m.dependencies().stream().map(ManifestParsersTest::show).toList();
  }

  private static String show(Dependency d) {
    return d.name() + "|" + d.version() + "|" + d.scope();
  }

  @Test
  void jsonReadsNestedValuesAndRefusesBrokenOrDeepInput() throws Exception {
    assertEquals(Map.of("a", List.of("1", Boolean.TRUE, "null", "x\u00e9\n")), Json.parse(" {\"a\": [1, true, null, \"x\\u00e9\\n\"]} "));
    assertThrows(MalformedManifest.class, () -> Json.parse("{\"a\": 1,}"));
    assertThrows(MalformedManifest.class, () -> Json.parse("{\"a\": 1} x"));
    assertThrows(MalformedManifest.class, () -> Json.parse("\"open"));
    assertThrows(MalformedManifest.class, () -> Json.parse("[".repeat(100_000)), "deep nesting is refused, not a stack overflow");
    MalformedManifest e = assertThrows(MalformedManifest.class, () -> Json.parse("{\n\"a\":\n  oops}"));
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }

  @Test
  void tomlReadsTablesMultiLineArraysAndInlineTables() throws Exception {
    Map<String, Map<String, Object>> t = Toml.parse("""
        top = 'lit'
        [a.b]
        list = [
          "x", # comment
          'y',
        ]
        inline = { version = "1.0", features = ["f"] }
        "quoted" = 3
        [[bin]]
        name = "skipped"
        """);
    assertEquals(Map.of("top", "lit"), t.get(""));
    assertEquals(List.of("x", "y"), t.get("a.b").get("list"));
    assertEquals(Map.of("version", "1.0", "features", List.of("f")), t.get("a.b").get("inline"));
    assertEquals("3", t.get("a.b").get("quoted"));
    assertEquals(List.of("", "a.b"), List.copyOf(t.keySet()), "array tables are skipped");
    assertThrows(MalformedManifest.class, () -> Toml.parse("[open\n"));
    assertThrows(MalformedManifest.class, () -> Toml.parse("key = \"open\n"));
    assertThrows(MalformedManifest.class, () -> Toml.parse("just words\n"));
  }

  @Test
  void mavenResolvesPropertiesFromTheSamePomAndTheParentsVersion() throws Exception {
    ParsedManifest pom = MavenPom.parse("pom.xml", """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <parent><groupId>g</groupId><artifactId>parent</artifactId><version>7</version></parent>
          <artifactId>child</artifactId>
          <properties><a.version>${b.version}</a.version><b.version>2.0</b.version></properties>
          <dependencyManagement><dependencies>
            <dependency><groupId>m</groupId><artifactId>managed</artifactId><version>${a.version}</version></dependency>
          </dependencies></dependencyManagement>
          <dependencies>
            <dependency><groupId>g</groupId><artifactId>sibling</artifactId><version>${project.version}</version></dependency>
            <dependency><groupId>u</groupId><artifactId>unknown</artifactId><version>${nope}</version></dependency>
          </dependencies>
          <modules><module>core</module></modules>
        </project>
        """);
    assertEquals("g:child", pom.name());
    assertEquals(List.of("g:sibling|7|", "u:unknown|${nope}|", "m:managed|2.0|managed"), deps(pom));
    assertEquals(List.of("core"), pom.workspaces());
    assertThrows(MalformedManifest.class, () -> MavenPom.parse("pom.xml", "<settings/>"), "not a pom");
  }

  @Test
  void gradleReadsTheCommonDependencyFormsOfBothDsls() {
    ParsedManifest g = GradleBuild.parse("build.gradle.kts", """
        dependencies {
            implementation("a:b:1")
            api 'c:d:2'
            testRuntimeOnly("e:f")
            implementation(platform("p:bom:3"))
            implementation(libs.guava)
        }
        application { mainClass.set("x.Main") }
        """);
    assertEquals(List.of("a:b|1|implementation", "c:d|2|api", "e:f||testRuntimeOnly", "p:bom|3|implementation"), deps(g));
    assertEquals(List.of("gradle-main-class application mainClass x.Main"),
        g.entryPoints().stream().map(e -> e.kind() + " " + e.why()).toList(), "also inside a one-line block");
    ParsedManifest app = GradleBuild.parse("build.gradle", "application {\n  mainClassName = \"x.Main\"\n}\n");
    assertEquals("build.gradle:2 x.Main", app.entryPoints().getFirst().path() + ":" + app.entryPoints().getFirst().line() + " x.Main");
  }

  @Test
  void goModReadsSingleAndBlockRequires() {
    ParsedManifest m = GoMod.parse("module m\nrequire a.b/c v1.0.0\nrequire (\n  d/e v2.0.0 // indirect\n)\n");
    assertEquals("m", m.name());
    assertEquals(List.of("a.b/c|v1.0.0|", "d/e|v2.0.0|indirect"), deps(m));
  }

  @Test
  void pythonReadsPoetryAndRequirementMarkers() throws Exception {
    ParsedManifest p = PythonManifests.pyproject("pyproject.toml", """
        [tool.poetry]
        name = "po"
        [tool.poetry.dependencies]
        python = "^3.11"
        httpx = { version = "^0.27", extras = ["http2"] }
        [tool.poetry.group.test.dependencies]
        pytest = "^8"
        [tool.poetry.scripts]
        po = "po.cli:main"
        """);
    assertEquals("po", p.name());
    assertEquals(List.of("httpx|^0.27|", "pytest|^8|test"), deps(p));
    assertEquals("pyproject.toml:9 python-script", p.entryPoints().getFirst().path() + ":" + p.entryPoints().getFirst().line() + " "
        + p.entryPoints().getFirst().kind());
    assertEquals(List.of("a|>=1,<2|", "b||"), deps(PythonManifests.requirementsTxt("a[extra] >=1,<2 ; python_version<'3'\nb\n--index-url x\n")));
  }

  @Test
  void cargoReadsWorkspaces() throws Exception {
    ParsedManifest c = CargoToml.parse("[workspace]\nmembers = [\"a\", \"crates/*\"]\n[workspace.dependencies]\nserde = { workspace = true }\nx = { git = \"https://g\" }\n");
    assertEquals(List.of("a", "crates/*"), c.workspaces());
    assertEquals(List.of("serde|workspace|workspace.dependencies", "x|git:https://g|workspace.dependencies"), deps(c));
  }

  @Test
  void sourceRefusesLargeBinaryNonUtf8AndEscapingFiles() throws Exception {
    ManifestSource source = new ManifestSource(root);
    FileState text = new FileState(1, 0, 0, 0, Optional.empty(), Optional.empty(), FileStatus.UNSUPPORTED, false);
    Files.writeString(root.resolve("big.json"), " ".repeat((int) ManifestSource.MAX_BYTES + 1), StandardCharsets.UTF_8);
    assertTrue(source.read("big.json", text).skipped().startsWith("too large"));
    Files.write(root.resolve("latin1.txt"), new byte[] {'a', (byte) 0xe9});
    assertEquals("not UTF-8 text", source.read("latin1.txt", text).skipped());
    assertEquals("outside the project root", source.read("../x", text).skipped());
    assertTrue(source.read("missing.txt", text).skipped().startsWith("not a regular file"));
    Files.writeString(root.resolve("ok.txt"), "\uFEFFhi", StandardCharsets.UTF_8);
    assertEquals(new ManifestSource.Read("hi", ""), source.read("ok.txt", text), "a byte order mark is dropped");
  }
}
