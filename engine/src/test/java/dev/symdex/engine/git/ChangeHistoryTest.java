package dev.symdex.engine.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.git.ChangeHistory.Commit;
import dev.symdex.engine.git.ChangeHistory.Partner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Churn, recency and co-change read from real git histories made by JGit. */
class ChangeHistoryTest {
  @TempDir
  Path dir;

  @Test
  void churnCountsTheCommitsThatChangedEachFile() throws Exception {
    try (HistoryFixture git = new HistoryFixture(dir)) {
      ObjectId c = git.touch(null, "A.java", "B.java");
      c = git.touch(c, "A.java");
      c = git.commit(c, Map.of("A.java", "a3", "C.java", "c"));
      git.head(git.commit(c, Map.of(), "B.java")); // a deletion changes B too
    }
    ChangeHistory h = ChangeHistory.read(dir, 100);
    assertEquals(4, h.commitsRead());
    assertEquals(3, h.churn("A.java"));
    assertEquals(2, h.churn("B.java"));
    assertEquals(1, h.churn("C.java"));
    assertEquals(0, h.churn("D.java"));
    assertTrue(h.complete());
  }

  @Test
  void commitsAgoCountsFromTheNewestCommitAndEndsWithTheWindow() throws Exception {
    ObjectId head;
    try (HistoryFixture git = new HistoryFixture(dir)) {
      ObjectId c = git.touch(null, "Old.java", "A.java");
      c = git.touch(c, "A.java", "C.java");
      c = git.touch(c, "B.java");
      head = git.headAt(git.touch(c, "B.java"));
    }
    ChangeHistory h = ChangeHistory.read(dir, 100);
    assertEquals(head.name(), h.head());
    assertEquals(OptionalInt.of(0), h.commitsAgo("B.java"));
    assertEquals(OptionalInt.of(2), h.commitsAgo("A.java"));
    assertEquals(OptionalInt.of(2), h.commitsAgo("C.java"));
    assertEquals(OptionalInt.of(3), h.commitsAgo("Old.java"));
    assertEquals(OptionalInt.empty(), h.commitsAgo("Never.java"));

    ChangeHistory window = ChangeHistory.read(dir, 3);
    assertEquals(3, window.commitsRead());
    assertFalse(window.complete());
    assertEquals(OptionalInt.empty(), window.commitsAgo("Old.java"));
    assertEquals(1, window.churn("A.java"));
  }

  @Test
  void partnersAreOrderedByCoChangeNotByPathOrChurn() throws Exception {
    try (HistoryFixture git = new HistoryFixture(dir)) {
      ObjectId c = null;
      for (int i = 0; i < 3; i++) {
        c = git.touch(c, "A.java", "z/B.java");
      }
      c = git.touch(c, "A.java", "a/C.java");
      for (int i = 0; i < 5; i++) {
        c = git.touch(c, "a/C.java"); // C changes more often than B, but with A only once
      }
      c = git.touch(c, "A.java", "z/B.java", "m/D.java");
      git.head(c);
    }
    ChangeHistory h = ChangeHistory.read(dir, 100);
    assertEquals(List.of(new Partner("z/B.java", 3.5), new Partner("a/C.java", 1.0), new Partner("m/D.java", 0.5)),
        h.partners("A.java", 10));
    assertEquals(List.of(new Partner("z/B.java", 3.5)), h.partners("A.java", 1));
    assertEquals(List.of(), h.partners("A.java", 0));
    assertEquals(List.of(), h.partners("Never.java", 5));
    assertEquals(List.of(new Partner("A.java", 1.0)), h.partners("a/C.java", 10));
  }

  @Test
  void equalPartnersAreOrderedByPath() throws Exception {
    List<String> names = IntStream.range(0, 20).mapToObj(i -> "p" + (char) ('t' - i) + i + ".java").toList();
    try (HistoryFixture git = new HistoryFixture(dir)) {
      List<String> all = new ArrayList<>(names);
      all.add("A.java");
      git.head(git.touch(null, all.toArray(String[]::new)));
    }
    List<Partner> partners = ChangeHistory.read(dir, 10).partners("A.java", 100);
    assertEquals(names.stream().sorted().toList(), partners.stream().map(Partner::path).toList());
    assertTrue(partners.stream().allMatch(p -> p.weight() == 1.0 / 20));
  }

