package dev.symdex.engine.index;

import static dev.symdex.engine.testing.Trees.assertSameAsCold;
import static dev.symdex.engine.testing.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.codec.MetaCodec;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.store.LmdbStore;
import dev.symdex.engine.store.ReadTxn;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero-parse starts: a second clone of a git repository whose first clone is indexed starts from
 * a copy of that index ({@link IndexSeed}) and parses nothing (or only what differs), and answers
 * as a cold index of it would. Real repositories (JGit), real LMDB.
 */
class IndexSeedTest {
  @TempDir Path tmp;
  ExecutorService pool;
  Path first;
  Path indexes;

  @BeforeEach
  void repo() throws Exception {
    pool = Trees.pool("seed-test");
    first = tmp.resolve("first");
    indexes = Files.createDirectories(tmp.resolve("data").resolve("index"));
    write(first, "src/a/Foo.java", "package a;\npublic class Foo {\n  public void bar() {}\n}\n");
    write(first, "src/b/Use.java", "package b;\nimport a.Foo;\nclass Use {\n  void run() { new Foo().bar(); }\n}\n");
    write(first, "py/a.py", "class Foo:\n    def bar(self):\n        pass\n");
    write(first, "py/b.py", "from a import Foo\n\ndef main():\n    Foo().bar()\n");
    write(first, "README.md", "not code\n");
    Trees.commitAll(first, "one");
    try (Engine e = Engine.open(first, indexes.resolve("first"), EngineOptions.DEFAULTS)) {
      assertEquals(4, e.apply(ChangeSet.everything(), pool, ProgressListener.NONE).filesParsed());
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    Trees.shutdown(pool);
  }

  private Path cloneOf(Path from, String name) throws Exception {
    Path to = tmp.resolve(name);
    Git.cloneRepository().setURI(from.toUri().toString()).setDirectory(to.toFile()).call().close();
    return to;
  }

  /** Seeds {@code root}'s index in {@code indexes/name} from the data dir's closed indexes, as a one-shot index does. */
  private Optional<IndexSeed.Source> seed(Path root, String name) throws Exception {
    List<IndexSeed.Source> candidates;
    try (Stream<Path> dirs = Files.list(indexes)) {
      candidates = dirs.map(d -> IndexSeed.describeClosed(d, EngineOptions.DEFAULTS)).flatMap(Optional::stream).toList();
    }
    Optional<IndexSeed.Source> pick = IndexSeed.pick(root, candidates);
    if (pick.isPresent()) {
      Path into = IndexSeed.tempDirFor(indexes.resolve(name));
      IndexSeed.copyClosed(pick.get().indexDir(), into);
      IndexSeed.plant(into, root, EngineOptions.DEFAULTS, indexes.resolve(name));
    }
    return pick;
  }

  @Test
  void aSecondCloneIndexesWithZeroParsesAndAnswersAsACloneIndexedColdWould() throws Exception {
    Path second = cloneOf(first, "second");
    Optional<IndexSeed.Source> from = seed(second, "second");
    assertEquals(Optional.of(indexes.resolve("first")), from.map(IndexSeed.Source::indexDir));
    try (Engine e = Engine.open(second, indexes.resolve("second"), EngineOptions.DEFAULTS)) {
      assertEquals(OpenState.CURRENT, e.openState(), "the copy is this root's index now, not a foreign one: " + e.openDetail());
      ApplyResult r = e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      assertEquals(0, r.filesParsed(), "every file's content has stored facts");
      assertEquals(5, r.filesChecked());
      try (Searcher s = Searcher.open(e)) {
        assertEquals(List.of("src/a/Foo.java"), s.definitions("Foo", 10).hits().stream().filter(h -> h.path().endsWith(".java"))
            .map(h -> h.path()).toList());
      }
      assertSameAsCold(e, tmp.resolve("cold-second"), pool, "Foo", "bar");
    }
    try (LmdbStore st = LmdbStore.openReadOnly(indexes.resolve("second")); ReadTxn t = st.read()) {
      assertEquals(second.toString(), MetaCodec.string(t.get(Table.META, MetaCodec.KEY_ROOT)), "nothing ties it to the first root");
    }
    assertTrue(Files.exists(indexes.resolve("first").resolve("data.mdb")), "the sibling's index is left as it was");
    try (Stream<Path> left = Files.list(indexes)) {
      assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(IndexSeed.TEMP_PREFIX)).toList());
    }
  }

  @Test
  void aCloneWithOneFileEditedParsesExactlyThatFile() throws Exception {
    Path second = cloneOf(first, "second");
    write(second, "src/a/Foo.java", "package a;\npublic class Foo {\n  public void bar() {}\n  public void baz() {}\n}\n");
    Files.delete(second.resolve("py/b.py"));
    assertTrue(seed(second, "second").isPresent());
    try (Engine e = Engine.open(second, indexes.resolve("second"), EngineOptions.DEFAULTS)) {
      ApplyResult r = e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      assertEquals(1, r.filesParsed(), "only the edited file");
      assertEquals(1, r.filesRemoved(), "the file the clone lacks is gone from its index");
      assertSameAsCold(e, tmp.resolve("cold-second"), pool, "baz", "main");
    }
  }

  @Test
  void aCloneAtALaterCommitIsSeededFromTheHistoryItShares() throws Exception {
    Path second = cloneOf(first, "second");
    write(second, "py/c.py", "def later():\n    pass\n");
    Trees.commitAll(second, "two");
    assertTrue(seed(second, "second").isPresent(), "its repository holds the commit the first index was built at");
    try (Engine e = Engine.open(second, indexes.resolve("second"), EngineOptions.DEFAULTS)) {
      assertEquals(1, e.apply(ChangeSet.everything(), pool, ProgressListener.NONE).filesParsed());
      assertSameAsCold(e, tmp.resolve("cold-second"), pool, "later");
    }
  }

  @Test
  void aTreeOfAnotherHistoryOrOutsideGitIsNotSeeded() throws Exception {
    Path other = tmp.resolve("other");
    write(other, "src/a/Foo.java", "package a;\npublic class Foo {\n  public void bar() {}\n}\n");
    Path plain = tmp.resolve("plain");
    write(plain, "src/a/Foo.java", "package a;\npublic class Foo {\n  public void bar() {}\n}\n");
    Trees.commitAll(other, "unrelated");
    assertFalse(seed(other, "other").isPresent(), "no commit in common");
    assertFalse(seed(plain, "plain").isPresent(), "no git identity");
    assertFalse(Files.exists(indexes.resolve("other")));
    assertFalse(Files.exists(indexes.resolve("plain")));
  }

  @Test
  void anIndexOpenInThisProcessIsCopiedThroughItsEngine() throws Exception {
    Path second = cloneOf(first, "second");
    try (Engine open = Engine.open(first, indexes.resolve("first"), EngineOptions.DEFAULTS)) {
      Optional<IndexSeed.Source> s = open.seedSource(EngineOptions.DEFAULTS);
      assertEquals(Optional.of(first.toString()), s.map(IndexSeed.Source::root));
      assertEquals(s, IndexSeed.pick(second, List.of(s.get())));
      Path into = IndexSeed.tempDirFor(indexes.resolve("second"));
      open.copyIndexTo(into);
      IndexSeed.plant(into, second, EngineOptions.DEFAULTS, indexes.resolve("second"));
      assertEquals(Optional.empty(), open.seedSource(EngineOptions.DEFAULTS.withMaxFileBytes(1234)), "other options: no seed");
    }
    try (Engine e = Engine.open(second, indexes.resolve("second"), EngineOptions.DEFAULTS)) {
      assertEquals(0, e.apply(ChangeSet.everything(), pool, ProgressListener.NONE).filesParsed());
    }
    Path mode = indexes.resolve("second").resolve("data.mdb");
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(mode)));
  }
}
