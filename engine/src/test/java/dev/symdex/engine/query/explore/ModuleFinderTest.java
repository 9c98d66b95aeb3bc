package dev.symdex.engine.query.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a module is: build modules when there are several, else source directories split down to their packages. */
class ModuleFinderTest {
  private static List<String> files(String dir, int n, String ext) {
    return IntStream.range(0, n).mapToObj(i -> dir + "/F" + i + ext).toList();
  }

  @Test
  void buildModulesTakeTheirFilesAndTheDeepestWins() {
    List<String> paths = new ArrayList<>(List.of("package.json", "README.md", "packages/ui/package.json", "packages/ui/src/a.ts",
        "packages/ui/nested/go.mod", "packages/ui/nested/main.go", "crates/x/Cargo.toml", "crates/x/src/lib.rs", "docs/guide.md"));
    ModuleFinder.Modules m = ModuleFinder.find(paths);
    assertEquals(Map.of(".", List.of("README.md", "docs/guide.md", "package.json"),
        "crates/x", List.of("crates/x/Cargo.toml", "crates/x/src/lib.rs"),
        "packages/ui", List.of("packages/ui/package.json", "packages/ui/src/a.ts"),
        "packages/ui/nested", List.of("packages/ui/nested/go.mod", "packages/ui/nested/main.go")), m.files());
    assertEquals(Map.of(".", "npm", "crates/x", "cargo", "packages/ui", "npm", "packages/ui/nested", "go"), m.kinds());
  }

  @Test
  void filesOutsideEveryModuleFormTheRootDirectoryModule() {
    ModuleFinder.Modules m = ModuleFinder.find(List.of("a/pom.xml", "a/A.java", "b/build.gradle.kts", "b/B.kt", "tools/x.py"));
    assertEquals(List.of(".", "a", "b"), List.copyOf(m.files().keySet()));
    assertEquals(List.of("directory", "maven", "gradle"), List.copyOf(m.kinds().values()));
  }

  @Test
  void oneBuildSplitsIntoDirectoriesDownToJavaPackages() {
    List<String> paths = new ArrayList<>(List.of("pom.xml", "README.md"));
    paths.addAll(files("src/main/java/com/acme/net", 40, ".java"));
    paths.addAll(files("src/main/java/com/acme/db", 30, ".java"));
    paths.addAll(files("src/test/java/com/acme/net", 25, ".java"));
    paths.addAll(files("docs", 3, ".md"));
    ModuleFinder.Modules m = ModuleFinder.find(paths);
    assertEquals(List.of(".", "docs", "src/main/java/com/acme/db", "src/main/java/com/acme/net", "src/test/java/com/acme/net"),
        List.copyOf(m.files().keySet()), "units above a tenth of the files (and 20) are split: the chain src/main/java/com/acme opens");
    assertEquals(2, m.files().get(".").size());
    assertEquals(40, m.files().get("src/main/java/com/acme/net").size());
    assertEquals(List.of("directory"), m.kinds().values().stream().distinct().toList());
  }

  @Test
  void buildsHoldingLittleOfTheTreeDoNotMakeItsModules() {
    List<String> paths = new ArrayList<>(List.of("tools/a/pom.xml", "tools/a/A.java", "tools/b/pom.xml", "tools/b/B.java"));
    paths.addAll(files("src/hotspot", 30, ".cpp"));
    paths.addAll(files("src/java.base", 30, ".java"));
    ModuleFinder.Modules m = ModuleFinder.find(paths);
    assertEquals(List.of("src/hotspot", "src/java.base", "tools"), List.copyOf(m.files().keySet()),
        "two small Maven tools beside 60 other files: the tree is split by directory");
  }

  @Test
  void aSmallTreeKeepsItsTopLevelDirectories() {
    ModuleFinder.Modules m = ModuleFinder.find(List.of("main.py", "pkg/a/x.py", "pkg/b/y.py", "tests/test_x.py"));
    assertEquals(List.of(".", "pkg", "tests"), List.copyOf(m.files().keySet()));
    assertEquals(m, ModuleFinder.find(List.of("tests/test_x.py", "pkg/b/y.py", "main.py", "pkg/a/x.py")), "order of the input does not matter");
  }
}
