package dev.symdex.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.proto.v1.FindDefinitionsRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which project and paths a command line means ({@link ProjectScope}), over real directories: the
 * deepest registered root holding the current directory, --project by id, id prefix, root or
 * directory name (several matches an error naming them), paths relative to the current directory
 * or absolute inside the root; and both CLI paths sending the same request from a data dir's files.
 */
class ProjectScopeTest {
  @TempDir Path tmp;

  private Path shop;
  private Path shopApi;
  private Path otherShop;
  private Path tools;
  private List<ProjectScope.Known> projects;
  private int listed;

  @BeforeEach
  void roots() throws Exception {
    shop = Files.createDirectories(tmp.resolve("work/shop")).toRealPath();
    shopApi = Files.createDirectories(shop.resolve("api")).toRealPath();
    otherShop = Files.createDirectories(tmp.resolve("old/shop")).toRealPath();
    tools = Files.createDirectories(tmp.resolve("work/tools")).toRealPath();
    Files.createDirectories(shopApi.resolve("src/main"));
    projects = List.of(new ProjectScope.Known("shop-1a2b", shop, true), new ProjectScope.Known("shop-api-77aa", shopApi, false),
        new ProjectScope.Known("shop-9f00", otherShop, false), new ProjectScope.Known("tools-c3d4", tools, false));
  }

  /** The projects as the daemon lists them; roots() says nothing, as for a daemon elsewhere. */
  private ProjectScope.Source daemon() {
    return new ProjectScope.Source() {
      @Override
      public List<ProjectScope.Known> roots() {
        return null;
      }

      @Override
      public List<ProjectScope.Known> withIds() {
        listed++;
        return projects;
      }
    };
  }

  private ProjectScope.Resolved resolve(String project, Path cwd, String... paths) {
    Map<String, String> p = new LinkedHashMap<>();
    for (int i = 0; i < paths.length; i += 2) {
      p.put(paths[i], paths[i + 1]);
    }
    return ProjectScope.resolve(project, p, cwd, true, daemon());
  }

  @Test
  void theProjectIsTheDeepestRootHoldingTheCurrentDirectory() {
    assertEquals(shopApi.toString(), resolve("", shopApi.resolve("src/main")).project(), "api is inside shop: the deeper root wins");
    assertEquals("", resolve("", shop.resolve("api2").getParent()).project(), "the default project is sent as \"\"");
    assertEquals(tools.toString(), resolve("", tools).project());
    assertEquals("", resolve("", tmp).project(), "outside every root: the daemon's default, as before");
  }

  @Test
  void projectTakesAnIdAPrefixARootOrADirectoryName() {
    assertEquals(tools.toString(), resolve("tools-c3d4", tmp).project());
    assertEquals(tools.toString(), resolve("too", tmp).project(), "a unique id prefix");
    assertEquals(shopApi.toString(), resolve("api", tmp).project(), "the root's directory name");
    assertEquals(otherShop.toString(), resolve(otherShop.toString(), tmp).project(), "a root");
    assertEquals(otherShop.toString(), resolve("../../../old/shop", tools.resolve("x")).project(), "a root relative to the current directory");
    assertEquals("", resolve("shop-1a2b", tools).project(), "the default project, named: sent as \"\"");
    assertEquals(shop.toString(), ProjectScope.resolve("shop-1", Map.of(), tools, false, daemon()).project(),
        "a project to remove is named by its root, the default one too");
    assertEquals("", ProjectScope.resolve("", Map.of(), tools, false, daemon()).project(), "and never taken from the current directory");
  }