  @Test
  void aSweepOverTheCapCountsForChurnButNotForCoChange() throws Exception {
    int cap = ChangeHistory.CO_CHANGE_MAX_FILES;
    try (HistoryFixture git = new HistoryFixture(dir)) {
      List<String> sweep = new ArrayList<>(List.of("A.java"));
      IntStream.range(0, cap).forEach(i -> sweep.add("sweep/S" + i + ".java")); // cap + 1 files
      List<String> atCap = new ArrayList<>(List.of("A.java"));
      IntStream.range(0, cap - 1).forEach(i -> atCap.add("cap/K" + i + ".java")); // exactly cap files
      ObjectId c = git.touch(null, "A.java", "B.java");
      c = git.touch(c, sweep.toArray(String[]::new));
      git.head(git.touch(c, atCap.toArray(String[]::new)));
    }
    ChangeHistory h = ChangeHistory.read(dir, 100);
    assertEquals(3, h.churn("A.java"));
    assertEquals(1, h.churn("sweep/S0.java"));
    List<Partner> partners = h.partners("A.java", 1000);
    assertTrue(partners.stream().noneMatch(p -> p.path().startsWith("sweep/")), partners.toString());
    assertEquals(cap - 1, partners.stream().filter(p -> p.path().startsWith("cap/")).count());
    assertEquals(new Partner("B.java", 1.0), partners.get(0));
    assertEquals(List.of(), h.partners("sweep/S0.java", 10));
  }

  @Test
  void aSubDirectoryProjectSeesItsOwnFilesRelativeToItself() throws Exception {
    Path project = Files.createDirectories(dir.resolve("svc/core"));
    try (HistoryFixture git = new HistoryFixture(dir)) {
      ObjectId c = git.touch(null, "README.md");
      c = git.touch(c, "svc/core/src/A.java", "svc/core/B.java", "README.md");
      c = git.touch(c, "svc/core/src/A.java", "svc/other/X.java"); // X is outside the project
      c = git.touch(c, "README.md", "svc/corex/Y.java"); // a sibling with the same name prefix
      c = git.touch(c, "svc/core/B.java");
      git.head(git.touch(c, "svc/other/X.java"));
    }
    ChangeHistory h = ChangeHistory.read(project, 100);
    assertEquals(Set.of("src/A.java", "B.java"), h.paths());
    assertEquals(2, h.churn("src/A.java"));
    assertEquals(0, h.churn("svc/core/src/A.java"));
    assertEquals(0, h.churn("README.md"));
    assertEquals(3, h.commitsRead(), "commits changing nothing under the project take no place");
    assertEquals(OptionalInt.of(0), h.commitsAgo("B.java"));
    assertEquals(OptionalInt.of(1), h.commitsAgo("src/A.java"));
    assertEquals(List.of(new Partner("src/A.java", 1.0)), h.partners("B.java", 10));
    assertEquals(List.of(new Partner("B.java", 1.0)), h.partners("src/A.java", 10), "X is outside: no partner");

    assertTrue(h.complete());
    assertTrue(ChangeHistory.read(project, 3).complete(), "no older commit changes the project");
    assertFalse(ChangeHistory.read(project, 2).complete());

    ChangeHistory top = ChangeHistory.read(dir, 100);
    assertEquals(6, top.commitsRead());
    assertEquals(2, top.churn("svc/core/src/A.java"));
  }

