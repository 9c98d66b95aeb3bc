package dev.symdex.engine.scan;

import dev.symdex.engine.query.Searcher;

import static dev.symdex.engine.testing.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.index.ChangeSet;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.query.Hit;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.index.ProgressListener;
import dev.symdex.engine.testing.JGitWarmup;
import dev.symdex.engine.testing.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IgnoreRulesTest {
  @BeforeAll
  static void jgitKnowsTheFileSystem() {
    JGitWarmup.ensure();
  }

  @TempDir Path tmp;
  Path root;
  ExecutorService pool;
  final List<Engine> engines = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("src"));
    pool = Trees.pool("ignore-test");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Engine e : engines) {
      e.close();
    }
    Trees.shutdown(pool);
  }

  /** A git repository whose config points core.excludesFile at a file of the test's own. */
  void gitRepo(String globalExcludes) throws Exception {
    try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
      Path global = write(tmp, "global-ignore", globalExcludes);
      var config = git.getRepository().getConfig();
      config.setString("core", null, "excludesFile", global.toString());
      config.save();
    }
  }

  static Set<String> walk(SourceTree tree, String dir) throws IOException {
    List<String> errors = new ArrayList<>();
    Set<String> out = new TreeSet<>();
    for (ScannedFile f : tree.walk(dir, (p, e) -> errors.add(p + ": " + e))) {
      out.add(f.path());
    }
    assertEquals(List.of(), errors);
    return out;
  }

  void buildTree() throws Exception {
    gitRepo("*.gen.java\n");
    write(root, ".gitignore", "*.log\nbuild/\n!important.log\n");
    write(root, ".git/info/exclude", "secret/\n*.tmp\n");
    write(root, "Main.java", "class Main {}\n");
    write(root, "app.log", "x\n");
    write(root, "important.log", "x\n");
    write(root, "build/Out.java", "class Out {}\n");
    write(root, "build/nested/Deep.java", "class Deep {}\n");
    write(root, "notes/build", "a file named build: directory-only rules leave it alone\n");
    write(root, "secret/K.java", "class K {}\n");
    write(root, "x.tmp", "x\n");
    write(root, "Api.gen.java", "class Api {}\n");
    write(root, ".symdex-cookie-42", "");
    write(root, "sub/.symdex-cookie-7", "");
    write(root, "sub/.gitignore", "!keep.log\nlocal/\n");
    write(root, "sub/S.java", "class S {}\n");
    write(root, "sub/keep.log", "x\n");
    write(root, "sub/drop.log", "x\n");
    write(root, "sub/local/X.java", "class X {}\n");
    write(root, "sub/deeper/local/Y.java", "class Y {}\n");
    write(root, "sub/deeper/Z.java", "class Z {}\n");
    write(root, "sub/.git", "gitdir: ../elsewhere\n"); // a nested .git (as in a submodule) is never indexed either
    write(root, "local/L.java", "class L {}\n"); // sub's local/ rule does not reach here
  }

  static final Set<String> EXPECTED = new TreeSet<>(List.of(
      ".gitignore",
      "Main.java",
      "important.log",
      "local/L.java",
      "notes/build",
      "sub/.gitignore",
      "sub/S.java",
      "sub/deeper/Z.java",
      "sub/keep.log"));

  @Test
  void walkListsExactlyWhatGitWouldNotIgnore() throws Exception {
    buildTree();
    SourceTree tree = new SourceTree(root, IgnoreRules.load(root));
    assertEquals(EXPECTED, walk(tree, ""));
    assertEquals(new TreeSet<>(List.of("sub/.gitignore", "sub/S.java", "sub/deeper/Z.java", "sub/keep.log")), walk(tree, "sub"));
    assertEquals(Set.of(), walk(tree, "build"), "walking an ignored directory finds nothing");
    assertEquals(Set.of(), walk(tree, "sub/local"));
    assertEquals(Set.of(), walk(tree, "no-such-dir"));
  }

  @Test
  void isIgnoredFollowsEveryRuleSource() throws Exception {
    buildTree();
    IgnoreRules rules = IgnoreRules.load(root);
    // root .gitignore, with negation
    assertTrue(rules.isIgnored("app.log", false));
    assertFalse(rules.isIgnored("important.log", false));
    assertTrue(rules.isIgnored("deep/er/any.log", false));
    // directory-only rule
    assertTrue(rules.isIgnored("build", true));
    assertFalse(rules.isIgnored("build", false));
    assertFalse(rules.isIgnored("notes/build", false));
    assertTrue(rules.isIgnored("build/Out.java", false), "a file in an ignored directory is ignored");
    assertTrue(rules.isIgnored("build/nested/Deep.java", false));
    assertFalse(rules.isIgnoredHere("build/Out.java", false), "...but not by a rule of its own");
    // nested .gitignore: deeper rules win, and only apply below their directory
    assertFalse(rules.isIgnored("sub/keep.log", false));
    assertTrue(rules.isIgnored("sub/drop.log", false));
    assertTrue(rules.isIgnored("sub/local", true));
    assertTrue(rules.isIgnored("sub/local/X.java", false));
    assertTrue(rules.isIgnored("sub/deeper/local/Y.java", false));
    assertFalse(rules.isIgnored("local/L.java", false));
    assertFalse(rules.isIgnored("sub/S.java", false));
    // .git/info/exclude and the configured global excludes file
    assertTrue(rules.isIgnored("secret", true));
    assertTrue(rules.isIgnored("secret/K.java", false));
    assertTrue(rules.isIgnored("x.tmp", false));
    assertTrue(rules.isIgnored("Api.gen.java", false));
    assertFalse(rules.isIgnored("Api.java", false));
    // always ignored
    assertTrue(rules.isIgnored(".git", true));
    assertTrue(rules.isIgnored(".git/HEAD", false));
    assertTrue(rules.isIgnored("sub/.git", false));
    assertTrue(rules.isIgnored(".symdex-cookie-1", false));
    assertTrue(rules.isIgnored("sub/.symdex-cookie-x", false));
    assertFalse(rules.isIgnored("symdex-cookie-1", false));

    assertTrue(IgnoreRules.isRuleFile(".gitignore"));
    assertTrue(IgnoreRules.isRuleFile("a/b/.gitignore"));
    assertTrue(IgnoreRules.isRuleFile(".git/info/exclude"));
    assertFalse(IgnoreRules.isRuleFile("x.gitignore"));
    assertFalse(IgnoreRules.isRuleFile("Main.java"));
  }

  @Test
  void statHidesIgnoredAndMissingPaths() throws Exception {
    buildTree();
    SourceTree tree = new SourceTree(root, IgnoreRules.load(root));
    assertEquals("Main.java", tree.stat("Main.java").orElseThrow().path());
    assertFalse(tree.stat("Main.java").orElseThrow().symlink());
    assertTrue(tree.stat("app.log").isEmpty());
    assertTrue(tree.stat("build/Out.java").isEmpty());
    assertTrue(tree.stat("sub/local/X.java").isEmpty());
    assertTrue(tree.stat("sub").isEmpty(), "a directory is not a file");
    assertTrue(tree.stat("missing.java").isEmpty());
    assertEquals(Files.size(root.resolve("Main.java")), tree.stat("Main.java").orElseThrow().stat().size());
  }

  @Test
  void rulesWithoutAGitRepositoryStillApply() throws Exception {
    write(root, ".gitignore", "out/\n");
    write(root, "A.java", "class A {}\n");
    write(root, "out/B.java", "class B {}\n");
    SourceTree tree = new SourceTree(root, IgnoreRules.load(root));
    assertEquals(new TreeSet<>(List.of(".gitignore", "A.java")), walk(tree, ""));
  }

  Engine open() throws Exception {
    Engine e = Engine.open(root, tmp.resolve("index"), EngineOptions.DEFAULTS);
    engines.add(e);
    return e;
  }

  static Set<String> definers(Searcher s, String name) throws Exception {
    Set<String> out = new TreeSet<>();
    for (Hit h : s.definitions(name, 100).hits()) {
      out.add(h.path());
    }
    return out;
  }

  @Test
  void editingAGitignoreMovesFilesInAndOutOfTheIndex() throws Exception {
    write(root, ".gitignore", "old/\n");
    write(root, "A.java", "class A { void a() {} }\n");
    write(root, "old/O.java", "class O { void a() {} }\n");
    write(root, "gen/G.java", "class G { void a() {} }\n");
    write(root, "sub/.gitignore", "");
    write(root, "sub/S.java", "class S { void a() {} }\n");
    write(root, "sub/T.java", "class T { void a() {} }\n");
    Engine e = open();
    e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
    try (Searcher s = Searcher.open(e)) {
      assertEquals(Set.of("A.java", "gen/G.java", "sub/S.java", "sub/T.java"), definers(s, "a"));
    }

    write(root, ".gitignore", "gen/\n");
    e.apply(ChangeSet.of(".gitignore"), pool, ProgressListener.NONE);
    try (Searcher s = Searcher.open(e)) {
      assertEquals(Set.of("A.java", "old/O.java", "sub/S.java", "sub/T.java"), definers(s, "a"));
      assertTrue(s.snapshot().file("gen/G.java").isEmpty());
      assertEquals(List.of("old/O.java"), s.definitions("O", 10).hits().stream().map(Hit::path).toList());
    }
    Trees.assertSameAsCold(e, tmp.resolve("cold-1"), pool, "a", "G", "O");

    write(root, "sub/.gitignore", "S.java\n");
    e.apply(ChangeSet.of("sub/.gitignore"), pool, ProgressListener.NONE);
    try (Searcher s = Searcher.open(e)) {
      assertEquals(Set.of("A.java", "old/O.java", "sub/T.java"), definers(s, "a"));
    }
    Trees.assertSameAsCold(e, tmp.resolve("cold-2"), pool, "a", "S");

    // a .gitignore that disappears un-ignores what it ignored
    Files.delete(root.resolve("sub/.gitignore"));
    e.apply(ChangeSet.of("sub/.gitignore"), pool, ProgressListener.NONE);
    try (Searcher s = Searcher.open(e)) {
      assertEquals(Set.of("A.java", "old/O.java", "sub/S.java", "sub/T.java"), definers(s, "a"));
    }
    Trees.assertSameAsCold(e, tmp.resolve("cold-3"), pool, "a", "S");
  }

  @Test
  void editingInfoExcludeMovesFilesInAndOutOfTheIndex() throws Exception {
    gitRepo("");
    write(root, ".git/info/exclude", "old/\n");
    write(root, "A.java", "class A { void a() {} }\n");
    write(root, "old/O.java", "class O { void a() {} }\n");
    Engine e = open();
    e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
    try (Searcher s = Searcher.open(e)) {
      assertEquals(Set.of("A.java"), definers(s, "a"));
    }
    write(root, ".git/info/exclude", "A.java\n");
    e.apply(ChangeSet.of(".git/info/exclude"), pool, ProgressListener.NONE);
    try (Searcher s = Searcher.open(e)) {
      assertEquals(Set.of("old/O.java"), definers(s, "a"));
    }
    Trees.assertSameAsCold(e, tmp.resolve("cold"), pool, "a");
  }

  @Test
  void aTrackedFileIsNeverIgnoredAndNeitherIsItsDirectory() throws Exception {
    try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
      Trees.write(root, "build/Kept.java", "class Kept {}\n");
      Trees.write(root, "build/Other.java", "class Other {}\n");
      Trees.write(root, "notes.log", "x\n");
      git.add().addFilepattern("build/Kept.java").addFilepattern("notes.log").call();
      Trees.write(root, ".gitignore", "build/\n*.log\n");
      IgnoreRules rules = IgnoreRules.load(root);
      assertFalse(rules.isIgnored("build/Kept.java", false), "tracked, so not ignored");
      assertFalse(rules.isIgnored("build", true), "holds a tracked file");
      assertTrue(rules.isIgnored("build/Other.java", false), "untracked and matched by build/");
      assertFalse(rules.isIgnored("notes.log", false));
      List<String> walked = new SourceTree(root, rules).walk("", (p, e) -> {}).stream().map(ScannedFile::path).sorted().toList();
      assertEquals(List.of(".gitignore", "build/Kept.java", "notes.log"), walked);
    }
  }
}
