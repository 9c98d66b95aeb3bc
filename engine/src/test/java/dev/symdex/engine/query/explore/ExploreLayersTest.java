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
import dev.symdex.engine.query.explore.ExploreMap.ApiDefinition;
import dev.symdex.engine.query.explore.ExploreMap.Changes;
import dev.symdex.engine.query.explore.ExploreMap.FileApi;
import dev.symdex.engine.query.explore.ExploreMap.Module;
import dev.symdex.engine.query.explore.ExploreMap.ModuleApi;
import dev.symdex.engine.query.explore.ExploreMap.TypeEdge;
import dev.symdex.engine.query.plan.TokenCounter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ranked layers of Explore (modules, API surface, type graph), the change digest, detail
 * levels and the token budget, on a real index of a small git tree: two Maven modules where
 * {@code core} is imported by {@code app} (so it is the more central), a Java class hierarchy
 * across files and modules, and a Rust crate with a trait impl.
 */
class ExploreLayersTest {
  private static final String CORE = "core/src/main/java/lib/core/";
  private static final String APP = "app/src/main/java/app/";

  @TempDir Path root;
  @TempDir Path data;
  private Engine engine;
  private String base;

  @BeforeEach
  void index() throws Exception {
    write("pom.xml", "<project><artifactId>parent</artifactId><modules><module>core</module><module>app</module></modules></project>\n");
    write("core/pom.xml", "<project><artifactId>core</artifactId></project>\n");
    write("app/pom.xml", "<project><artifactId>app</artifactId></project>\n");
    write(CORE + "Shape.java", "package lib.core;\n\npublic interface Shape {\n  double area();\n}\n");
    write(CORE + "AbstractShape.java", "package lib.core;\n\npublic abstract class AbstractShape implements Shape {\n"
        + "  public String describe() {\n    return \"area \" + area();\n  }\n}\n");
    write(CORE + "Circle.java", "package lib.core;\n\npublic class Circle extends AbstractShape implements Comparable<Circle> {\n"
        + "  private final double r;\n\n  public Circle(double r) {\n    this.r = r;\n  }\n\n"
        + "  public double area() {\n    return Util.square(r) * 3.14;\n  }\n\n"
        + "  public int compareTo(Circle o) {\n    return Double.compare(r, o.r);\n  }\n}\n");
    write(CORE + "Util.java", "package lib.core;\n\nfinal class Util {\n  static double square(double x) {\n    return x * x;\n  }\n}\n");
    write(APP + "Main.java", "package app;\n\nimport lib.core.Circle;\nimport lib.core.Shape;\n\npublic class Main {\n"
        + "  public static void main(String[] args) {\n    Shape s = new Circle(2);\n    System.out.println(s.area());\n"
        + "    System.out.println(new Square(3).describe());\n  }\n}\n");
    write(APP + "Square.java", "package app;\n\nimport lib.core.AbstractShape;\n\npublic class Square extends AbstractShape {\n"
        + "  private final double side;\n\n  public Square(double side) {\n    this.side = side;\n  }\n\n"
        + "  public double area() {\n    return side * side;\n  }\n}\n");
    write("rs/Cargo.toml", "[package]\nname = \"dots\"\n");
    write("rs/src/lib.rs", "pub trait Draw {\n    fn draw(&self);\n}\n\npub struct Dot;\n\nimpl Draw for Dot {\n    fn draw(&self) {}\n}\n\n"
        + "impl Dot {\n    pub fn new() -> Dot {\n        Dot\n    }\n}\n");
    try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      base = git.commit().setMessage("base").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call()
          .getName();
    }
    engine = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS);
    reindex();
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

  private void reindex() throws Exception {
    engine.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
  }

  private ExploreMap explore(Optional<String> focus, Detail detail, Optional<String> since, Caps caps) throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      return new Explorer(s, root).explore(focus, detail, since, caps);
    }
  }

  private ExploreMap explore() throws Exception {
    return explore(Optional.empty(), Detail.FULL, Optional.empty(), Caps.DEFAULTS);
  }

  private static Module module(ExploreMap map, String path) {
    return map.modules().items().stream().filter(m -> m.path().equals(path)).findFirst().orElseThrow(() -> new AssertionError(path));
  }

  private static List<String> edges(ExploreMap map) {
    return map.types().edges().items().stream()
        .map(e -> e.type() + " " + e.relation() + " " + e.supertype() + " -> " + e.supertypePath()).sorted().toList();
  }

  @Test
  void modulesAreTheBuildModulesAndTheImportedOneRanksFirst() throws Exception {
    ExploreMap map = explore();
    List<String> paths = map.modules().items().stream().map(Module::path).toList();
    assertEquals(List.of(".", "app", "core", "rs"), paths.stream().sorted().toList(), "one module per build manifest directory");
    assertEquals("core", paths.getFirst(), "app imports and calls core: core is the most central " + map.modules());
    Module core = module(map, "core");
    Module app = module(map, "app");
    assertTrue(core.centrality() > app.centrality(), core + " vs " + app);
    assertEquals("maven", core.kind());
    assertEquals("cargo", module(map, "rs").kind());
    assertEquals(5, core.files(), "its pom and four sources");
    assertEquals(List.of("java"), core.languages());
    double sum = map.modules().items().stream().mapToDouble(Module::centrality).sum();
    assertEquals(1.0, sum, 1e-6, "every indexed file is in one module: the ranks sum to 1");
    for (int i = 1; i < map.modules().items().size(); i++) {
      assertTrue(map.modules().items().get(i - 1).centrality() >= map.modules().items().get(i).centrality(), "most central first");
    }
  }

  @Test
  void theCentralityComesFromTheGivenSourceOncePerMapAndNotAtOverview() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    Centrality counting = s -> {
      asked.incrementAndGet();
      return Centrality.builtPerCall().ranks(s);
    };
    try (Searcher s = Searcher.open(engine)) {
      ExploreMap overview = new Explorer(s, root, counting).explore(Optional.empty(), Detail.OVERVIEW, Optional.empty(), Caps.DEFAULTS);
      assertEquals(0, asked.get(), "no ranking at detail 0");
      assertEquals(0, overview.modules().total());
      ExploreMap full = new Explorer(s, root, counting).explore(Optional.empty(), Detail.FULL, Optional.empty(), Caps.DEFAULTS);
      assertEquals(1, asked.get(), "one ranking serves the modules, the API surface and the type graph");
      assertEquals(explore(), full);
    }
  }

  @Test
  void withoutRanksYetTheMapSaysSoAndOrdersModulesByFiles() throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      ExploreMap pending = new Explorer(s, root, searcher -> Optional.empty()).explore(Optional.empty(), Caps.DEFAULTS);
      assertEquals(List.of(ExploreMap.CENTRALITY_PENDING), pending.notes());
      assertTrue(ExploreText.render(pending).contains("note: " + ExploreMap.CENTRALITY_PENDING), "the text says it too");
      List<ExploreMap.Module> modules = pending.modules().items();
      for (int i = 1; i < modules.size(); i++) {
        assertEquals(0.0, modules.get(i).centrality());
        assertTrue(modules.get(i - 1).files() >= modules.get(i).files(), "most files first: " + modules);
      }
      assertEquals(List.of(), explore().notes(), "ranks at hand: no note");
    }
  }

  @Test
  void theApiSurfaceListsPublicDefinitionsOfTheTopModulesWithTheirSourceLine() throws Exception {
    ExploreMap map = explore();
    ModuleApi core = map.api().items().getFirst();
    assertEquals("core", core.module(), "the most central module first");
    assertEquals(4, core.files().total(), "core's parsed files");
    List<String> files = core.files().items().stream().map(FileApi::path).toList();
    assertFalse(files.contains(CORE + "Util.java"), "Util is package-private: no API " + files);
    assertTrue(files.containsAll(List.of(CORE + "Shape.java", CORE + "AbstractShape.java", CORE + "Circle.java")), files.toString());
    for (int i = 1; i < core.files().items().size(); i++) {
      assertTrue(core.files().items().get(i - 1).centrality() >= core.files().items().get(i).centrality(), "most central file first");
    }
    FileApi circle = core.files().items().stream().filter(f -> f.path().endsWith("Circle.java")).findFirst().orElseThrow();
    assertEquals(List.of(
        "3 class Circle: public class Circle extends AbstractShape implements Comparable<Circle> {",
        "6 constructor Circle.Circle: public Circle(double r) {",
        "10 method Circle.area: public double area() {",
        "14 method Circle.compareTo: public int compareTo(Circle o) {"),
        circle.definitions().items().stream().map(d -> d.line() + " " + d.kind() + " " + d.name() + ": " + d.signature()).toList(),
        "public definitions only (not the private field), in source order, with their line as written");
    List<String> rust = map.api().items().stream().filter(m -> m.module().equals("rs")).findFirst()
        .map(m -> m.files().items().getFirst().definitions().items().stream().map(ApiDefinition::signature).toList()).orElse(List.of());
    assertTrue(rust.isEmpty() || rust.contains("pub trait Draw {"), rust.toString());
  }

  @Test
  void aLongSignatureIsCappedWithoutSplittingACharacter() {
    String longLine = "public void f(" + "x".repeat(ApiSurface.SIGNATURE_CHARS - 18) + "\uD83D\uDE00 y) {";
    String capped = ApiSurface.cap(longLine);
    assertTrue(capped.length() <= ApiSurface.SIGNATURE_CHARS && capped.endsWith("..."), capped);
    assertFalse(Character.isHighSurrogate(capped.charAt(capped.length() - 4)), "no half surrogate pair before the dots");
    assertEquals("short();", ApiSurface.cap("short();"));
  }

  @Test
  void theTypeGraphResolvesSupertypesThroughImportsPackagesAndTraitImpls() throws Exception {
    ExploreMap map = explore();
    assertEquals(List.of(
        "AbstractShape implements Shape -> " + CORE + "Shape.java",
        "Circle extends AbstractShape -> " + CORE + "AbstractShape.java",
        "Circle implements Comparable<Circle> -> ",
        "Dot impl Draw -> rs/src/lib.rs",
        "Square extends AbstractShape -> " + CORE + "AbstractShape.java"), edges(map));
    assertEquals(map.types().filesTotal(), map.types().filesRead(), "a small project is read whole");
    TypeEdge square = map.types().edges().items().stream().filter(e -> e.type().equals("Square")).findFirst().orElseThrow();
    assertEquals(APP + "Square.java:5", square.path() + ":" + square.line());
  }

  @Test
  void capsCutTheNewLayersAndCountTheRest() throws Exception {
    Caps small = new Caps(15, 15, 40, 20, 40, 60, 5, 30, 2, 1, 1, 1, 3, 2, 1, 1);
    ExploreMap full = explore();
    ExploreMap cut = explore(Optional.empty(), Detail.FULL, Optional.empty(), small);
    assertEquals(full.modules().items().subList(0, 2), cut.modules().items());
    assertEquals(List.of(2, 4, 1), List.of(cut.modules().shown(), cut.modules().total(), cut.modules().truncated() ? 1 : 0));
    assertEquals(1, cut.api().shown());
    FileApi first = cut.api().items().getFirst().files().items().getFirst();
    assertEquals(1, first.definitions().shown());
    assertTrue(first.definitions().total() >= 1);
    assertEquals(1, cut.api().items().getFirst().files().shown());
    assertEquals(3, cut.types().filesRead(), "the three most central files only");
    assertEquals(full.types().filesTotal(), cut.types().filesTotal());
    assertTrue(cut.types().edges().shown() <= 2);
    assertEquals(cut.types().edges().total() > 2, cut.types().edges().truncated());
    String text = ExploreText.render(cut);
    assertTrue(text.contains("## modules by centrality (shown 2 of 4)"), text);
  }

  @Test
  void aFocusNarrowsTheNewLayers() throws Exception {
    ExploreMap map = explore(Optional.of("rs"), Detail.FULL, Optional.empty(), Caps.DEFAULTS);
    assertEquals(List.of("rs"), map.modules().items().stream().map(Module::path).toList());
    assertEquals(2, module(map, "rs").files(), "the focused files only");
    assertEquals(List.of("Dot impl Draw -> rs/src/lib.rs"), edges(map));
    assertEquals(List.of("rs"), map.api().items().stream().map(ModuleApi::module).toList());
    ExploreMap square = explore(Optional.of("Square"), Detail.FULL, Optional.empty(), Caps.DEFAULTS);
    assertTrue(edges(square).contains("Square extends AbstractShape -> " + CORE + "AbstractShape.java"), edges(square).toString());
    assertFalse(edges(square).toString().contains("Dot"), "rs is not near Square");
  }

  @Test
  void theDigestListsUncommittedEditsAndChangesSinceARevision() throws Exception {
    ExploreMap clean = explore();
    Changes none = clean.changes().uncommitted().orElseThrow();
    assertEquals(0, none.files().total());
    assertEquals(Optional.empty(), clean.changes().since());

    write(CORE + "Circle.java", Files.readString(root.resolve(CORE + "Circle.java"), StandardCharsets.UTF_8)
        .replace("  public int compareTo", "  public double perimeter() {\n    return 2 * 3.14 * r;\n  }\n\n  public int compareTo"));
    write(APP + "Triangle.java", "package app;\n\nimport lib.core.AbstractShape;\n\npublic class Triangle extends AbstractShape {\n"
        + "  public double area() {\n    return 1;\n  }\n}\n");
    reindex();
    ExploreMap edited = explore();
    Changes uncommitted = edited.changes().uncommitted().orElseThrow();
    assertEquals("", edited.changes().unavailable());
    assertEquals(List.of("added " + APP + "Triangle.java", "modified " + CORE + "Circle.java"),
        uncommitted.files().items().stream().map(f -> f.change().label() + " " + f.path()).toList());
    List<String> defs = uncommitted.definitions().items().stream().map(d -> d.change().label() + " " + d.name()).toList();
    assertTrue(defs.contains("added perimeter"), defs.toString());
    assertTrue(defs.contains("added Triangle"), defs.toString());

    try (Git git = Git.open(root.toFile())) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("more shapes").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
    }
    reindex();
    ExploreMap since = explore(Optional.empty(), Detail.MAP, Optional.of(base), Caps.DEFAULTS);
    assertEquals(0, since.changes().uncommitted().orElseThrow().files().total(), "all committed now");
    Changes sinceBase = since.changes().since().orElseThrow();
    assertEquals(base, sinceBase.commit());
    assertEquals(2, sinceBase.files().total());
    ExploreMap focused = explore(Optional.of("rs"), Detail.MAP, Optional.of(base), Caps.DEFAULTS);
    assertEquals(0, focused.changes().since().orElseThrow().files().total(), "nothing changed near rs");
    assertTrue(ExploreText.render(since).contains("## changes since " + base), ExploreText.render(since));
    assertThrows(SymdexException.InvalidQuery.class, () -> explore(Optional.empty(), Detail.MAP, Optional.of("no-such-rev"), Caps.DEFAULTS));
  }

  @Test
  void outsideGitTheDigestSaysWhyItIsMissing(@TempDir Path plain, @TempDir Path plainData) throws Exception {
    Files.writeString(plain.resolve("a.py"), "def f():\n    pass\n", StandardCharsets.UTF_8);
    try (Engine e = Engine.open(plain, plainData.resolve("index"), EngineOptions.DEFAULTS)) {
      e.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
      try (Searcher s = Searcher.open(e)) {
        ExploreMap map = new Explorer(s, plain).explore();
        assertFalse(map.changes().unavailable().isEmpty());
        assertEquals(Optional.empty(), map.changes().uncommitted());
        assertEquals(List.of("."), map.modules().items().stream().map(Module::path).toList());
        assertTrue(ExploreText.render(map).contains("## changes: none read, "), ExploreText.render(map));
        assertThrows(SymdexException.InvalidQuery.class,
            () -> new Explorer(s, plain).explore(Optional.empty(), Detail.MAP, Optional.of("HEAD"), Caps.DEFAULTS), "since asked outside git");
      }
    }
  }

  @Test
  void eachDetailLevelAddsItsLayers() throws Exception {
    ExploreMap overview = explore(Optional.empty(), Detail.OVERVIEW, Optional.empty(), Caps.DEFAULTS);
    assertTrue(overview.entryPoints().total() > 0);
    assertEquals(List.of(0, 0, 0, 0), List.of(overview.modules().total(), overview.manifests().total(), overview.api().total(),
        overview.types().edges().total()));
    assertEquals(Optional.empty(), overview.changes().uncommitted());
    String overviewText = ExploreText.render(overview);
    assertTrue(overviewText.contains("## entry points"), overviewText);
    assertFalse(overviewText.contains("## modules"), overviewText);
    assertFalse(overviewText.contains("## dependency manifests"), overviewText);

    ExploreMap map = explore(Optional.empty(), Detail.MAP, Optional.empty(), Caps.DEFAULTS);
    assertTrue(map.modules().total() > 0);
    assertTrue(map.manifests().total() > 0);
    assertTrue(map.changes().uncommitted().isPresent());
    assertEquals(0, map.api().total());
    assertEquals(0, map.types().edges().total());
    String mapText = ExploreText.render(map);
    assertTrue(mapText.contains("## modules by centrality") && !mapText.contains("## type graph") && !mapText.contains("## API of"), mapText);

    String fullText = ExploreText.render(explore());
    assertTrue(fullText.contains("## API of module core") && fullText.contains("## type graph"), fullText);
  }

  @Test
  void theBudgetCutsTheTextLaterLayersFirstAndSaysSo() throws Exception {
    ExploreMap map = explore();
    TokenCounter tokens = TokenCounter.o200k();
    String whole = ExploreText.render(map);
    int wholeTokens = tokens.count(whole);
    assertTrue(wholeTokens > 400, "the fixture's map is long enough to cut: " + wholeTokens);
    TextBudget.Fitted unlimited = ExploreText.render(map, 0);
    assertEquals(whole, unlimited.text());
    assertFalse(unlimited.cut());
    assertEquals(wholeTokens, unlimited.tokens());
    int previous = 0;
    for (int budget : new int[] {20, 60, 120, 200, 300, 400, wholeTokens - 1}) {
      TextBudget.Fitted fitted = ExploreText.render(map, budget);
      int counted = tokens.count(fitted.text());
      assertTrue(counted <= budget, budget + ": " + counted + " tokens\n" + fitted.text());
      assertEquals(counted, fitted.tokens());
      assertTrue(fitted.cut());
      assertTrue(counted >= previous, "a larger budget never shows less");
      previous = counted;
      if (budget >= 120) {
        assertTrue(fitted.text().startsWith("# project, detail 2\nhead "), fitted.text());
        assertTrue(fitted.text().contains("## cut to " + budget + " tokens: "), fitted.text());
        assertTrue(fitted.text().contains("raise --budget"), fitted.text());
      }
    }
    TextBudget.Fitted mid = ExploreText.render(map, 300);
    assertTrue(mid.text().contains("## entry points (shown "), mid.text());
    assertTrue(mid.text().contains("  app/src/main/java/app/Main.java:7 java-main"), "an early layer keeps its items: " + mid.text());
    assertEquals(ExploreText.render(map, wholeTokens).text(), whole, "a budget the text fits leaves it whole");
  }

  @Test
  void theSameIndexGivesTheSameLayersAndText() throws Exception {
    ExploreMap first = explore();
    ExploreMap second = explore();
    assertEquals(first, second);
    assertEquals(ExploreText.render(first), ExploreText.render(second));
    assertEquals(ExploreText.render(first, 250), ExploreText.render(second, 250));
  }

  @Test
  void aMemoAnswersAsAFreshMapForEveryFocusAndAnEditMovesIt() throws Exception {
    ExploreMemo memo = ExploreMemo.create();
    Optional<String> focus = Optional.of("app");
    for (int round = 0; round < 2; round++) {
      try (Searcher s = Searcher.open(engine)) {
        Explorer remembering = new Explorer(s, root, Centrality.builtPerCall(), memo);
        assertEquals(explore(), remembering.explore(Optional.empty(), Caps.DEFAULTS), "round " + round);
        assertEquals(explore(focus, Detail.FULL, Optional.empty(), Caps.DEFAULTS), remembering.explore(focus, Caps.DEFAULTS));
      }
      if (round == 0) {
        write("app/src/test/java/app/SquareTest.java", "package app;\n\nclass SquareTest {\n  void area() {}\n}\n");
        reindex();
      }
    }
    try (Searcher s = Searcher.open(engine)) {
      ExploreMap map = new Explorer(s, root, Centrality.builtPerCall(), memo).explore(Optional.empty(), Caps.DEFAULTS);
      assertTrue(map.tests().tested().items().stream().anyMatch(t -> t.path().equals(APP + "Square.java")
          && t.tests().items().equals(List.of("app/src/test/java/app/SquareTest.java"))), "the new generation's test map: " + map.tests());
    }
  }

  @Test
  void aMemoForgetsFilesThatAreGone() throws Exception {
    ExploreMemo memo = ExploreMemo.create();
    int mains = ExploreMemo.FORGET_SLACK + 50;
    for (int i = 0; i < mains; i++) {
      write("tools/t" + i + "/Main" + i + ".java", "package t;\npublic class Main" + i + " {\n  public static void main(String[] a) {}\n}\n");
    }
    reindex();
    try (Searcher s = Searcher.open(engine)) {
      new Explorer(s, root, Centrality.builtPerCall(), memo).explore(Optional.empty(), Detail.OVERVIEW, Optional.empty(), Caps.DEFAULTS);
    }
    int withTools = memo.remembered();
    assertTrue(withTools >= mains, "each main file's entry points are remembered: " + withTools);
    for (int i = 0; i < mains; i++) {
      Files.delete(root.resolve("tools/t" + i + "/Main" + i + ".java"));
    }
    reindex();
    try (Searcher s = Searcher.open(engine)) {
      ExploreMap map = new Explorer(s, root, Centrality.builtPerCall(), memo)
          .explore(Optional.empty(), Detail.OVERVIEW, Optional.empty(), Caps.DEFAULTS);
      assertTrue(map.entryPoints().items().stream().noneMatch(e -> e.path().startsWith("tools/")), map.entryPoints().toString());
    }
    assertTrue(memo.remembered() < withTools - ExploreMemo.FORGET_SLACK, "gone files forgotten: " + memo.remembered());
  }
}
