package dev.symdex.engine.index;

import dev.symdex.engine.query.Searcher;

import static dev.symdex.engine.testing.Trees.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.Format;
import dev.symdex.engine.codec.MetaCodec;
import dev.symdex.engine.resolve.ImportResolver;
import dev.symdex.engine.store.LmdbStore;
import dev.symdex.engine.store.ReadTxn;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.store.WriteTxn;
import dev.symdex.engine.testing.Trees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

class CorruptIndexTest {
  @TempDir Path tmp;
  Path root;
  Path indexDir;
  ExecutorService pool;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("src"));
    indexDir = tmp.resolve("index");
    pool = Trees.pool("corrupt-test");
    write(root, "A.java", "class Foo { void bar() {} }\n");
    write(root, "b.py", "def main():\n    bar()\n");
  }

  @AfterEach
  void tearDown() throws Exception {
    Trees.shutdown(pool);
  }

  /** Directories next to the index whose name says they were set aside. */
  List<Path> asides(String why) throws Exception {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.filter(p -> p.getFileName().toString().startsWith("index." + why + "-")).toList();
    }
  }

  /** The engine answers after a full apply. */
  void assertWorks(Engine e) throws Exception {
    ApplyResult r = e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
    assertEquals(2, r.filesParsed());
    try (Searcher s = Searcher.open(e)) {
      assertEquals(List.of("A.java"), EngineTest.paths(s.definitions("bar", 10)));
      assertEquals(List.of("b.py"), EngineTest.paths(s.callers("bar", 10)));
      assertEquals(2, s.counts().files());
    }
    Trees.assertSameAsCold(e, tmp.resolve("cold"), pool, "bar");
  }

  @Test
  void garbageDataFileIsMovedAsideAndANewIndexStarted() throws Exception {
    Files.createDirectories(indexDir);
    byte[] garbage = new byte[64 * 1024];
    new Random(7).nextBytes(garbage);
    Files.write(indexDir.resolve("data.mdb"), garbage);

    try (Engine e = Engine.open(root, indexDir, EngineOptions.DEFAULTS)) {
      assertEquals(OpenState.REBUILT_CORRUPT, e.openState());
      List<Path> aside = asides("corrupt");
      assertEquals(1, aside.size(), aside.toString());
      assertTrue(aside.get(0).getFileName().toString().contains(".corrupt-"));
      assertArrayEquals(garbage, Files.readAllBytes(aside.get(0).resolve("data.mdb")), "the bad index is kept as it was");
      assertWorks(e);
    }
    try (Engine again = Engine.open(root, indexDir, EngineOptions.DEFAULTS)) {
      assertEquals(OpenState.CURRENT, again.openState());
    }
  }

  @Test
  void wrongMagicInAValidStoreIsCorrupt() throws Exception {
    try (LmdbStore store = LmdbStore.open(indexDir)) {
      try (WriteTxn w = store.write()) {
        w.put(Table.META, MetaCodec.KEY_FORMAT, HexFormat.of().parseHex("4e4f504500000001"));
        w.put(Table.META, MetaCodec.KEY_ROOT, MetaCodec.string(root.toAbsolutePath().normalize().toString()));
        w.commit();
      }
    }
    try (Engine e = Engine.open(root, indexDir, EngineOptions.DEFAULTS)) {
      assertEquals(OpenState.REBUILT_CORRUPT, e.openState());
      List<Path> aside = asides("corrupt");
      assertEquals(1, aside.size());
      // the set-aside store still holds the bad record
      try (LmdbStore old = LmdbStore.open(aside.get(0)); ReadTxn r = old.read()) {
        assertEquals("4e4f504500000001", HexFormat.of().formatHex(r.get(Table.META, MetaCodec.KEY_FORMAT)));
      }
      assertWorks(e);
    }
  }

  @Test
  void dataWithoutAFormatRecordIsCorrupt() throws Exception {
    try (LmdbStore store = LmdbStore.open(indexDir); WriteTxn w = store.write()) {
      w.put(Table.FILES, "A.java".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
      w.commit();
    }
    try (Engine e = Engine.open(root, indexDir, EngineOptions.DEFAULTS)) {
      assertEquals(OpenState.REBUILT_CORRUPT, e.openState());
      assertEquals(1, asides("corrupt").size());
      assertWorks(e);
    }
  }

  @Test
  void anIndexOfAnotherRootIsNotReused() throws Exception {
    Path other = Files.createDirectories(tmp.resolve("other"));
    write(other, "Z.java", "class Z { void bar() {} }\n");
    try (Engine e = Engine.open(other, indexDir, EngineOptions.DEFAULTS)) {
      e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
    }
    try (Engine e = Engine.open(root, indexDir, EngineOptions.DEFAULTS)) {
      assertEquals(OpenState.REBUILT_CORRUPT, e.openState());
      assertEquals(1, asides("corrupt").size());
      try (Searcher s = Searcher.open(e)) {
        assertTrue(s.definitions("bar", 10).hits().isEmpty(), "nothing of the other root leaks in");
      }
      assertWorks(e);
    }
  }

  @Test
  void otherOptionsRebuildAsStaleAndLeaveNothingBehind() throws Exception {
    try (Engine e = Engine.open(root, indexDir, EngineOptions.DEFAULTS)) {
      e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
    }
    try (Engine e = Engine.open(root, indexDir, EngineOptions.DEFAULTS.withMaxFileBytes(4096))) {
      assertEquals(OpenState.REBUILT_STALE, e.openState());
      assertEquals(List.of(), asides("stale"));
      assertEquals(List.of(), asides("corrupt"));
      try (Searcher s = Searcher.open(e)) {
        assertEquals(0, s.counts().files());
        assertEquals(0, s.generation());
      }
      ApplyResult r = e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      assertEquals(2, r.filesParsed());
    }
  }

  @Test
  void aNewerFormatIsLeftAlone() throws Exception {
    try (LmdbStore store = LmdbStore.open(indexDir); WriteTxn w = store.write()) {
      w.put(Table.META, MetaCodec.KEY_FORMAT, MetaCodec.format(Format.VERSION_CURRENT + 1));
      w.commit();
    }
    assertThrows(SymdexException.FormatTooNew.class, () -> Engine.open(root, indexDir, EngineOptions.DEFAULTS));
    assertEquals(List.of(), asides("corrupt"));
    try (LmdbStore store = LmdbStore.open(indexDir); ReadTxn r = store.read()) {
      assertEquals(Format.VERSION_CURRENT + 1, MetaCodec.formatVersion(r.get(Table.META, MetaCodec.KEY_FORMAT)));
    }
  }

  /** Builds an index of the tree, then rewrites its format record as {@code version}. */
  private void indexWrittenAsFormat(int version) throws Exception {
    try (Engine e = Engine.open(root, indexDir, EngineOptions.DEFAULTS); Stream<Path> files = Files.list(root)) {
      assertEquals(files.count(), e.apply(ChangeSet.everything(), pool, ProgressListener.NONE).filesParsed());
    }
    try (LmdbStore store = LmdbStore.open(indexDir); WriteTxn w = store.write()) {
      w.put(Table.META, MetaCodec.KEY_FORMAT, MetaCodec.format(version));
      if (version < 4) { // format 3 had no stored import graph and no name tables
        for (Table t : new Table[] {Table.IMPORTS, Table.IMPORTERS, Table.PROBES, Table.FILE_PROBES, Table.NAMES, Table.DIR_NAMES}) {
          w.clear(t);
        }
        w.delete(Table.META, MetaCodec.KEY_IMPORT_GRAPH);
      }
      w.commit();
    }
  }

  /**
   * Format 4 stored a dotted container per definition, format 5 a container table, format 6 adds
   * the type facts. The old facts cannot be read, so an index of the format before this one is
   * rebuilt (as stale: nothing is kept aside).
   */
  @Test
  void theFormatBeforeThisOneIsRebuilt() throws Exception {
    write(root, "c.py", "import b\n");
    indexWrittenAsFormat(Format.VERSION_CURRENT - 1);
    try (Engine e = Engine.open(root, indexDir, EngineOptions.DEFAULTS)) {
      assertEquals(OpenState.REBUILT_STALE, e.openState());
      assertEquals(3, e.apply(ChangeSet.everything(), pool, ProgressListener.NONE).filesParsed());
      try (Searcher s = Searcher.open(e)) {
        assertEquals(List.of("A.java"), EngineTest.paths(s.definitions("bar", 10)));
        assertEquals(List.of("b.py"), s.importGraph().imported("c.py"));
      }
    }
    try (LmdbStore store = LmdbStore.open(indexDir); ReadTxn r = store.read()) {
      assertEquals(Format.VERSION_CURRENT, MetaCodec.formatVersion(r.get(Table.META, MetaCodec.KEY_FORMAT)));
    }
    assertEquals(List.of(), asides("corrupt"));
  }

  /**
   * An index written by a build before value seals (format 4 and older: every value unsealed) is
   * not damage: it is rebuilt as stale (deleted), not kept aside as corrupt.
   */
  @Test
  void anIndexWrittenBeforeSealsIsRebuiltAsStaleNotAsCorrupt() throws Exception {
    try (Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMapSize(1L << 30)
        .setMaxDbs(32).open(Files.createDirectories(indexDir).toFile())) {
      Dbi<byte[]> meta = env.openDbi(Table.META.dbName(), DbiFlags.MDB_CREATE);
      Dbi<byte[]> files = env.openDbi(Table.FILES.dbName(), DbiFlags.MDB_CREATE);
      try (Txn<byte[]> w = env.txnWrite()) {
        meta.put(w, MetaCodec.KEY_FORMAT, MetaCodec.format(4));
        meta.put(w, MetaCodec.KEY_ROOT, MetaCodec.string(root.toAbsolutePath().normalize().toString()));
        files.put(w, "A.java".getBytes(StandardCharsets.UTF_8), new byte[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0});
        w.commit();
      }
    }
    try (Engine e = Engine.open(root, indexDir, EngineOptions.DEFAULTS)) {
      assertEquals(OpenState.REBUILT_STALE, e.openState(), e.openDetail());
      assertTrue(e.openDetail().contains("index format 4 is older than " + Format.VERSION_MIN_READ), e.openDetail());
      assertWorks(e);
    }
    assertEquals(List.of(), asides("corrupt"));
  }

  /**
   * A stored import graph built by other resolution rules ({@code ImportResolver.VERSION}: an
   * older build's, say, where Python imports matched any same-named file) is not trusted: the next
   * apply builds it again, parsing nothing.
   */
  @Test
  void anImportGraphOfOtherResolutionRulesIsRebuilt() throws Exception {
    write(root, "c.py", "import b\n");
    try (Engine e = Engine.open(root, indexDir, EngineOptions.DEFAULTS)) {
      e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
    }
    try (LmdbStore store = LmdbStore.open(indexDir); WriteTxn w = store.write()) {
      for (Table t : new Table[] {Table.IMPORTS, Table.IMPORTERS}) {
        w.clear(t); // what older rules resolved differently
      }
      w.put(Table.META, MetaCodec.KEY_IMPORT_GRAPH, MetaCodec.importGraph(ImportResolver.VERSION - 1));
      w.commit();
    }
    try (Engine e = Engine.open(root, indexDir, EngineOptions.DEFAULTS)) {
      assertEquals(OpenState.CURRENT, e.openState());
      ApplyResult r = e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      assertEquals(0, r.filesParsed());
      try (Searcher s = Searcher.open(e)) {
        assertEquals(List.of("b.py"), s.importGraph().imported("c.py"), "the import graph is built again");
      }
      Trees.assertSameAsCold(e, indexDir.resolveSibling("cold"), pool);
    }
    try (LmdbStore store = LmdbStore.open(indexDir); ReadTxn r = store.read()) {
      assertEquals(ImportResolver.VERSION, MetaCodec.importGraphVersion(r.get(Table.META, MetaCodec.KEY_IMPORT_GRAPH)));
    }
  }

  @Test
  void aFormatTooOldToReadIsSetAsideAndRebuilt() throws Exception {
    indexWrittenAsFormat(Format.VERSION_MIN_READ - 1);
    try (Engine e = Engine.open(root, indexDir, EngineOptions.DEFAULTS)) {
      assertEquals(OpenState.REBUILT_STALE, e.openState());
      assertWorks(e);
    }
    assertEquals(List.of(), asides("corrupt"), "an old format is not corruption");
  }
}
