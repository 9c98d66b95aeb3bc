package dev.symdex.engine.index;

import dev.symdex.engine.query.Hit;
import dev.symdex.engine.query.Searcher;

import static dev.symdex.engine.testing.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.extract.FactExtractor;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.model.FileStatus;
import dev.symdex.engine.testing.Nested;
import dev.symdex.engine.testing.Trees;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.Collections;

class BadInputTest {
  static final EngineOptions OPTIONS = EngineOptions.DEFAULTS.withMaxFileBytes(64 * 1024);
  static final byte[] BINARY = {'c', 'l', 'a', 's', 's', ' ', 0, 1, 2, 0, (byte) 0xFF, 0, 'x', '\n'};

  @TempDir Path tmp;
  Path root;
  ExecutorService pool;
  final List<Engine> engines = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("src"));
    pool = Trees.pool("bad-input");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Engine e : engines) {
      e.close();
    }
    // let @TempDir clean up whatever was made unreadable
    Path secret = root.resolve("Secret.java");
    if (Files.exists(secret)) {
      Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
    }
    Trees.shutdown(pool);
  }

  Engine open(EngineOptions options) throws Exception {
    Engine e = Engine.open(root, tmp.resolve("index"), options);
    engines.add(e);
    return e;
  }

  static byte[] bigJava() {
    StringBuilder b = new StringBuilder("class Big {\n");
    for (int i = 0; b.length() < 100 * 1024; i++) {
      b.append("  int field").append(i).append(" = ").append(i).append(";\n");
    }
    return b.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] lossyJava() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("class Lossy {\n  String s = \"a".getBytes(StandardCharsets.US_ASCII));
    out.write(0xC3);
    out.write(0x28); // 0xC3 must be followed by a continuation byte: invalid UTF-8
    out.writeBytes("b\";\n  void ok() {}\n}\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  static Map<String, String> issues(Searcher s) throws Exception {
    Map<String, String> m = new TreeMap<>();
    for (IndexSnapshot.Issue i : s.snapshot().issues(100)) {
      m.put(i.path(), i.reason());
    }
    return m;
  }

  @Test
  void badFilesAreReportedAndGoodOnesIndexed() throws Exception {
    write(root, "Good.java", "class Good { void fine() { new Lossy().ok(); } }\n");
    write(root, "good.py", "def good():\n    pass\n");
    write(root, "blob.bin", BINARY);
    write(root, "Bin.java", BINARY);
    write(root, "Big.java", bigJava());
    write(root, "Lossy.java", lossyJava());
    write(root, "notes.txt", "plain text, not a language\n");
    Trees.symlink(root, "loop/self", "..");
    Trees.symlink(root, "Link.java", "Good.java");
    write(root, "Secret.java", "class Secret { }\n");
    Files.setPosixFilePermissions(root.resolve("Secret.java"), PosixFilePermissions.fromString("---------"));
    boolean permissionsApply = !Files.isReadable(root.resolve("Secret.java")); // not so for root

    Engine e = open(OPTIONS);
    ApplyResult r = e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
    assertTrue(r.changedAnything());
    // a path named in a change set that does not exist (deleted before apply saw it) is no error
    ApplyResult gone = e.apply(ChangeSet.of("gone.java"), pool, ProgressListener.NONE);
    assertEquals(r.generation(), gone.generation());
    assertFalse(gone.changedAnything());
    // naming the bad files one by one is no error either, and changes nothing
    ApplyResult again = e.apply(ChangeSet.of("loop/self", "loop", "Link.java", "Bin.java", "blob.bin", "Big.java", "Lossy.java",
        "Secret.java"), pool, ProgressListener.NONE);
    assertFalse(again.changedAnything());
    assertEquals(0, again.filesParsed());

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("Big.java", "too-large");
    expected.put("Bin.java", "binary");
    expected.put("Link.java", "symlink");
    expected.put("Lossy.java", "invalid-utf8");
    if (permissionsApply) {
      expected.put("Secret.java", "unreadable");
    }
    expected.put("blob.bin", "binary");
    expected.put("loop/self", "symlink");

    try (Searcher s = Searcher.open(e)) {
      Map<String, String> got = issues(s);
      if (!permissionsApply) {
        got.remove("Secret.java"); // running as root: the file was readable after all
      }
      assertEquals(new TreeMap<>(expected), got);
      assertEquals(s.snapshot().issues(100).size(), s.counts().issues());

      assertEquals(List.of("Good.java"), EngineTest.paths(s.definitions("fine", 10)));
      assertEquals(List.of("good.py"), EngineTest.paths(s.definitions("good", 10)));
      // the lossy file is indexed, degraded
      FileState lossy = s.snapshot().file("Lossy.java").orElseThrow();
      assertEquals(FileStatus.INDEXED_LOSSY, lossy.status());
      assertEquals(List.of("Lossy.java"), EngineTest.paths(s.definitions("Lossy", 10)));
      assertEquals(List.of("Lossy.java"), EngineTest.paths(s.definitions("ok", 10)));
      assertEquals(List.of("Good.java"), EngineTest.paths(s.callers("ok", 10)));
      // skipped files contribute nothing
      assertTrue(s.definitions("Big", 10).hits().isEmpty());
      assertTrue(s.snapshot().facts("Bin.java").isEmpty());
      assertEquals(FileStatus.BINARY, s.snapshot().file("Bin.java").orElseThrow().status());
      assertEquals(FileStatus.UNSUPPORTED, s.snapshot().file("notes.txt").orElseThrow().status());
      assertTrue(s.snapshot().file("gone.java").isEmpty());
      long indexed = permissionsApply ? 3 : 4; // Good.java, good.py, Lossy.java (+ Secret.java as root)
      assertEquals(indexed, s.counts().files());
    }
    Trees.assertSameAsCold(e, tmp.resolve("cold"), OPTIONS, pool, "fine", "ok", "Big", "Lossy");
  }

  @Test
  void issuesComeAndGoWithTheFiles() throws Exception {
    write(root, "Good.java", "class Good { }\n");
    write(root, "Big.java", bigJava());
    write(root, "Bin.java", BINARY);
    Engine e = open(OPTIONS);
    e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
    try (Searcher s = Searcher.open(e)) {
      assertEquals(Map.of("Big.java", "too-large", "Bin.java", "binary"), issues(s));
      assertEquals(2, s.counts().issues());
    }

    write(root, "Big.java", "class Big { void small() {} }\n");
    write(root, "Bin.java", lossyJava());
    Files.delete(root.resolve("Good.java"));
    write(root, "Good2.java", BINARY);
    e.apply(ChangeSet.of("Big.java", "Bin.java", "Good.java", "Good2.java"), pool, ProgressListener.NONE);
    try (Searcher s = Searcher.open(e)) {
      assertEquals(Map.of("Bin.java", "invalid-utf8", "Good2.java", "binary"), issues(s));
      assertEquals(2, s.counts().issues());
      assertEquals(List.of("Big.java"), EngineTest.paths(s.definitions("small", 10)));
      assertEquals(List.of("Bin.java"), EngineTest.paths(s.definitions("Lossy", 10)));
      assertEquals(2, s.counts().files());
    }
    Trees.assertSameAsCold(e, tmp.resolve("cold-1"), OPTIONS, pool, "small", "Lossy", "Good", "Big");

    Files.delete(root.resolve("Bin.java"));
    Files.delete(root.resolve("Good2.java"));
    e.apply(ChangeSet.of("Bin.java", "Good2.java"), pool, ProgressListener.NONE);
    try (Searcher s = Searcher.open(e)) {
      assertEquals(Map.of(), issues(s));
      assertEquals(0, s.counts().issues());
    }
    Trees.assertSameAsCold(e, tmp.resolve("cold-2"), OPTIONS, pool, "small", "Lossy");
  }

  @Test
  void aSymlinkLoopDirectoryNamedInAChangeSetDoesNotTrapTheWalk() throws Exception {
    write(root, "loop/In.java", "class In { }\n");
    Trees.symlink(root, "loop/self", "..");
    Trees.symlink(root, "loop/deeper", "../loop");
    Engine e = open(OPTIONS);
    e.apply(ChangeSet.of("loop"), pool, ProgressListener.NONE);
    try (Searcher s = Searcher.open(e)) {
      assertEquals(Map.of("loop/deeper", "symlink", "loop/self", "symlink"), issues(s));
      assertEquals(List.of("loop/In.java"), EngineTest.paths(s.definitions("In", 10)));
    }
    // a link that points at a directory and is named directly is not followed either
    e.apply(ChangeSet.of("loop/self", "loop/deeper"), pool, ProgressListener.NONE);
    Trees.assertSameAsCold(e, tmp.resolve("cold"), OPTIONS, pool, "In");
  }

  @Test
  void aPathTooLongForAKeyIsReportedAndNotReparsed() throws Exception {
    String dir = String.join("/", Collections.nCopies(5, "d".repeat(100)));
    write(root, dir + "/Long.java", "class Long { }\n");
    write(root, "Short.java", "class Short { }\n");
    Engine e = open(OPTIONS);
    ApplyResult first = e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
    try (Searcher s = Searcher.open(e)) {
      // the issue key may have to be shortened; the reason must be there
      List<IndexSnapshot.Issue> list = s.snapshot().issues(100);
      assertEquals(List.of("path-too-long"), list.stream().map(IndexSnapshot.Issue::reason).toList());
      assertTrue((dir + "/Long.java").startsWith(list.get(0).path().substring(0, 100)));
      assertEquals(1, s.counts().issues());
      assertEquals(List.of("Short.java"), EngineTest.paths(s.definitions("Short", 10)));
    }
    ApplyResult again = e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
    assertEquals(0, again.filesParsed(), "nothing changed, nothing to parse");
    assertEquals(first.generation(), again.generation());
    // and the issue goes with the file
    Trees.deleteTree(root.resolve("d".repeat(100)));
    e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
    try (Searcher s = Searcher.open(e)) {
      assertEquals(List.of(), s.snapshot().issues(100));
      assertEquals(0, s.counts().issues());
    }
  }

  static Map<String, String> details(Searcher s) throws Exception {
    Map<String, String> m = new TreeMap<>();
    for (IndexSnapshot.Issue i : s.snapshot().issues(100)) {
      m.put(i.path(), i.reason() + ": " + i.detail());
    }
    return m;
  }

  /**
   * Issue 11: 20,000 nested classes in one file took 5.5 GB and wedged the index loop, and again
   * after every restart. A file whose facts would pass the per-file budget is skipped, with its
   * reason in the issues; the rest of the tree is indexed; a restart does not parse it again.
   */
  @Test
  void aFileOverTheFactsBudgetIsSkippedWithItsReasonAndStaysSkipped() throws Exception {
    write(root, "Deep.java", Nested.deepJava(3000));
    write(root, "Fine.java", "class Fine { void fine() {} }\n");
    EngineOptions small = OPTIONS.withFactsBudgetBytes(64 * 1024);
    try (Engine e = Engine.open(root, tmp.resolve("index"), small)) {
      ApplyResult r = e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      assertEquals(1, r.filesParsed());
      try (Searcher s = Searcher.open(e)) {
        assertEquals(Map.of("Deep.java", "over-budget: facts would take more than 65536 bytes (budget per file)"), details(s));
        assertEquals(FileStatus.OVER_BUDGET, s.snapshot().file("Deep.java").orElseThrow().status());
        assertEquals(List.of("Fine.java"), EngineTest.paths(s.definitions("fine", 10)));
        assertTrue(s.definitions("C7", 10).hits().isEmpty());
      }
    }
    try (Engine again = Engine.open(root, tmp.resolve("index"), small)) {
      assertEquals(OpenState.CURRENT, again.openState());
      assertEquals(0, again.apply(ChangeSet.everything(), pool, ProgressListener.NONE).filesParsed(), "the restart parses nothing");
      try (Searcher s = Searcher.open(again)) {
        assertEquals(Map.of("Deep.java", "over-budget: facts would take more than 65536 bytes (budget per file)"), details(s));
      }
    }
  }

  /** Definitions nested past the cap are indexed under the deepest container kept; the file says so. */
  @Test
  void aFileNestedPastTheCapIsIndexedFlattenedAndSaysSo() throws Exception {
    write(root, "Deep.java", Nested.deepJava(3000));
    Engine e = open(OPTIONS);
    e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
    int cap = FactExtractor.MAX_NESTING_DEPTH;
    try (Searcher s = Searcher.open(e)) {
      assertEquals(Map.of("Deep.java", "nesting too deep: flattened: " + (3000 - cap) + " definitions nested deeper than " + cap
          + " levels kept under their level-" + cap + " container"), details(s));
      assertEquals(FileStatus.NESTING_FLATTENED, s.snapshot().file("Deep.java").orElseThrow().status());
      List<Hit> leaf = s.definitions("leaf", 10).hits();
      assertEquals(1, leaf.size());
      assertEquals(cap, leaf.get(0).container().split("\\.").length, leaf.get(0).container());
      assertEquals(List.of("Deep.java"), EngineTest.paths(s.definitions("C2999", 10)));
      assertEquals(3001, s.counts().definitions());
    }
    // unchanged content keeps its status and detail on the next reconcile
    write(root, "Other.java", "class Other {}\n");
    e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
    try (Searcher s = Searcher.open(e)) {
      assertEquals(FileStatus.NESTING_FLATTENED, s.snapshot().file("Deep.java").orElseThrow().status());
      assertTrue(details(s).get("Deep.java").contains("definitions nested deeper"), details(s).toString());
    }
  }

  @Test
  void aLargeFileIsIndexedForDefinitionsOnlyAndSaysSo() throws Exception {
    // full facts up to 32 KB, definitions only up to 1 MB, skipped beyond
    EngineOptions options = new EngineOptions(32 * 1024, 1 << 20, 10_000);
    StringBuilder b = new StringBuilder("import java.util.List;\nclass Large {\n  void entry() { helper(); }\n");
    for (int i = 0; b.length() < 100 * 1024; i++) {
      b.append("  int field").append(i).append(" = compute(").append(i).append(");\n");
    }
    write(root, "Large.java", b.append("}\n").toString());
    write(root, "Small.java", "class Small { void helper() {} void go() { helper(); } }\n");
    Engine e = open(options);
    e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
    try (Searcher s = Searcher.open(e)) {
      assertEquals(List.of("Large.java"), s.definitions("entry", 10).hits().stream().map(Hit::path).toList());
      assertEquals(List.of("Large.java"), s.definitions("field7", 10).hits().stream().map(Hit::path).toList());
      assertEquals(List.of("Small.java"), s.callers("helper", 10).hits().stream().map(Hit::path).toList(),
          "no calls are kept from a definitions-only file");
      assertEquals(List.of(), s.references("compute", 10).hits());
      assertEquals(1, s.snapshot().facts("Large.java").orElseThrow().imports().size());
      assertEquals(Map.of("Large.java", "large: definitions only"), issues(s));
      assertEquals(FileStatus.INDEXED_DEFINITIONS_ONLY, s.snapshot().file("Large.java").orElseThrow().status());
    }
  }

  /** Issue 11 item 1: a marker in an annotation or a string is not a generated-code header. */
  @Test
  void markersInAnnotationsAndStringsKeepEveryFact() throws Exception {
    write(root, "Made.java", "import javax.annotation.processing.Generated;\n\n@Generated(\"by hand\")\n"
        + "class Made { static final String NOTE = \"DO NOT EDIT\"; void made() { other(); } }\n");
    StringBuilder py = new StringBuilder("import os\n\n");
    for (int i = 0; i < 30; i++) {
      py.append("def f").append(i).append("():\n    return os.sep\n");
    }
    py.append("def tool():\n    print('# This file is automatically generated; do not edit')\n    other()\n");
    write(root, "tool.py", py.toString());
    Engine e = open(EngineOptions.DEFAULTS);
    e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
    try (Searcher s = Searcher.open(e)) {
      assertEquals(List.of("Made.java", "tool.py"), s.callers("other", 10).hits().stream().map(Hit::path).sorted().toList());
      assertEquals(Map.of(), issues(s));
      assertEquals(FileStatus.INDEXED, s.snapshot().file("Made.java").orElseThrow().status());
      assertEquals(FileStatus.INDEXED, s.snapshot().file("tool.py").orElseThrow().status());
    }
  }

  @Test
  void aHandWrittenFileOverOneMegabyteKeepsItsCallsByDefault() throws Exception {
    // Issue 11 item 6: picocli's CommandLine.java (1.19 MB, a fifth of the project's call sites)
    // is one hand-written file; the default full-facts limit (2 MB) keeps its calls.
    StringBuilder b = new StringBuilder("class Big {\n  void entry() { helper(); }\n");
    for (int i = 0; b.length() < 1_500_000; i++) {
      b.append("  int field").append(i).append(" = compute(").append(i).append(");\n");
    }
    write(root, "Big.java", b.append("  static int compute(int i) { return i; }\n}\n").toString());
    write(root, "Small.java", "class Small { void helper() {} void go() { helper(); } }\n");
    Engine e = open(EngineOptions.DEFAULTS);
    e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
    try (Searcher s = Searcher.open(e)) {
      assertEquals(List.of("Big.java", "Small.java"), s.callers("helper", 10).hits().stream().map(Hit::path).sorted().toList());
      assertEquals(Map.of(), issues(s));
      assertEquals(FileStatus.INDEXED, s.snapshot().file("Big.java").orElseThrow().status());
    }
  }

  @Test
  void generatedCodeGivesDefinitionsOnlyAndMinifiedCodeIsSkipped() throws Exception {
    write(root, "Gen.java", "// Generated by the protocol buffer compiler.  DO NOT EDIT!\nclass Gen { void made() { other(); } }\n");
    write(root, "gen.go", "// Code generated by stringer; DO NOT EDIT.\npackage p\nfunc Made() { other() }\n");
    write(root, "app.min.js", "function a(){return b()}".repeat(400) + "\n");
    write(root, "Long.java", "class Long { String s = \"" + "x".repeat(6000) + "\"; void kept() {} }\n");
    Engine e = open(EngineOptions.DEFAULTS);
    e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
    try (Searcher s = Searcher.open(e)) {
      assertEquals(List.of("Gen.java"), s.definitions("made", 10).hits().stream().map(Hit::path).toList());
      assertEquals(List.of("gen.go"), s.definitions("Made", 10).hits().stream().map(Hit::path).toList());
      assertEquals(List.of(), s.callers("other", 10).hits(), "no calls are kept from generated code");
      assertEquals(List.of(), s.definitions("a", 10).hits());
      assertEquals(List.of("Long.java"), s.definitions("kept", 10).hits().stream().map(Hit::path).toList(),
          "a long line in Java is not minification");
      assertEquals(Map.of("Gen.java", "generated: definitions only", "gen.go", "generated: definitions only",
          "app.min.js", "minified"), issues(s));
    }
  }
}