  @Test
  void renamedFilesKeepTheirHistoryUnderTheirNameAtHead() throws Exception {
    String body = IntStream.range(0, 30).mapToObj(i -> "  int field" + i + " = " + i + ";\n").reduce("", String::concat);
    try (HistoryFixture git = new HistoryFixture(dir)) {
      ObjectId c = git.commit(null, Map.of("A.java", "class A {\n" + body + "}\n", "B.java", "b"));
      c = git.commit(c, Map.of("A.java", "class A {\n" + body + "  int more;\n}\n"));
      c = git.commit(c, Map.of("pkg/Moved.java", "package pkg;\nclass A {\n" + body + "  int more;\n}\n"), "A.java");
      c = git.commit(c, Map.of("A.java", "a new file of the same name"));
      c = git.commit(c, Map.of("Gone.java", "gone " + body));
      c = git.commit(c, Map.of("Unlike.java", "nothing alike"), "Gone.java"); // an add and a delete, not a rename
      git.head(git.touch(c, "pkg/Moved.java"));
    }
    ChangeHistory h = ChangeHistory.read(dir, 100);
    assertEquals(4, h.churn("pkg/Moved.java"), "created, edited, moved, edited");
    assertEquals(1, h.churn("A.java"), "the file re-created under the old name is another file");
    assertEquals(OptionalInt.of(3), h.commitsAgo("A.java"));
    assertEquals(List.of(new Partner("B.java", 1.0)), h.partners("pkg/Moved.java", 10));
    assertEquals(2, h.churn("Gone.java"));
    assertEquals(1, h.churn("Unlike.java"));
    assertEquals(Map.of("pkg/Moved.java", "A.java"), h.commits().get(4).renamedFrom());
    assertEquals(List.of("A.java", "pkg/Moved.java"), h.commits().get(4).paths());
  }

  @Test
  void mergedBranchesComeInTheMergesPlace() throws Exception {
    ObjectId c1;
    ObjectId c2;
    ObjectId b1;
    ObjectId b2;
    ObjectId c3;
    try (HistoryFixture git = new HistoryFixture(dir)) {
      c1 = git.touch(null, "Main.java");
      git.rewind(3600); // the branch's commits are older than the mainline's next one
      b1 = git.touch(c1, "Feature.java");
      b2 = git.touch(b1, "Feature.java", "Main.java");
      c2 = git.touch(c1, "Other.java");
      ObjectId m = git.merge(c2, b2);
      c3 = git.headAt(git.touch(m, "Other.java"));
    }
    ChangeHistory h = ChangeHistory.read(dir, 100);
    assertEquals(List.of(c3.name(), b2.name(), b1.name(), c2.name(), c1.name()),
        h.commits().stream().map(Commit::sha).toList(), "mainline order; the merge itself is left out");
    assertEquals(OptionalInt.of(1), h.commitsAgo("Feature.java"));
    assertEquals(2, h.churn("Feature.java"));
    assertEquals(OptionalInt.of(1), h.commitsAgo("Main.java"));
  }

  @Test
  void updateAfterNewCommitsEqualsAFreshRead() throws Exception {
    for (long seed = 1; seed <= 6; seed++) {
      Path repo = Files.createDirectory(dir.resolve("r" + seed));
      Random rnd = new Random(seed);
      Path project = rnd.nextBoolean() ? repo : Files.createDirectories(repo.resolve("src"));
      int max = List.of(3, 10, 40, 1000).get(rnd.nextInt(4));
      try (HistoryFixture git = new HistoryFixture(repo)) {
        ObjectId head = git.headAt(randomHistory(git, null, rnd, 5 + rnd.nextInt(20)));
        ChangeHistory previous = ChangeHistory.read(project, max);
        for (int round = 0; round < 3; round++) {
          head = git.headAt(randomHistory(git, head, rnd, rnd.nextInt(12)));
          ChangeHistory updated = ChangeHistory.update(previous, project, max);
          ChangeHistory fresh = ChangeHistory.read(project, max);
          assertSameHistory(fresh, updated, "seed " + seed + " round " + round);
          previous = updated;
        }
      }
    }
  }

  @Test
  void updateWalksOnlyTheNewCommitsAndKeepsTheRestOfPrevious() throws Exception {
    ObjectId head;
    try (HistoryFixture git = new HistoryFixture(dir)) {
      head = git.headAt(git.touch(git.touch(null, "A.java"), "B.java"));
      ChangeHistory read = ChangeHistory.read(dir, 10);
      // A previous history that differs from git where update must not look: its old commits.
      List<Commit> marked = new ArrayList<>(read.commits());
      Commit oldest = marked.remove(marked.size() - 1);
      marked.add(new Commit(oldest.sha(), oldest.commitTimeMillis(), List.of("Marker.java")));
      ChangeHistory previous = new ChangeHistory(read.root(), read.head(), read.prefix(), read.headCommitTimeMillis(),
          read.headMovedMillis(), marked, true);
      git.head(git.touch(head, "C.java"));
      ChangeHistory updated = ChangeHistory.update(previous, dir, 10);
      assertEquals(1, updated.churn("Marker.java"), "the old commits came from previous, not from git");
      assertEquals(1, updated.churn("C.java"));
      assertEquals(3, updated.commitsRead());
      assertEquals(0, ChangeHistory.read(dir, 10).churn("Marker.java"));
    }
  }

