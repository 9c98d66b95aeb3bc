package dev.symdex.engine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: what a {@link ChangeSet} says, and how the writer takes it. "Git may have moved" is a
 * flag of its own, never a path; a path named twice over (itself, and below a directory named too)
 * is removed once.
 */
class ChangeSetApplyTest {
  @TempDir Path root;
  @TempDir Path data;

  @Test
  void gitMovingIsAFlagNotAPath() {
    assertTrue(ChangeSet.gitMove().gitMoved());
    assertTrue(ChangeSet.gitMove().paths().isEmpty());
    assertFalse(ChangeSet.gitMove().isEmpty(), "it asks for HEAD to be read again");
    assertFalse(ChangeSet.of("A.java").gitMoved());
    assertFalse(ChangeSet.everything().gitMoved());
    assertTrue(ChangeSet.of().isEmpty());
    ChangeSet both = ChangeSet.of(Set.of("A.java")).withGitMoved(true);
    assertEquals(Set.of("A.java"), both.paths());
    assertTrue(both.gitMoved());
    assertThrows(IllegalArgumentException.class, () -> ChangeSet.of(""), "the empty path no longer stands for git");
    assertThrows(IllegalArgumentException.class, () -> ChangeSet.of(Set.of("A.java", "")));
  }

  @Test
  void aFileNamedAlongWithItsDeletedDirectoryIsRemovedOnce() throws Exception {
    Files.createDirectories(root.resolve("d"));
    Files.writeString(root.resolve("d/A.java"), "class A { void a() {} }\n");
    Files.writeString(root.resolve("d/B.java"), "class B { void b() {} }\n");
    Files.writeString(root.resolve("C.java"), "class C { void c() {} }\n");
    try (Engine e = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS)) {
      e.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
      Files.delete(root.resolve("d/A.java"));
      Files.delete(root.resolve("d/B.java"));
      Files.delete(root.resolve("d"));
      ApplyResult r = e.apply(ChangeSet.of("d", "d/A.java"), Runnable::run, ProgressListener.NONE);
      assertEquals(2, r.filesRemoved());
      assertEquals(List.of("d/A.java", "d/B.java"),
          r.changes().stream().map(c -> c.path() + (c.kind() == FileChange.Kind.REMOVED ? "" : " " + c.kind())).sorted().toList());
      try (IndexSnapshot s = e.snapshot()) {
        assertEquals(1, s.counts().files());
        assertTrue(s.file("d/A.java").isEmpty() && s.file("d/B.java").isEmpty());
      }
    }
  }
}
