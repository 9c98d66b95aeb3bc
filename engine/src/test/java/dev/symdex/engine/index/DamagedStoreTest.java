package dev.symdex.engine.index;

import dev.symdex.engine.query.Searcher;

import static dev.symdex.engine.testing.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.CleanMarker;
import dev.symdex.engine.testing.Trees;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: a truncated or bit-flipped {@code data.mdb} crashed the JVM inside LMDB (SIGBUS,
 * SIGSEGV) on every start. Each damage here is done to a cleanly closed index, then the index is
 * opened in this JVM as the daemon would: it either opens and, brought up to date, answers exactly
 * as a cold index does, or it is moved aside (kept) and rebuilt. The JVM running this test must
 * survive every case; a store that would fault is only ever walked by a child process.
 */
class DamagedStoreTest {
  static final int PAGE = 4096;

  @TempDir static Path tmp;
  static Path root;
  static Path pristine;
  static ExecutorService pool;
  static Set<String> names;
  static Trees.Answers expected;

  @BeforeAll
  static void buildOnce() throws Exception {
    root = Files.createDirectories(tmp.resolve("src"));
    pool = Trees.pool("damaged-store");
    for (int i = 0; i < 60; i++) {
      write(root, "j/p" + (i % 4) + "/C" + i + ".java", "package j.p" + (i % 4) + ";\nimport j.p0.C0;\nclass C" + i + " {\n  int f" + i
          + ";\n  void m" + i + "() { m" + ((i + 1) % 60) + "(); new C0().m0(); }\n" + "  String s" + i + " = \"" + "x".repeat(i * 40) + "\";\n}\n");
      write(root, "py/m" + i + ".py", "import py.m" + ((i + 3) % 60) + "\n\ndef g" + i + "():\n    return g" + ((i + 7) % 60) + "()\n");
    }
    pristine = tmp.resolve("pristine");
    try (Engine e = Engine.open(root, pristine, EngineOptions.DEFAULTS)) {
      e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
    }
    try (Engine cold = Engine.open(root, tmp.resolve("cold"), EngineOptions.DEFAULTS)) {
      cold.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      names = Trees.names(cold);
      expected = Trees.answers(cold, names);
    }
    assertTrue(Files.size(pristine.resolve("data.mdb")) > 40 * PAGE, "an index of many pages");
  }

  @AfterEach
  void report() {
    outcomes.forEach(o -> System.out.println("damaged store: " + o));
  }

  @AfterAll
  static void tearDown() throws Exception {
    Trees.shutdown(pool);
  }

  interface Damage {
    void apply(Path dataFile) throws IOException;
  }

  /** Outcomes over the cases of a test: opened as it was, or moved aside and rebuilt. */
  final List<String> outcomes = new ArrayList<>();

  /** Copies the pristine index, damages it, opens it: either it works and answers right, or it is set aside and rebuilt. */
  void openDamaged(String name, Damage damage) throws Exception {
    Path dir = tmp.resolve("case-" + name);
    copyTree(pristine, dir);
    damage.apply(dir.resolve("data.mdb"));
    try (Engine e = Engine.open(root, dir, EngineOptions.DEFAULTS)) {
      List<Path> aside = asides(dir);
      if (e.openState() == OpenState.REBUILT_CORRUPT) {
        assertEquals(1, aside.size(), name + ": the damaged index is kept aside");
        assertTrue(e.openDetail().contains("moved aside to " + aside.get(0)), name + ": " + e.openDetail());
      } else {
        assertEquals(List.of(), aside, name);
        assertEquals(OpenState.CURRENT, e.openState(), name);
      }
      e.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      Trees.Answers got = Trees.answers(e, names);
      assertEquals(expected.counts(), got.counts(), name + ": counts");
      assertEquals(expected.facts(), got.facts(), name + ": facts");
      assertEquals(expected.queries(), got.queries(), name + ": answers");
      assertEquals(expected.imports(), got.imports(), name + ": imports");
      assertEquals(expected.dependents(), got.dependents(), name + ": dependents");
      outcomes.add(name + ": " + (e.openState() == OpenState.REBUILT_CORRUPT ? "rebuilt (" + e.openDetail() + ")" : "opened"));
    }
  }

