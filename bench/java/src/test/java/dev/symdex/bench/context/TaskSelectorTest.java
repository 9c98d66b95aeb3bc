package dev.symdex.bench.context;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which commits of a real (JGit-made) history are tasks, and what their truth is. */
class TaskSelectorTest {
  @TempDir Path root;

  private void write(String rel, String text) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  /** Commits every change; each edit in these tests changes a file's size, so JGit never takes it for racily clean. */
  private static RevCommit commit(Git git, String message) throws Exception {
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    return git.commit().setMessage(message).setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
  }

  @Test
  void skipsMergesSweepsRootsAndAddOnlyCommitsAndCountsOnlySourceFiles() throws Exception {
    try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
      write("a.py", "def a():\n    pass\n");
      write("README.md", "# r\n");
      write("tool", "#!/bin/bash\necho hi\n");
      write("data.txt", "1\n");
      for (int i = 0; i < 9; i++) {
        write("j/F" + i + ".java", "class F" + i + " {}\n");
      }
      commit(git, "root: no parent to index");
      RevCommit docs = commitAfter(git, () -> {
        write("a.py", "def a():\n    return 1\n");
        write("README.md", "# r2\n");
        write("data.txt", "22\n");
      }, "a returns 1\n\nand the readme says so");
      commitAfter(git, () -> write("b.py", "def b():\n    pass\n"), "add b: nothing at the parent to name");
      commitAfter(git, () -> write("README.md", "# r3 docs only\n"), "docs only");
      commitAfter(git, () -> {
        for (int i = 0; i < 9; i++) {
          write("j/F" + i + ".java", "class F" + i + " { int x; }\n");
        }
      }, "sweep: nine source files");
      RevCommit eight = commitAfter(git, () -> {
        for (int i = 0; i < 6; i++) {
          write("j/F" + i + ".java", "class F" + i + " { int yy; }\n");
        }
        write("c.py", "def c():\n    pass\n");
        Files.delete(root.resolve("tool"));
      }, "eight source files: six modified, one deleted, one added");
      git.branchCreate().setName("side").call();
      RevCommit onMain = commitAfter(git, () -> write("b.py", "def b():\n    return 2\n"), "b returns 2");
      git.checkout().setName("side").call();
      RevCommit onSide = commitAfter(git, () -> write("c.py", "def c():\n    return 3\n"), "c returns 3");
      git.checkout().setName("main").call();
      git.merge().include(onSide).setFastForward(MergeCommand.FastForwardMode.NO_FF).setMessage("merge side").call();
      ObjectId head = git.getRepository().resolve("HEAD");

      TaskSelector.Selection selection = new TaskSelector(git.getRepository()).select(head, 10);
      List<ContextTask> tasks = selection.tasks();

      assertEquals(List.of(docs.getShortMessage(), eight.getShortMessage(), onMain.getShortMessage(), onSide.getShortMessage()).stream().sorted().toList(),
          tasks.stream().map(ContextTask::title).sorted().toList(), "no root, add-only, sweep or merge commit");
      ContextTask first = tasks.get(0);
      assertEquals(docs.getName(), first.commit(), "oldest first");
      assertEquals(List.of("a.py"), first.truth(), "README.md and data.txt are not source");
      assertEquals("a returns 1\n\nand the readme says so", first.message());
      assertEquals("a returns 1", first.title());
      ContextTask sweep = tasks.get(1);
      assertEquals(eight.getName(), sweep.commit());
      assertEquals(List.of("j/F0.java", "j/F1.java", "j/F2.java", "j/F3.java", "j/F4.java", "j/F5.java", "tool"), sweep.truth(),
          "modified and deleted files, the script known by its shebang");
      assertEquals(List.of("c.py"), sweep.added());
      assertEquals(Map.of(TaskSelector.Skip.ROOT, 1, TaskSelector.Skip.MERGE, 1, TaskSelector.Skip.NO_SOURCE, 1, TaskSelector.Skip.SWEEP, 1,
          TaskSelector.Skip.ADDS_ONLY, 1), selection.skipped());
      TaskSelector.Selection last = new TaskSelector(git.getRepository()).select(head, 1);
      assertEquals(1, last.tasks().size(), "the limit keeps the most recent");
      assertEquals(1, last.skipped().get(TaskSelector.Skip.MERGE), "the merge, newer than the task taken");
    }
  }

  private interface Edit {
    void run() throws Exception;
  }

  private RevCommit commitAfter(Git git, Edit edit, String message) throws Exception {
    edit.run();
    return commit(git, message);
  }
}
