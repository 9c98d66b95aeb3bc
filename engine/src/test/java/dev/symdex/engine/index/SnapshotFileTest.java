package dev.symdex.engine.index;

import static dev.symdex.engine.testing.Trees.assertSameAsCold;
import static dev.symdex.engine.testing.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.testing.Trees;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot files: an index exported to one file and imported as another clone's index parses
 * nothing and answers as a cold index would; a file that is not a snapshot, is cut short, damaged
 * or of a newer format is refused with a clear error and leaves nothing behind.
 */
class SnapshotFileTest {
  @TempDir Path tmp;
  ExecutorService pool;
  Path first;
  Path indexes;
  Path snapshot;

  @BeforeEach
  void exported() throws Exception {
    pool = Trees.pool("snapshot-test");
    first = tmp.resolve("first");
    indexes = Files.createDirectories(tmp.resolve("data").resolve("index"));
    write(first, "src/a/Foo.java", "package a;\npublic class Foo {\n  public void bar() {}\n}\n");
    write(first, "src/b/Use.java", "package b;\nimport a.Foo;\nclass Use {\n  void run() { new Foo().bar(); }\n}\n");
    write(first, "py/b.py", "def main():\n    pass\n");
    Trees.commitAll(first, "one");
    snapshot = tmp.resolve("out").resolve("first.sdx");
    Files.createDirectories(snapshot.getParent());
    try (Engine e = Engine.open(first, indexes.resolve("first"), EngineOptions.DEFAULTS)) {
      e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      long bytes = SnapshotFile.export(e::copyIndexTo, e.indexDir(), snapshot);
      assertEquals(Files.size(snapshot), bytes);
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    Trees.shutdown(pool);
  }

  private Path cloneOf(String name) throws Exception {
    Path to = tmp.resolve(name);
    Git.cloneRepository().setURI(first.toUri().toString()).setDirectory(to.toFile()).call().close();
    return to;
  }

  @Test
  void anExportedIndexImportedOnAnotherCloneParsesNothingAndAnswersTheSame() throws Exception {
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshot)));
    assertFalse(new String(Files.readAllBytes(snapshot), java.nio.charset.StandardCharsets.ISO_8859_1).contains(first.toString()),
        "the exporter's root is not in the file");
    Path third = cloneOf("third");
    write(third, "py/b.py", "def main():\n    return 1\n");
    SnapshotFile.importTo(snapshot, third, EngineOptions.DEFAULTS, indexes.resolve("third"));
    try (Engine e = Engine.open(third, indexes.resolve("third"), EngineOptions.DEFAULTS)) {
      assertEquals(OpenState.CURRENT, e.openState(), e.openDetail());
      assertEquals(1, e.apply(ChangeSet.everything(), pool, ProgressListener.NONE).filesParsed(), "only the file the snapshot lacks");
      assertSameAsCold(e, tmp.resolve("cold-third"), pool, "Foo", "bar", "main");
    }
  }

  @Test
  void anExportReplacesTheFileWhole() throws Exception {
    Files.writeString(snapshot, "old");
    try (Engine e = Engine.open(first, indexes.resolve("first"), EngineOptions.DEFAULTS)) {
      SnapshotFile.export(e::copyIndexTo, e.indexDir(), snapshot);
    }
    Path third = cloneOf("third");
    SnapshotFile.importTo(snapshot, third, EngineOptions.DEFAULTS, indexes.resolve("third"));
    try (Stream<Path> left = Files.list(snapshot.getParent())) {
      assertEquals(List.of(snapshot), left.toList(), "no temporary file left next to it");
    }
  }

  private void assertRefusedLeavingNothing(Class<? extends SymdexException> type, Path file, String says) throws Exception {
    Path third = tmp.resolve("third");
    if (!Files.exists(third)) {
      cloneOf("third");
    }
    SymdexException e = assertThrows(type, () -> SnapshotFile.importTo(file, third, EngineOptions.DEFAULTS, indexes.resolve("third")));
    assertTrue(e.getMessage().contains(says), e.getMessage());
    try (Stream<Path> left = Files.list(indexes)) {
      assertEquals(List.of(indexes.resolve("first")), left.toList(), "no index, no temporary directory left: " + e.getMessage());
    }
  }

  @Test
  void aFileThatIsNotASnapshotIsRefused() throws Exception {
    Path garbage = tmp.resolve("garbage");
    Files.writeString(garbage, "this is not a snapshot, just text that goes on for a while ...............\n");
    assertRefusedLeavingNothing(SymdexException.InvalidQuery.class, garbage, "not a symdex snapshot");
    Path empty = Files.createFile(tmp.resolve("empty"));
    assertRefusedLeavingNothing(SymdexException.InvalidQuery.class, empty, "not a symdex snapshot");
    // An LMDB file itself (data.mdb) is not a snapshot either.
    assertRefusedLeavingNothing(SymdexException.InvalidQuery.class, indexes.resolve("first").resolve("data.mdb"), "not a symdex snapshot");
  }

  @Test
  void aTruncatedSnapshotIsRefused() throws Exception {
    byte[] whole = Files.readAllBytes(snapshot);
    for (int keep : new int[] {20, SnapshotFile.HEADER_BYTES + 100, whole.length / 2, whole.length - 3}) {
      Path cut = tmp.resolve("cut-" + keep);
      Files.write(cut, Arrays.copyOf(whole, keep));
      assertRefusedLeavingNothing(SymdexException.CorruptIndex.class, cut, "truncated");
    }
  }

  @Test
  void aDamagedSnapshotIsRefused() throws Exception {
    byte[] bytes = Files.readAllBytes(snapshot);
    bytes[SnapshotFile.HEADER_BYTES + bytes.length / 3] ^= 0x40; // one bit in the payload
    Path damaged = tmp.resolve("damaged");
    Files.write(damaged, bytes);
    assertRefusedLeavingNothing(SymdexException.CorruptIndex.class, damaged, "damaged");
    byte[] header = Files.readAllBytes(snapshot);
    header[20] ^= 1; // the options hash, under the header's checksum
    Path badHeader = tmp.resolve("bad-header");
    Files.write(badHeader, header);
    assertRefusedLeavingNothing(SymdexException.CorruptIndex.class, badHeader, "damaged");
  }

  @Test
  void aSnapshotOfANewerFormatIsRefused() throws Exception {
    byte[] bytes = Files.readAllBytes(snapshot);
    ByteBuffer.wrap(bytes).putInt(4, SnapshotFile.VERSION + 1);
    Path newer = tmp.resolve("newer");
    Files.write(newer, bytes);
    assertRefusedLeavingNothing(SymdexException.FormatTooNew.class, newer, "newer than this build reads");
    byte[] newerIndex = Files.readAllBytes(snapshot);
    ByteBuffer.wrap(newerIndex).put(SnapshotFile.header(dev.symdex.engine.codec.Format.VERSION_CURRENT + 1, EngineOptions.DEFAULTS.outputHash(),
        newerIndex.length - SnapshotFile.HEADER_BYTES - SnapshotFile.TRAILER_BYTES));
    Path newerFormat = tmp.resolve("newer-format");
    Files.write(newerFormat, newerIndex);
    assertRefusedLeavingNothing(SymdexException.FormatTooNew.class, newerFormat, "newer than this build reads");
  }

  @Test
  void aSnapshotOfOtherOptionsIsRefused() throws Exception {
    Path third = cloneOf("third");
    SymdexException e = assertThrows(SymdexException.InvalidQuery.class,
        () -> SnapshotFile.importTo(snapshot, third, EngineOptions.DEFAULTS.withMaxFileBytes(1234), indexes.resolve("third")));
    assertTrue(e.getMessage().contains("other indexing options"), e.getMessage());
    assertFalse(Files.exists(indexes.resolve("third")));
  }

  @Test
  void aRootWithAnIndexIsNotOverwritten() throws Exception {
    byte[] before = Files.readAllBytes(indexes.resolve("first").resolve("data.mdb"));
    SymdexException e = assertThrows(SymdexException.InvalidQuery.class,
        () -> SnapshotFile.importTo(snapshot, first, EngineOptions.DEFAULTS, indexes.resolve("first")));
    assertTrue(e.getMessage().contains("has an index"), e.getMessage());
    assertTrue(Arrays.equals(before, Files.readAllBytes(indexes.resolve("first").resolve("data.mdb"))));
  }
}