  static List<Path> asides(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir.getParent())) {
      return s.filter(p -> p.getFileName().toString().startsWith(dir.getFileName() + ".corrupt-")).toList();
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  static Damage truncateTo(long size) {
    return f -> {
      try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
        r.setLength(size);
      }
    };
  }

  static Damage flipBit(long offset, int bit) {
    return f -> {
      try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
        r.seek(offset);
        int b = r.read();
        r.seek(offset);
        r.write(b ^ (1 << bit));
      }
    };
  }

  static Damage zeroPage(long page) {
    return f -> {
      try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
        r.seek(page * PAGE);
        r.write(new byte[PAGE]);
      }
    };
  }

  @Test
  void aTruncatedDataFileIsSetAsideAndRebuilt() throws Exception {
    long size = Files.size(pristine.resolve("data.mdb"));
    for (long at : new long[] {0, 100, PAGE + 100, 2 * PAGE, size / 3, size / 2 + 17, size - PAGE, size - 1}) {
      openDamaged("cut-" + at, truncateTo(at));
      assertTrue(outcomes.get(outcomes.size() - 1).contains("rebuilt"), outcomes.toString());
    }
  }

  @Test
  void bitFlipsInDataPagesNeverCrashOrFool() throws Exception {
    long pages = Files.size(pristine.resolve("data.mdb")) / PAGE;
    Random random = new Random(20261205L);
    for (int i = 0; i < 16; i++) {
      long offset = (2 + random.nextInt((int) pages - 2)) * (long) PAGE + random.nextInt(PAGE);
      openDamaged("flip-" + i + "-" + offset, flipBit(offset, random.nextInt(8)));
    }
    assertTrue(outcomes.stream().anyMatch(o -> o.contains("rebuilt")), outcomes.toString());
  }

  @Test
  void bitFlipsInMetaPagesNeverCrashOrFool() throws Exception {
    Random random = new Random(12);
    for (int i = 0; i < 10; i++) {
      int page = i % 2;
      long offset = page * (long) PAGE + 16 + random.nextInt(144); // the meta fields, past the page header
      openDamaged("meta-flip-" + i + "-" + offset, flipBit(offset, random.nextInt(8)));
    }
    openDamaged("meta-flags-0", flipBit(10, 3)); // no longer a meta page
    assertTrue(outcomes.get(outcomes.size() - 1).contains("rebuilt"), outcomes.toString());
  }

  @Test
  void aZeroedPageNeverCrashesOrFools() throws Exception {
    long pages = Files.size(pristine.resolve("data.mdb")) / PAGE;
    Random random = new Random(3);
    openDamaged("zero-0", zeroPage(0));
    openDamaged("zero-1", zeroPage(1));
    for (int i = 0; i < 6; i++) {
      long page = 2L + random.nextInt((int) pages - 2);
      openDamaged("zero-page-" + i + "-" + page, zeroPage(page));
    }
    openDamaged("zero-last", zeroPage(pages - 1));
    assertTrue(outcomes.get(0).contains("rebuilt") || outcomes.get(1).contains("rebuilt"), outcomes.toString());
  }

  /**
   * data.mdb cut short by another process while the index is open: reading the missing pages
   * through LMDB's map would raise SIGBUS and end the JVM. The engine notices first and refuses
   * every snapshot and apply as CorruptIndex; the next open rebuilds.
   */
  @Test
  void aDataFileTruncatedWhileOpenFailsReadsInsteadOfFaulting() throws Exception {
    Path dir = tmp.resolve("truncated-while-open");
    copyTree(pristine, dir);
    Engine e = Engine.open(root, dir, EngineOptions.DEFAULTS);
    try (Searcher s = Searcher.open(e)) {
      assertEquals(expected.counts(), s.counts());
    }
    truncateTo(Files.size(dir.resolve("data.mdb")) / 2).apply(dir.resolve("data.mdb"));
    SymdexException.CorruptIndex damage = assertThrows(SymdexException.CorruptIndex.class, e::checkStorage);
    assertTrue(damage.getMessage().contains("data.mdb was truncated while open"), damage.getMessage());
    assertThrows(SymdexException.CorruptIndex.class, e::snapshot);
    assertThrows(SymdexException.CorruptIndex.class,
        () -> e.apply(ChangeSet.everything(), pool, ProgressListener.NONE));
    e.close();
    assertFalse(Files.exists(dir.resolve("clean")), "a damaged store is not marked clean");
    try (Engine again = Engine.open(root, dir, EngineOptions.DEFAULTS)) {
      assertEquals(OpenState.REBUILT_CORRUPT, again.openState());
      again.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      assertEquals(expected.queries(), Trees.answers(again, names).queries());
    }
  }

  /**
   * A meta page that changed under a marker that otherwise matches, as damage beneath the file
   * system would leave it (size, times and inode as at the close), is walked before it is trusted:
   * the marker keeps a checksum of the meta pages.
   */
  @Test
  void aMetaPageChangedUnderAMatchingMarkerIsWalked() throws Exception {
    Path dir = tmp.resolve("meta-under-marker");
    copyTree(pristine, dir);
    try (Engine e = Engine.open(root, dir, EngineOptions.DEFAULTS)) {
      assertEquals(OpenState.CURRENT, e.openState()); // closed in order: a marker for this copy
    }
    CleanMarker atClose = CleanMarker.decode(Files.readAllBytes(dir.resolve("clean")));
    Path data = dir.resolve("data.mdb");
    flipBit(24, 0).apply(data); // meta page 0's fixed-map address, which LMDB does not use
    var a = Files.readAttributes(data, "unix:size,lastModifiedTime,ctime,ino,dev");
    CleanMarker sameFile = new CleanMarker(((Number) a.get("size")).longValue(),
        ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS), ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS),
        ((Number) a.get("ino")).longValue() * 31 + ((Number) a.get("dev")).longValue(), atClose.txnId(), atClose.metaCrc());
    Files.write(dir.resolve("clean"), sameFile.encode());
    try (Engine e = Engine.open(root, dir, EngineOptions.DEFAULTS)) {
      assertEquals(OpenState.CURRENT, e.openState());
      assertTrue(e.openDetail().startsWith("not closed cleanly: verified in "), "walked: " + e.openDetail());
    }
  }

  /** A store closed cleanly and untouched opens without a walk; one not closed cleanly is walked first. */
  @Test
  void onlyAStoreNotClosedCleanlyIsWalked() throws Exception {
    Path dir = tmp.resolve("clean-case");
    copyTree(pristine, dir);
    try (Engine e = Engine.open(root, dir, EngineOptions.DEFAULTS)) {
      assertTrue(e.openDetail().startsWith("not closed cleanly"), "a copy is another file: " + e.openDetail());
    }
    try (Engine e = Engine.open(root, dir, EngineOptions.DEFAULTS)) {
      assertEquals(OpenState.CURRENT, e.openState());
      assertEquals("", e.openDetail(), "closed cleanly and untouched: not walked");
    }
    Files.delete(dir.resolve("clean")); // as after a kill -9
    try (Engine e = Engine.open(root, dir, EngineOptions.DEFAULTS)) {
      assertEquals(OpenState.CURRENT, e.openState());
      assertTrue(e.openDetail().startsWith("not closed cleanly: verified in "), e.openDetail());
      assertFalse(Files.exists(dir.resolve("clean")), "an open store has no marker");
    }
    assertTrue(Files.exists(dir.resolve("clean")), "a closed one has");
  }
}