  @Test
  void updateWithHeadUnmovedReturnsPreviousAndReadsAgainOtherwise() throws Exception {
    ObjectId first;
    try (HistoryFixture git = new HistoryFixture(dir)) {
      first = git.touch(null, "A.java");
      ObjectId second = git.headAt(git.touch(first, "B.java"));
      ChangeHistory h = ChangeHistory.read(dir, 10);
      assertSame(h, ChangeHistory.update(h, dir, 10));
      assertSame(h, ChangeHistory.update(h, dir, 50), "the whole history is already held");
      ChangeHistory narrower = ChangeHistory.update(h, dir, 1);
      assertSameHistory(ChangeHistory.read(dir, 1), narrower, "narrower window");
      assertSameHistory(ChangeHistory.read(dir, 10), ChangeHistory.update(narrower, dir, 10), "wider than previous");

      git.head(git.touch(first, "C.java")); // rewound and rebuilt: second is gone from HEAD's history
      ChangeHistory rebuilt = ChangeHistory.update(h, dir, 10);
      assertSameHistory(ChangeHistory.read(dir, 10), rebuilt, "rewound");
      assertEquals(0, rebuilt.churn("B.java"));
      assertFalse(rebuilt.head().equals(second.name()));

      Path other = Files.createDirectory(dir.resolve("sub"));
      assertEquals("sub/", ChangeHistory.update(h, other, 10).prefix(), "another root is read, not reused");
    }
  }

  @Test
  void notAGitRepositoryIsEmpty() throws Exception {
    Path plain = Files.createDirectory(dir.resolve("plain"));
    Files.writeString(plain.resolve("A.java"), "class A {}");
    assertSame(ChangeHistory.EMPTY, ChangeHistory.read(plain, 100));
    assertSame(ChangeHistory.EMPTY, ChangeHistory.read(dir.resolve("missing"), 100));
    assertSame(ChangeHistory.EMPTY, ChangeHistory.update(ChangeHistory.EMPTY, plain, 100));
    assertEquals("", ChangeHistory.EMPTY.head());
    assertEquals(0, ChangeHistory.EMPTY.churn("A.java"));
    assertEquals(List.of(), ChangeHistory.EMPTY.partners("A.java", 5));
  }

  @Test
  void anUnbornBranchIsEmpty() throws Exception {
    try (HistoryFixture git = new HistoryFixture(dir)) {
      assertSame(ChangeHistory.EMPTY, ChangeHistory.read(dir, 100));
    }
  }

  @Test
  void aNegativeWindowIsRefused() {
    assertThrows(SymdexException.InvalidQuery.class, () -> ChangeHistory.read(dir, -1));
  }

  @Test
  void theSameHistoryReadsTheSameEverywhere() throws Exception {
    List<ChangeHistory> reads = new ArrayList<>();
    for (String name : List.of("one", "two")) {
      Path repo = Files.createDirectory(dir.resolve(name));
      try (HistoryFixture git = new HistoryFixture(repo)) {
        git.head(randomHistory(git, null, new Random(42), 30));
      }
      reads.add(ChangeHistory.read(repo, 25));
      reads.add(ChangeHistory.read(repo, 25));
    }
    ChangeHistory first = reads.get(0);
    for (ChangeHistory h : reads) {
      assertSameHistory(first, h, "same history");
      for (String p : first.paths()) {
        assertEquals(first.partners(p, 100), h.partners(p, 100));
        assertEquals(first.commitsAgo(p), h.commitsAgo(p));
      }
    }
  }

  @Test
  void editedSinceKeepsTheFilesModifiedStrictlyAfterTheTime() {
    long t = 1_700_000_000_000L;
    Map<String, Long> mtimes = new TreeMap<>(Map.of("before.java", (t - 1) * 1_000_000L, "at.java", t * 1_000_000L,
        "after.java", t * 1_000_000L + 1, "later.java", (t + 5000) * 1_000_000L));
    assertEquals(List.of("after.java", "later.java"), List.copyOf(ChangeHistory.editedSince(mtimes, t)));
    assertEquals(Set.of(), ChangeHistory.editedSince(mtimes, t + 5000));
  }

