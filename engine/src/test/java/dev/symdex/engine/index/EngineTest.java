package dev.symdex.engine.index;

import dev.symdex.engine.query.ImportGraph;
import dev.symdex.engine.query.Hit;
import dev.symdex.engine.query.QueryResult;
import dev.symdex.engine.query.Delta;
import dev.symdex.engine.query.Searcher;

import static dev.symdex.engine.testing.Trees.assertSameAsCold;
import static dev.symdex.engine.testing.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.testing.JGitWarmup;
import dev.symdex.engine.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.symdex.engine.model.FileState;
import java.util.concurrent.TimeUnit;

class EngineTest {
  @BeforeAll
  static void jgitKnowsTheFileSystem() {
    JGitWarmup.ensure();
  }

  static final String A_JAVA = "class Foo { void bar() {} }\n";
  static final String B_JAVA = "class B { void run() { new Foo().bar(); } }\n";
  static final String A_PY = "class Foo:\n    def bar(self):\n        pass\n";
  static final String B_PY = "from a import Foo\n\ndef main():\n    Foo().bar()\n";

  @TempDir Path tmp;
  Path root;
  Path indexDir;
  ExecutorService pool;
  final List<Engine> engines = new ArrayList<>();
  int colds;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("src"));
    indexDir = tmp.resolve("index");
    pool = Trees.pool("engine-test");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Engine e : engines) {
      e.close();
    }
    Trees.shutdown(pool);
  }

  Engine open() throws SymdexException {
    Engine e = Engine.open(root, indexDir, EngineOptions.DEFAULTS);
    engines.add(e);
    return e;
  }

  ApplyResult apply(Engine e, ChangeSet changes) throws Exception {
    return e.apply(changes, pool, ProgressListener.NONE);
  }

  void sameAsCold(Engine e, String... extraNames) throws Exception {
    assertSameAsCold(e, tmp.resolve("cold-" + colds++), pool, extraNames);
  }

  void writePairs() {
    write(root, "A.java", A_JAVA);
    write(root, "B.java", B_JAVA);
    write(root, "a.py", A_PY);
    write(root, "b.py", B_PY);
  }

  static List<String> paths(QueryResult r) {
    return r.hits().stream().map(Hit::path).toList();
  }

  static Set<String> pathSet(QueryResult r) {
    return new TreeSet<>(paths(r));
  }

  @Test
  void answersDefinitionsCallersReferencesAndCalleesForJavaAndPython() throws Exception {
    writePairs();
    Engine e = open();
    assertEquals(OpenState.CREATED, e.openState());
    ApplyResult r = apply(e, ChangeSet.everything());
    assertEquals(4, r.filesParsed());
    assertEquals(4, r.filesChanged());
    assertEquals(4, r.filesChecked());
    try (Searcher s = Searcher.open(e)) {
      assertEquals(r.generation(), s.generation());
      assertEquals(List.of(
          new Hit("A.java", 1, A_JAVA.indexOf("bar") + 1, 1, "bar", "method", "Foo", "java", "package"),
          new Hit("a.py", 2, 9, 3, "bar", "method", "Foo", "python", "public")), s.definitions("bar", 10).hits());

      assertEquals(List.of(
          new Hit("B.java", 1, B_JAVA.indexOf("bar") + 1, 1, "run", "method", "B", "java"),
          new Hit("b.py", 4, "    Foo().bar()".indexOf("bar") + 1, 4, "main", "function", "", "python")),
          s.callers("bar", 10).hits());

      QueryResult foo = s.references("Foo", 10);
      assertEquals(Set.of("B.java", "b.py"), pathSet(foo));
      assertEquals(List.of(1, 4), foo.hits().stream().filter(h -> h.path().equals("b.py")).map(Hit::line).toList());
      // B.java: `new Foo()` is a call; b.py: the import, then the call `Foo()`
      assertEquals(List.of("B.java:call", "b.py:import", "b.py:call"),
          foo.hits().stream().map(h -> h.path() + ":" + h.kind()).toList());
      assertTrue(foo.hits().stream().allMatch(h -> h.name().equals("Foo")));
      assertFalse(foo.truncated());

      // callees of run: the constructor call and bar, named by their callee
      assertEquals(List.of("Foo", "bar"), s.callees("run", 10).hits().stream().map(Hit::name).sorted().toList());
      assertEquals(List.of("Foo", "bar"), s.callees("main", 10).hits().stream().map(Hit::name).sorted().toList());
      assertTrue(s.definitions("nothingLikeThis", 10).hits().isEmpty());

      assertEquals(4, s.counts().files());
      assertEquals(0, s.counts().issues());
    }
    sameAsCold(e);
  }

  @Test
  void deletesEditsRenamesAndDirectoriesMatchAColdIndex() throws Exception {
    writePairs();
    write(root, "dir/C.java", "class C { void bar() {} void c() { bar(); } }\n");
    write(root, "dir/sub/d.py", "def d():\n    return bar()\n");
    write(root, "README.md", "not code\n");
    Engine e = open();
    apply(e, ChangeSet.everything());
    sameAsCold(e);

    // delete A.java
    Files.delete(root.resolve("A.java"));
    ApplyResult r = apply(e, ChangeSet.of("A.java"));
    assertEquals(1, r.filesRemoved());
    try (Searcher s = Searcher.open(e)) {
      assertEquals(Set.of("a.py", "dir/C.java"), pathSet(s.definitions("bar", 10)));
      assertTrue(s.snapshot().file("A.java").isEmpty());
    }
    sameAsCold(e, "bar", "Foo");

    // edit B.java so that it stops calling bar
    write(root, "B.java", "class B { void run() { } }\n");
    r = apply(e, ChangeSet.of("B.java"));
    assertEquals(1, r.filesChanged());
    assertEquals(1, r.filesParsed());
    try (Searcher s = Searcher.open(e)) {
      assertEquals(Set.of("b.py", "dir/C.java", "dir/sub/d.py"), pathSet(s.callers("bar", 10)));
      assertEquals(Set.of("b.py"), pathSet(s.references("Foo", 10)));
      assertTrue(s.callees("run", 10).hits().isEmpty());
    }
    sameAsCold(e, "bar", "Foo", "run");

    // rename b.py -> c.py: same content, so nothing is parsed
    Files.move(root.resolve("b.py"), root.resolve("c.py"));
    r = apply(e, ChangeSet.of("b.py", "c.py"));
    assertEquals(1, r.filesRemoved());
    assertEquals(1, r.filesChanged());
    try (Searcher s = Searcher.open(e)) {
      assertEquals(Set.of("c.py", "dir/C.java", "dir/sub/d.py"), pathSet(s.callers("bar", 10)));
    }
    sameAsCold(e, "bar", "Foo", "main");

    // delete a whole directory
    Trees.deleteTree(root.resolve("dir"));
    r = apply(e, ChangeSet.of("dir"));
    assertEquals(2, r.filesRemoved());
    try (Searcher s = Searcher.open(e)) {
      assertEquals(Set.of("a.py"), pathSet(s.definitions("bar", 10)));
      assertEquals(Set.of("c.py"), pathSet(s.callers("bar", 10)));
      assertTrue(s.definitions("C", 10).hits().isEmpty());
      assertTrue(s.definitions("d", 10).hits().isEmpty());
    }
    sameAsCold(e, "bar", "C", "c", "d");

    // a new directory with files
    write(root, "newdir/E.java", "class E { void bar() { new Foo().bar(); } }\n");
    write(root, "newdir/deep/f.py", "def f():\n    pass\n");
    r = apply(e, ChangeSet.of("newdir"));
    assertEquals(2, r.filesChanged());
    try (Searcher s = Searcher.open(e)) {
      assertEquals(Set.of("a.py", "newdir/E.java"), pathSet(s.definitions("bar", 10)));
      assertEquals(List.of("newdir/deep/f.py"), paths(s.definitions("f", 10)));
    }
    sameAsCold(e, "bar", "C", "c", "d");

    // rename the directory
    Files.move(root.resolve("newdir"), root.resolve("moved"));
    r = apply(e, ChangeSet.of("newdir", "moved"));
    assertEquals(2, r.filesRemoved());
    assertEquals(2, r.filesChanged());
    assertEquals(0, r.filesParsed());
    try (Searcher s = Searcher.open(e)) {
      assertEquals(List.of("moved/deep/f.py"), paths(s.definitions("f", 10)));
      assertEquals(Set.of("a.py", "moved/E.java"), pathSet(s.definitions("bar", 10)));
    }
    sameAsCold(e, "bar", "E", "f");

    // and everything at once, after many changes, is still the same
    write(root, "A.java", A_JAVA);
    apply(e, ChangeSet.everything());
    sameAsCold(e, "bar", "E", "f", "C", "d");
  }

  @Test
  void generationMovesOnlyWhenSomethingChanged() throws Exception {
    writePairs();
    Engine e = open();
    try (Searcher s = Searcher.open(e)) {
      assertEquals(0, s.generation());
    }
    long g1 = apply(e, ChangeSet.everything()).generation();
    assertEquals(1, g1);

    ApplyResult same = apply(e, ChangeSet.everything());
    assertEquals(g1, same.generation());
    assertFalse(same.changedAnything());
    assertEquals(0, same.filesParsed());
    assertEquals(g1, apply(e, ChangeSet.of("A.java", "b.py")).generation());
    assertEquals(g1, apply(e, ChangeSet.of()).generation());
    assertEquals(g1, apply(e, ChangeSet.of("no/such/file.java")).generation());
    try (Searcher s = Searcher.open(e)) {
      assertEquals(g1, s.generation());
    }

    write(root, "B.java", "class B { void run() { } }\n");
    ApplyResult edit = apply(e, ChangeSet.of("B.java"));
    assertEquals(g1 + 1, edit.generation());
    assertTrue(edit.changedAnything());
    assertEquals(g1 + 1, apply(e, ChangeSet.of("B.java")).generation());

    Files.delete(root.resolve("a.py"));
    assertEquals(g1 + 2, apply(e, ChangeSet.everything()).generation());
    try (Searcher s = Searcher.open(e)) {
      assertEquals(g1 + 2, s.generation());
    }
    assertEquals(g1 + 2, apply(e, ChangeSet.everything()).generation());
  }

  @Test
  void droppingUnusedFactsDoesNotBumpTheGeneration() throws Exception {
    writePairs();
    Engine e = open();
    apply(e, ChangeSet.everything());
    write(root, "B.java", "class B { void run() { } }\n");
    long g = apply(e, ChangeSet.of("B.java")).generation();
    Trees.Answers before = Trees.answers(e, Set.of("bar", "run", "Foo"));
    ApplyResult r = apply(e, ChangeSet.everything());
    assertFalse(r.changedAnything());
    assertEquals(before, Trees.answers(e, Set.of("bar", "run", "Foo")));
    assertEquals(g, r.generation(), "no answer changed");
  }

  @Test
  void touchingAFileWithoutChangingItDoesNotBumpTheGeneration() throws Exception {
    writePairs();
    write(root, "Bin.java", new byte[] {'x', 0, 'y'});
    Engine e = open();
    long g1 = apply(e, ChangeSet.everything()).generation();
    Path a = root.resolve("A.java");
    FileTime newTime = FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() + 60_000);
    Files.setLastModifiedTime(a, newTime);
    Path bin = root.resolve("Bin.java"); // a skipped file: the same holds
    Files.setLastModifiedTime(bin, FileTime.fromMillis(Files.getLastModifiedTime(bin).toMillis() + 60_000));
    ApplyResult r = apply(e, ChangeSet.of("A.java", "Bin.java"));
    assertFalse(r.changedAnything());
    assertEquals(0, r.filesParsed());
    assertEquals(g1, r.generation(), "only the stat moved");
    try (Searcher s = Searcher.open(e)) {
      assertEquals(g1, s.generation());
      // the new stat is still remembered, so the next apply trusts it
      FileState stored = s.snapshot().file("A.java").orElseThrow();
      FileTime storedStat = FileTime.from(stored.mtimeNanos(), TimeUnit.NANOSECONDS);
      assertEquals(newTime, storedStat, "the stored stat is the file's new mtime");
    }
  }

  @Test
  void racyFilesDoNotBumpTheGenerationOnANoOpApply() throws Exception {
    writePairs();
    FileTime future = FileTime.fromMillis(System.currentTimeMillis() + 3_600_000L);
    for (String p : List.of("A.java", "B.java", "a.py", "b.py")) {
      Files.setLastModifiedTime(root.resolve(p), future);
    }
    Engine e = open();
    long g1 = apply(e, ChangeSet.everything()).generation();
    try (Searcher s = Searcher.open(e)) {
      assertTrue(s.snapshot().file("A.java").orElseThrow().racy());
    }
    ApplyResult r = apply(e, ChangeSet.everything());
    assertEquals(0, r.filesParsed());
    assertFalse(r.changedAnything());
    assertEquals(g1, r.generation());
  }

  @Test
  void aSnapshotKeepsSeeingItsGeneration() throws Exception {
    writePairs();
    Engine e = open();
    apply(e, ChangeSet.everything());
    try (Searcher before = Searcher.open(e)) {
      Files.delete(root.resolve("A.java"));
      write(root, "B.java", "class B { }\n");
      apply(e, ChangeSet.of("A.java", "B.java"));
      assertEquals(Set.of("A.java", "a.py"), pathSet(before.definitions("bar", 10)));
      assertEquals(Set.of("B.java", "b.py"), pathSet(before.callers("bar", 10)));
      try (Searcher after = Searcher.open(e)) {
        assertEquals(before.generation() + 1, after.generation());
        assertEquals(Set.of("a.py"), pathSet(after.definitions("bar", 10)));
        assertEquals(Set.of("b.py"), pathSet(after.callers("bar", 10)));
      }
    }
  }

  @Test
  void reopeningTheIndexParsesNothingAndAnswersTheSame() throws Exception {
    writePairs();
    // one file with an mtime in the future: racy, so it is re-hashed on reopen, but still not re-parsed
    write(root, "dir/Racy.java", "class Racy { void bar() { } }\n");
    Files.setLastModifiedTime(root.resolve("dir/Racy.java"), FileTime.fromMillis(System.currentTimeMillis() + 3_600_000L));
    Engine first = open();
    apply(first, ChangeSet.everything());
    Set<String> names = Trees.names(first);
    Trees.Answers before = Trees.answers(first, names);
    first.close();
    engines.remove(first);

    Engine again = open();
    assertEquals(OpenState.CURRENT, again.openState());
    assertEquals(before, Trees.answers(again, names), "answers straight after reopening");
    ApplyResult r = apply(again, ChangeSet.everything());
    assertEquals(0, r.filesParsed());
    assertEquals(0, again.filesParsed());
    assertFalse(r.changedAnything());
    assertEquals(before, Trees.answers(again, names), "answers after a full reconcile");
  }

  @Test
  void limitTruncatesAndSaysSo() throws Exception {
    for (int i = 1; i <= 5; i++) {
      write(root, "D" + i + ".java", "class D" + i + " { void dup() {} }\n");
    }
    Engine e = open();
    apply(e, ChangeSet.everything());
    try (Searcher s = Searcher.open(e)) {
      QueryResult two = s.definitions("dup", 2);
      assertEquals(List.of("D1.java", "D2.java"), paths(two));
      assertTrue(two.truncated());
      QueryResult four = s.definitions("dup", 4);
      assertEquals(4, four.hits().size());
      assertTrue(four.truncated());
      QueryResult five = s.definitions("dup", 5);
      assertEquals(List.of("D1.java", "D2.java", "D3.java", "D4.java", "D5.java"), paths(five));
      assertFalse(five.truncated());
      assertFalse(s.definitions("dup", 100).truncated());
    }
  }

  @Test
  void emptyNameOrNonPositiveLimitIsAnInvalidQuery() throws Exception {
    writePairs();
    Engine e = open();
    apply(e, ChangeSet.everything());
    try (Searcher s = Searcher.open(e)) {
      assertThrows(SymdexException.InvalidQuery.class, () -> s.definitions("", 10));
      assertThrows(SymdexException.InvalidQuery.class, () -> s.references("", 10));
      assertThrows(SymdexException.InvalidQuery.class, () -> s.callers("", 10));
      assertThrows(SymdexException.InvalidQuery.class, () -> s.callees("", 10));
      assertThrows(SymdexException.InvalidQuery.class, () -> s.definitions(null, 10));
      assertThrows(SymdexException.InvalidQuery.class, () -> s.definitions("bar", 0));
      assertThrows(SymdexException.InvalidQuery.class, () -> s.callers("bar", 0));
      assertThrows(SymdexException.InvalidQuery.class, () -> s.references("bar", -1));
      assertFalse(new SymdexException.InvalidQuery("x").isTransient());
      assertEquals(2, s.definitions("bar", 10).hits().size());
    }
    assertThrows(SymdexException.InvalidQuery.class, () -> Engine.open(root.resolve("A.java"), tmp.resolve("other"), EngineOptions.DEFAULTS));
  }

  @Test
  void aDirectExecutorGivesTheSameIndex() throws Exception {
    writePairs();
    write(root, "pkg/Many.java", "class Many { void a() { b(); } void b() { a(); } }\n");
    Engine e = open();
    Executor direct = Runnable::run;
    List<int[]> progress = new ArrayList<>();
    ApplyResult r = e.apply(ChangeSet.everything(), direct, (done, total) -> progress.add(new int[] {done, total}));
    assertEquals(5, r.filesParsed());
    assertEquals(5, e.filesParsed());
    int[] last = progress.get(progress.size() - 1);
    assertEquals(5, last[0]);
    assertEquals(5, last[1]);
    Files.delete(root.resolve("A.java"));
    e.apply(ChangeSet.of("A.java"), direct, ProgressListener.NONE);
    sameAsCold(e, "bar");
  }

  @Test
  void headFollowsGitCommits() throws Exception {
    writePairs();
    PersonIdent me = new PersonIdent("Test", "test@example.com");
    try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      RevCommit c1 = git.commit().setMessage("one").setAuthor(me).setCommitter(me).setSign(false).call();
      Engine e = open();
      ApplyResult r = apply(e, ChangeSet.everything());
      assertEquals(c1.name(), r.head());
      try (Searcher s = Searcher.open(e)) {
        assertEquals(c1.name(), s.head());
        assertTrue(s.snapshot().file(".git/HEAD").isEmpty(), ".git is never indexed");
        assertEquals(4, s.counts().files());
      }
      long g = r.generation();
      RevCommit c2 = git.commit().setMessage("two").setAllowEmpty(true).setAuthor(me).setCommitter(me).setSign(false).call();
      assertNotEquals(c1.name(), c2.name());
      assertEquals(c1.name(), apply(e, ChangeSet.of("A.java")).head(), "an edit alone does not re-read HEAD");
      ApplyResult moved = apply(e, ChangeSet.gitMove());
      assertEquals(c2.name(), moved.head());
      assertEquals(g + 1, moved.generation(), "a moved HEAD is a change");
      assertEquals(g + 1, apply(e, ChangeSet.of("A.java")).generation());
      sameAsCold(e);
    }
  }

  @Test
  void switchingBackToARecentBranchParsesNothingEvenAfterARestart() throws Exception {
    PersonIdent me = new PersonIdent("Test", "test@example.com");
    for (int i = 0; i < 6; i++) {
      write(root, "F" + i + ".java", "class F" + i + " { void m" + i + "() {} }\n");
    }
    try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("main").setAuthor(me).setCommitter(me).setSign(false).call();
      // Branches b0..b9, each changing F0 and F1 its own way.
      for (int b = 0; b < 10; b++) {
        git.checkout().setName("main").call();
        git.checkout().setName("b" + b).setCreateBranch(true).call();
        write(root, "F0.java", "class F0 { void on" + b + "() {} }\n");
        write(root, "F1.java", "class F1 { void too" + b + "() {} }\n");
        git.add().addFilepattern(".").call();
        git.commit().setMessage("b" + b).setAuthor(me).setCommitter(me).setSign(false).call();
      }
      git.checkout().setName("main").call();
      Engine e = open();
      assertEquals(6, apply(e, ChangeSet.everything()).filesParsed());
      // Every switch is a full reconcile (which also collects garbage): the worst case for retention.
      for (int b = 0; b < 10; b++) {
        git.checkout().setName("b" + b).call();
        assertEquals(2, apply(e, ChangeSet.everything()).filesParsed(), "first visit of b" + b);
      }
      git.checkout().setName("b9").call();
      git.checkout().setName("b3").call();
      assertEquals(0, apply(e, ChangeSet.everything()).filesParsed(), "b3 is among the " + HeadRetention.RETAINED_HEADS + " most recent");
      e.close();
      engines.remove(e);

      Engine again = open();
      git.checkout().setName("b5").call();
      assertEquals(0, apply(again, ChangeSet.everything()).filesParsed(), "retention survives a restart");
      git.checkout().setName("main").call();
      assertEquals(2, apply(again, ChangeSet.everything()).filesParsed(), "main's facts were forgotten: 10 heads since");
      sameAsCold(again, "on3", "m0");
    }
  }

  @Test
  void deltaSinceARevisionCoversCommitsStagedAndUncommittedEdits() throws Exception {
    PersonIdent me = new PersonIdent("Test", "test@example.com");
    write(root, "A.java", "class A {\n  void keep() {}\n  void edit() { int x = 1; }\n  void drop() {}\n}\n");
    write(root, "Gone.java", "class Gone { void bye() {} }\n");
    write(root, "Same.java", "class Same { void still() {} }\n");
    write(root, "Later.java", "class Later {\n  void untouched() {}\n}\n");
    Trees.symlink(root, "Link.java", "Same.java"); // unchanged: a link is compared by its target
    write(root, "blob.bin", new byte[] {1, 0, 2, 0, 3});
    try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      RevCommit base = git.commit().setMessage("base").setAuthor(me).setCommitter(me).setSign(false).call();
      // Committed since base: A edited (edit changed, drop removed, fresh added, keep moved down a line), Gone deleted.
      write(root, "A.java", "class A {\n  void fresh() {}\n  void keep() {}\n  void edit() { int x = 2; }\n}\n");
      Files.delete(root.resolve("Gone.java"));
      git.add().addFilepattern(".").call();
      git.rm().addFilepattern("Gone.java").call();
      git.commit().setMessage("two").setAuthor(me).setCommitter(me).setSign(false).call();
      // Staged, not committed: New.java. Uncommitted: Later.java edited; an untracked py file; Same.java touched only.
      write(root, "New.java", "class New { void born() {} }\n");
      git.add().addFilepattern("New.java").call();
      write(root, "Later.java", "class Later {\n  void untouched() {}\n  void added() {}\n}\n");
      write(root, "u.py", "def loose():\n    pass\n");
      write(root, "Same.java", "class Same { void still() {} }\n");
      write(root, "blob.bin", new byte[] {1, 0, 2, 0, 3}); // rewritten, same bytes
      Engine e = open();
      apply(e, ChangeSet.everything());

      Delta d = delta(e, "HEAD~1", 100);
      assertEquals(base.name(), d.sinceCommit());
      assertEquals(List.of(
          new Delta.FileDelta("A.java", Delta.Change.MODIFIED), new Delta.FileDelta("Gone.java", Delta.Change.REMOVED),
          new Delta.FileDelta("Later.java", Delta.Change.MODIFIED), new Delta.FileDelta("New.java", Delta.Change.ADDED),
          new Delta.FileDelta("u.py", Delta.Change.ADDED)), d.files());
      assertEquals(List.of(
          "A.java:2 fresh added", "A.java:4 drop removed", "A.java:4 edit modified", "Gone.java:1 Gone removed",
          "Gone.java:1 bye removed", "Later.java:3 added added", "New.java:1 New added", "New.java:1 born added",
          "u.py:1 loose added"),
          d.definitions().stream().map(x -> x.path() + ":" + x.line() + " " + x.name() + " " + x.change().label()).toList());
      assertFalse(d.truncated());

      assertEquals(List.of("Later.java", "New.java", "u.py"), delta(e, "HEAD", 100).files().stream().map(Delta.FileDelta::path).toList(),
          "since HEAD: only what is not committed");
      assertEquals(2, delta(e, base.name().substring(0, 10), 2).files().size(), "a SHA prefix, and the limit");
      assertTrue(delta(e, base.name(), 2).truncated());
      assertThrows(SymdexException.InvalidQuery.class, () -> delta(e, "no-such-branch", 10));
      assertThrows(SymdexException.InvalidQuery.class, () -> delta(e, "", 10));
    }
  }

  @Test
  void repeatedDeltasFollowEachEditAndEqualAFreshEngine() throws Exception {
    PersonIdent me = new PersonIdent("Test", "test@example.com");
    write(root, "A.java", "class A { void a() {} }\n");
    write(root, "B.java", "class B { void b() {} }\n");
    try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("base").setAuthor(me).setCommitter(me).setSign(false).call();
      Engine e = open();
      apply(e, ChangeSet.everything());
      assertEquals(List.of(), delta(e, "HEAD", 100).files());
      write(root, "A.java", "class A { void a() {} void more() {} }\n"); // edited: carried, not merged again
      apply(e, ChangeSet.of("A.java"));
      assertEquals(List.of(new Delta.FileDelta("A.java", Delta.Change.MODIFIED)), delta(e, "HEAD", 100).files());
      write(root, "C.java", "class C {}\n");
      Files.delete(root.resolve("B.java"));
      apply(e, ChangeSet.of("C.java", "B.java"));
      write(root, "A.java", "class A { void a() {} }\n"); // back to the committed content
      apply(e, ChangeSet.of("A.java"));
      Delta warm = delta(e, "HEAD", 100);
      assertEquals(List.of(new Delta.FileDelta("B.java", Delta.Change.REMOVED), new Delta.FileDelta("C.java", Delta.Change.ADDED)),
          warm.files());
      git.add().addFilepattern("C.java").call(); // git's index changed: merged again
      assertEquals(warm.files(), delta(e, "HEAD", 100).files());
      e.close();
      Engine fresh = open();
      assertEquals(warm.files(), delta(fresh, "HEAD", 100).files(), "a fresh engine merges from scratch: the same answer");
      assertEquals(warm.definitions(), delta(fresh, "HEAD", 100).definitions());
    }
  }

  @Test
  void dependentsFollowTheResolvedImportGraphBackwards() throws Exception {
    write(root, "pkg/__init__.py", "");
    write(root, "pkg/util.py", "def helper():\n    pass\n");
    write(root, "pkg/mid.py", "from pkg.util import helper\n\ndef middle():\n    helper()\n");
    write(root, "app.py", "import os\nimport pkg.mid\n");
    write(root, "lone.py", "import os\n");
    Engine e = open();
    apply(e, ChangeSet.everything());
    try (Searcher s = Searcher.open(e)) {
      ImportGraph g = s.importGraph();
      assertEquals(List.of(new ImportGraph.Dependent("pkg/mid.py", 1, "pkg/util.py"), new ImportGraph.Dependent("app.py", 2, "pkg/mid.py")),
          g.dependents("pkg/util.py", 0, 100).getKey());
      assertEquals(List.of(new ImportGraph.Dependent("pkg/mid.py", 1, "pkg/util.py")), g.dependents("pkg/util.py", 1, 100).getKey());
      assertTrue(g.dependents("pkg/util.py", 0, 1).getValue(), "cut at the limit");
      assertEquals(List.of(), g.dependents("lone.py", 0, 100).getKey());
      assertEquals(List.of("1 import os external []", "2 import pkg.mid resolved [pkg/mid.py]"),
          s.imports("app.py").stream().map(i -> i.line() + " " + i.text() + " " + i.target().status().name().toLowerCase(Locale.ROOT)
              + " " + i.target().paths()).toList());
      assertEquals(List.of(), s.imports("nothing.py"));
    }
    write(root, "app.py", "import os\n");
    assertEquals(1, apply(e, ChangeSet.of("app.py")).importsResolved(), "an edit re-resolves the edited file only");
    try (Searcher s = Searcher.open(e)) {
      ImportGraph g = s.importGraph();
      assertEquals(List.of(new ImportGraph.Dependent("pkg/mid.py", 1, "pkg/util.py")), g.dependents("pkg/util.py", 0, 100).getKey(),
          "the next generation has its own graph");
    }
    write(root, "pkg/mid.py", "def middle():\n    pass\n"); // mid stops importing util: the cascade ends at mid
    assertEquals(1, apply(e, ChangeSet.of("pkg/mid.py")).importsResolved());
    try (Searcher s = Searcher.open(e)) {
      assertEquals(List.of(), s.importGraph().dependents("pkg/util.py", 0, 100).getKey());
    }
    write(root, "late.py", "import pkg.util\nimport pkg.extra\n"); // pkg.extra does not exist yet
    assertEquals(1, apply(e, ChangeSet.of("late.py")).importsResolved(), "a new file nobody looked for: itself only");
    try (Searcher s = Searcher.open(e)) {
      assertEquals(List.of(new ImportGraph.Dependent("late.py", 1, "pkg/util.py")), s.importGraph().dependents("pkg/util.py", 0, 100).getKey());
      assertEquals(List.of("pkg/__init__.py", "pkg/util.py"), s.importGraph().imported("late.py"));
    }
    write(root, "pkg/extra.py", "X = 1\n"); // what late.py looked for appears: late.py, and only it, is resolved again
    assertEquals(2, apply(e, ChangeSet.of("pkg/extra.py")).importsResolved());
    try (Searcher s = Searcher.open(e)) {
      assertEquals(List.of("pkg/extra.py", "pkg/util.py"), s.importGraph().imported("late.py"), "pkg.extra no longer falls back to pkg");
      assertEquals(List.of(new ImportGraph.Dependent("late.py", 1, "pkg/extra.py")), s.importGraph().dependents("pkg/extra.py", 0, 100).getKey());
    }
    Files.delete(root.resolve("pkg/util.py")); // removed: its importer is re-routed
    assertEquals(1, apply(e, ChangeSet.of("pkg/util.py")).importsResolved());
    try (Searcher s = Searcher.open(e)) {
      assertEquals(List.of("pkg/__init__.py", "pkg/extra.py"), s.importGraph().imported("late.py"));
      assertEquals(List.of(), s.importGraph().dependents("pkg/util.py", 0, 100).getKey());
    }
    write(root, "other/__init__.py", ""); // a package nobody imports: no file that merely looked for some __init__.py
    assertEquals(1, apply(e, ChangeSet.of("other/__init__.py")).importsResolved());
    write(root, "package.json", "{\"name\": \"x\"}\n"); // a build file: the graph is built again from every file
    assertEquals(3, apply(e, ChangeSet.of("package.json")).importsResolved(), "every file with imports");
  }

  /**
   * Issue 11 item 10: a Java file's dependents are the files that use it — by import, from its own
   * package by name, or by its qualified name — and a type that comes or goes adds or drops exactly
   * the edges of the files that use it.
   */
  @Test
  void javaDependentsCountSamePackageAndQualifiedUses() throws Exception {
    String p = "src/main/java/p/";
    String q = "src/main/java/q/";
    write(root, p + "Bar.java", "package p;\npublic class Bar {}\n");
    write(root, p + "User.java", "package p;\nclass User { Bar bar = new Bar(); }\n");
    write(root, "src/test/java/p/BarTest.java", "package p;\nclass BarTest { void test() { Bar.class.getName(); } }\n");
    write(root, q + "Qualified.java", "package q;\nclass Qualified { p.Bar bar; }\n");
    write(root, q + "Importer.java", "package q;\nimport p.Bar;\nclass Importer { Bar bar; }\n");
    write(root, q + "Shadowed.java", "package q;\nimport x.Bar;\nclass Shadowed { Bar bar; Baz baz; }\n");
    write(root, q + "Unrelated.java", "package q;\nclass Unrelated { Baz baz; }\n");
    Engine e = open();
    apply(e, ChangeSet.everything());
    try (Searcher s = Searcher.open(e)) {
      assertEquals(List.of(p + "User.java", q + "Importer.java", q + "Qualified.java", "src/test/java/p/BarTest.java"),
          s.importGraph().dependents(p + "Bar.java", 0, 100).getKey().stream().map(ImportGraph.Dependent::path).sorted().toList());
    }
    write(root, q + "Baz.java", "package q;\npublic class Baz {}\n"); // the type q's files were missing
    assertEquals(3, apply(e, ChangeSet.of(q + "Baz.java")).importsResolved(), "Baz.java, and the two files that use Baz");
    try (Searcher s = Searcher.open(e)) {
      assertEquals(List.of(new ImportGraph.Dependent(q + "Shadowed.java", 1, q + "Baz.java"),
          new ImportGraph.Dependent(q + "Unrelated.java", 1, q + "Baz.java")), s.importGraph().dependents(q + "Baz.java", 0, 100).getKey());
    }
    sameAsCold(e);
    Files.delete(root.resolve(q + "Baz.java"));
    assertEquals(2, apply(e, ChangeSet.of(q + "Baz.java")).importsResolved(), "the two files that used Baz");
    try (Searcher s = Searcher.open(e)) {
      assertEquals(List.of(), s.importGraph().imported(q + "Unrelated.java"));
    }
    write(root, q + "Baz.java", "package p;\npublic class Baz {}\n"); // a Baz of another package: not theirs
    apply(e, ChangeSet.of(q + "Baz.java"));
    try (Searcher s = Searcher.open(e)) {
      assertEquals(List.of(), s.importGraph().dependents(q + "Baz.java", 0, 100).getKey());
    }
    write(root, q + "Baz.java", "package q;\npublic class Baz {}\n"); // its package becomes q
    assertEquals(3, apply(e, ChangeSet.of(q + "Baz.java")).importsResolved(), "Baz.java, and the two files that use Baz");
    try (Searcher s = Searcher.open(e)) {
      assertEquals(2, s.importGraph().dependents(q + "Baz.java", 0, 100).getKey().size());
    }
    sameAsCold(e);
  }

  @Test
  void theImportGraphSurvivesAReopenAndMatchesAColdBuild() throws Exception {
    write(root, "a/One.java", "package a;\nimport b.Two;\npublic class One { Two t; }\n");
    write(root, "b/Two.java", "package b;\nimport a.*;\npublic class Two {}\n");
    write(root, "c/main.c", "#include \"util.h\"\nint main() { return 0; }\n");
    Engine e = open();
    apply(e, ChangeSet.everything());
    write(root, "c/util.h", "int util(void);\n"); // the include was unresolved: now it resolves
    write(root, "a/Three.java", "package a;\npublic class Three {}\n"); // joins a.* of Two
    ApplyResult r = apply(e, ChangeSet.of("c/util.h", "a/Three.java"));
    assertEquals(4, r.importsResolved(), "the two new files, the file including util.h, and Two (a.* lists a/)");
    e.close();
    Engine again = open();
    try (Searcher s = Searcher.open(again)) {
      ImportGraph g = s.importGraph();
      assertEquals(List.of("c/util.h"), g.imported("c/main.c"));
      assertEquals(List.of("a/One.java", "a/Three.java"), g.imported("b/Two.java"));
      assertEquals(List.of("b/Two.java"), g.imported("a/One.java"));
    }
    sameAsCold(again);
  }

  /** What changed since {@code since}, over a searcher of {@code e}'s last committed state. */
  private static Delta delta(Engine e, String since, int limit) throws SymdexException {
    try (Searcher s = Searcher.open(e)) {
      return s.delta(since, limit);
    }
  }
}