  @Test
  void anAmbiguousOrUnknownProjectIsAnErrorNamingTheCandidates() {
    IllegalArgumentException ambiguous = assertThrows(IllegalArgumentException.class, () -> resolve("shop", tmp));
    String m = ambiguous.getMessage();
    assertTrue(m.contains("ambiguous"), m);
    assertTrue(m.contains("shop-1a2b (" + shop + ")") && m.contains("shop-9f00 (" + otherShop + ")") && m.contains("shop-api-77aa"), m);
    assertTrue(!m.contains("tools"), "only the candidates: " + m);

    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> resolve("nosuch", tmp));
    assertTrue(unknown.getMessage().contains("no project matches --project nosuch") && unknown.getMessage().contains("tools-c3d4"),
        unknown.getMessage());
  }

  @Test
  void pathsAreRelativeToTheCurrentDirectoryInsideTheProjectAndAbsoluteOnesToTheirRoot() {
    Path main = shopApi.resolve("src/main");
    assertEquals(Map.of("path", "src/main/Foo.java"), resolve("", main, "path", "./Foo.java").paths());
    assertEquals(Map.of("path", "src/Bar.java"), resolve("", main, "path", "../Bar.java").paths());
    assertEquals(Map.of("path_prefix", "src/main/"), resolve("", main, "path_prefix", ".").paths(), "a directory prefix");
    assertEquals(Map.of("path_prefix", ""), resolve("", shopApi, "path_prefix", "./").paths(), "the root: every file");
    assertEquals(Map.of("path", "src/main/Foo.java"), resolve("", shopApi, "path", "src/main/Foo.java").paths(), "at the root, as before");

    ProjectScope.Resolved abs = resolve("", tmp, "path", shopApi.resolve("src/main/Foo.java").toString());
    assertEquals(shopApi.toString(), abs.project(), "an absolute path names its project");
    assertEquals("src/main/Foo.java", abs.paths().get("path"));

    assertEquals(Map.of("path", "Foo.java"), resolve("tools", shop, "path", "Foo.java").paths(),
        "outside the named project: relative to its root, as before");
    IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
        () -> resolve("tools", tmp, "path", shop.resolve("A.java").toString()));
    assertTrue(outside.getMessage().contains("outside the project root " + tools), outside.getMessage());
    assertThrows(IllegalArgumentException.class, () -> resolve("", shopApi.resolve("src"), "path", "../../../escape.java"));
    assertThrows(IllegalArgumentException.class, () -> resolve("", shopApi, "path", "."), "the root is not a file");
  }

  @Test
  void theDataDirsFilesNameTheRootsWithoutAskingTheDaemon() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    assertEquals(List.of(), ProjectScope.dataDirRoots(null, data), "no daemon.json: no roots known");
    Files.writeString(data.resolve("daemon.json"), "{\"pid\":1,\"root\":\"" + shop + "\",\"address\":\"unix:" + data.resolve("symdex.sock")
        + "\",\"started\":\"2026-01-01T00:00:00Z\"}\n");
    Files.writeString(data.resolve("projects"), tools + "\n" + otherShop + "\n");
    List<ProjectScope.Known> roots = ProjectScope.dataDirRoots(null, data);
    assertEquals(List.of(shop, tools, otherShop), roots.stream().map(ProjectScope.Known::root).toList());
    assertTrue(roots.get(0).isDefault());
    assertNotNull(ProjectScope.dataDirRoots("unix:" + data.resolve("symdex.sock"), data), "--connect to the data dir's own daemon");
    assertNull(ProjectScope.dataDirRoots("unix:" + tmp.resolve("other.sock"), data), "another daemon: ask it");
    assertEquals(3, ProjectScope.dataDirRoots("unix:" + data.resolve("symdex.sock"), tmp.resolve("nodata")).size(),
        "--connect to a socket in a data dir: that data dir's daemon");

    ProjectScope.Source files = new ProjectScope.Source() {
      @Override
      public List<ProjectScope.Known> roots() {
        return ProjectScope.dataDirRoots(null, data);
      }

      @Override
      public List<ProjectScope.Known> withIds() {
        throw new AssertionError("the files tell: no ListProjects");
      }
    };
    assertEquals(tools.toString(), ProjectScope.resolve("", Map.of("path", "./A.java"), tools, true, files).project());
    assertEquals(otherShop.toString(), ProjectScope.resolve(otherShop.toString(), Map.of(), tmp, true, files).project());
  }

  @Test
  void bothCliPathsSendTheSameScopedRequest() throws Exception {
    // The JVM's current directory is the clients module: make its parent an added project.
    Path cwd = Path.of(System.getProperty("user.dir")).toRealPath();
    Path data = Files.createDirectories(tmp.resolve("data2"));
    Files.writeString(data.resolve("daemon.json"), "{\"pid\":1,\"root\":\"" + shop + "\",\"address\":\"unix:" + data.resolve("symdex.sock")
        + "\"}\n");
    Files.writeString(data.resolve("projects"), cwd.getParent() + "\n");
    String[] args = {"defs", "bar", "--path-prefix", "src/", "--data-dir", data.toString()};
    QuickCall.Parsed quick = QuickCall.parse(args);
    assertNotNull(quick, "the data dir's files tell the project: the fast path needs no ListProjects");
    byte[] full = new SymdexCli(System.out, System.err).requestFor(args).toByteArray();
    assertArrayEquals(full, quick.request());
    FindDefinitionsRequest sent = FindDefinitionsRequest.parseFrom(full);
    assertEquals(cwd.getParent().toString(), sent.getProject());
    assertEquals(cwd.getFileName() + "/src/", sent.getPathPrefix());
    assertNull(QuickCall.parse(new String[] {"defs", "bar", "--project", "cl", "--data-dir", data.toString()}),
        "an id prefix needs the daemon's ids: the full CLI asks ListProjects");
  }
}