  @Test
  void editedNowCountsFromWhenHeadLastMovedNotFromTheCommitTime() throws Exception {
    try (HistoryFixture git = new HistoryFixture(dir)) {
      git.head(git.touch(null, "A.java")); // committed in 2020, HEAD moved now
    }
    ChangeHistory h = ChangeHistory.read(dir, 10);
    long afterCommit = h.headCommitTimeMillis() * 1_000_000L + 1_000_000L; // after the 2020 commit, long before HEAD moved
    long checkedOut = (h.headMovedMillis() - 1) * 1_000_000L; // written by the checkout or commit that moved HEAD
    long saved = (h.headMovedMillis() + 1) * 1_000_000L;
    assertEquals(Set.of("Saved.java"), h.editedNow(Map.of("AfterCommit.java", afterCommit, "CheckedOut.java", checkedOut,
        "Saved.java", saved)), "only a file saved after HEAD moved (the reflog), not after the commit, is being edited");
  }

  /** {@code steps} random commits on top of {@code head}: mainline edits and merged branches. */
  private static ObjectId randomHistory(HistoryFixture git, ObjectId head, Random rnd, int steps) throws Exception {
    List<String> pool = List.of("src/A.java", "src/B.java", "src/C.java", "src/d/D.java", "src/d/E.java", "README.md",
        "docs/x.md");
    ObjectId c = head;
    for (int i = 0; i < steps; i++) {
      if (c != null && rnd.nextInt(4) == 0) {
        ObjectId branch = c;
        if (rnd.nextBoolean()) {
          git.rewind(7200);
        }
        for (int j = 0, n = 1 + rnd.nextInt(3); j < n; j++) {
          branch = git.touch(branch, pick(pool, rnd));
        }
        c = git.touch(c, pick(pool, rnd));
        c = git.merge(c, branch);
      } else if (c != null && rnd.nextInt(6) == 0) {
        c = git.move(c, pool.get(rnd.nextInt(pool.size())), "src/moved/M" + i + ".java");
        c = git.touch(c, pick(pool, rnd)); // the moved-away name comes back as another file
      } else {
        c = git.touch(c, pick(pool, rnd));
      }
    }
    return c;
  }

  /** A random non-empty subset of {@code pool}. */
  private static String[] pick(List<String> pool, Random rnd) {
    String[] some = pool.stream().filter(p -> rnd.nextInt(3) == 0).toArray(String[]::new);
    return some.length > 0 ? some : new String[] {pool.get(rnd.nextInt(pool.size()))};
  }

  /** The files of {@code probe} saved after {@code h}'s HEAD commit was made. */
  private static Set<String> savedSinceHeadCommit(ChangeHistory h, Map<String, Long> probe) {
    return ChangeHistory.editedSince(probe, h.headCommitTimeMillis());
  }

  /**
   * Files saved just before and after each commit of {@code h} (not around when HEAD moved: two
   * clones of one history move HEAD at different moments).
   */
  private static Map<String, Long> probe(ChangeHistory h) {
    Map<String, Long> out = new TreeMap<>();
    List<Long> moments = new ArrayList<>(List.of(h.headCommitTimeMillis()));
    h.commits().forEach(c -> moments.add(c.commitTimeMillis()));
    for (int i = 0; i < moments.size(); i++) {
      out.put("before" + i, (moments.get(i) - 1) * 1_000_000L);
      out.put("after" + i, (moments.get(i) + 1) * 1_000_000L);
    }
    return out;
  }

  private static void assertSameHistory(ChangeHistory expected, ChangeHistory actual, String what) {
    assertEquals(expected.head(), actual.head(), what);
    assertEquals(expected.commits(), actual.commits(), what);
    assertEquals(expected.complete(), actual.complete(), what);
    Map<String, Long> probe = probe(expected);
    assertEquals(savedSinceHeadCommit(expected, probe), savedSinceHeadCommit(actual, probe), what);
    for (String p : expected.paths()) {
      assertEquals(expected.churn(p), actual.churn(p), what + " " + p);
      assertEquals(expected.partners(p, 50), actual.partners(p, 50), what + " " + p);
    }
  }
}
