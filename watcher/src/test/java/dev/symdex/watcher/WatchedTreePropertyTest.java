package dev.symdex.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.testing.JGitWarmup;
import dev.symdex.engine.testing.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random sequences of what happens to a working tree — files and whole directories created,
 * edited, renamed and deleted, {@code .gitignore} rules written and removed, commits, branch
 * switches — applied to a real git repository while a real daemon watches it. After every step and
 * a {@code Sync}, the daemon's index must answer exactly as a cold index of the same tree does.
 * Seeded: a failure names its seed and step, and replays.
 */
class WatchedTreePropertyTest {
  private static final int STEPS = 40;
  private static final String[] NAMES = {"alpha", "beta", "gamma", "delta", "omega"};
  private static final String[] DIRS = {"", "d1/", "d2/", "d2/sub/", "d3/deep/er/"};
  private static final String[] IGNORE_RULES = {"d1/", "*.py", "d2/sub/", "build/"};

  @TempDir Path root;
  @TempDir Path data;
  @TempDir Path scratch;

  private Daemon daemon;
  private Git git;
  private ExecutorService pool;

  @BeforeAll
  static void jgitKnowsTheFileSystem() {
    JGitWarmup.ensure();
  }

  @AfterEach
  void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
    if (git != null) {
      git.close();
    }
    if (pool != null) {
      Trees.shutdown(pool);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void afterEverySyncTheWatchedIndexEqualsAColdOne(long seed) throws Exception {
    Random rnd = new Random(seed);
    git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call();
    for (int i = 0; i < 6; i++) {
      createFile(rnd);
    }
    commit("start");
    pool = Trees.pool("cold");
    daemon = Daemon.start(new DaemonConfig(root, data, Optional.empty(), 20, 2, EngineOptions.DEFAULTS, Optional.empty()));
    assertTrue(daemon.awaitInitialIndex(Duration.ofSeconds(60)));
    for (int step = 0; step < STEPS; step++) {
      String op = step(rnd);
      daemon.sync(Duration.ofSeconds(30));
      try {
        Trees.assertSameAsCold(daemon.engine(), scratch.resolve("cold-" + step), pool, NAMES);
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + ", step " + step + " (" + op + "): " + e.getMessage(), e);
      }
      assertEquals(head(), daemon.engine().snapshot().head(), "seed " + seed + ", step " + step + " (" + op + "): head");
    }
  }

  /** Applies one random change to the tree; returns what it did. */
  private String step(Random rnd) throws Exception {
    int dice = rnd.nextInt(100);
    List<Path> files = sourceFiles();
    if (dice < 22 || files.isEmpty()) {
      return "create " + createFile(rnd);
    } else if (dice < 42) {
      Path f = files.get(rnd.nextInt(files.size()));
      Trees.write(root, rel(f), content(rnd, f.toString().endsWith(".py")));
      return "edit " + rel(f);
    } else if (dice < 52) {
      Path f = files.get(rnd.nextInt(files.size()));
      Files.delete(f);
      return "delete " + rel(f);
    } else if (dice < 60) {
      Path f = files.get(rnd.nextInt(files.size()));
      String ext = f.toString().endsWith(".py") ? ".py" : ".java";
      Path to = root.resolve(DIRS[rnd.nextInt(DIRS.length)] + "R" + rnd.nextInt(1000) + ext);
      Files.createDirectories(to.getParent());
      Files.move(f, to);
      return "rename " + rel(f) + " -> " + rel(to);
    } else if (dice < 66) {
      String dir = "m" + rnd.nextInt(5) + "/";
      for (int i = 0; i < 3; i++) {
        Trees.write(root, dir + "n" + i + "/M" + rnd.nextInt(100) + ".java", content(rnd, false));
      }
      return "create directory " + dir;
    } else if (dice < 72) {
      Path d = root.resolve(DIRS[1 + rnd.nextInt(DIRS.length - 1)]);
      if (!Files.isDirectory(d)) {
        return "no directory to move";
      }
      Path to = root.resolve("moved" + rnd.nextInt(100));
      if (Files.exists(to)) {
        Trees.deleteTree(to);
      }
      Files.move(d, to);
      return "move directory " + rel(d) + " -> " + rel(to);
    } else if (dice < 76) {
      Path d = root.resolve(DIRS[1 + rnd.nextInt(DIRS.length - 1)]);
      if (Files.isDirectory(d)) {
        Trees.deleteTree(d);
      }
      return "delete directory " + rel(d);
    } else if (dice < 84) {
      StringBuilder rules = new StringBuilder();
      for (String r : IGNORE_RULES) {
        if (rnd.nextBoolean()) {
          rules.append(r).append('\n');
        }
      }
      Trees.write(root, ".gitignore", rules.toString());
      return "gitignore " + rules.toString().replace('\n', ' ');
    } else if (dice < 92) {
      commit("step");
      return "commit";
    } else {
      commit("before switch");
      String target = git.getRepository().getBranch().equals("main") ? "side" : "main";
      boolean exists = git.getRepository().findRef("refs/heads/" + target) != null;
      try {
        git.checkout().setName(target).setCreateBranch(!exists).call();
      } catch (GitAPIException e) {
        return "checkout " + target + " refused: " + e.getMessage();
      }
      if (!exists) {
        // Make the branches differ: an edit committed on the new branch only.
        createFile(rnd);
        commit("on " + target);
      }
      return "checkout " + target;
    }
  }

  private String createFile(Random rnd) {
    boolean py = rnd.nextInt(3) == 0;
    // Few module names, so Python files import each other (edges for the import graph to follow).
    String rel = DIRS[rnd.nextInt(DIRS.length)] + (py ? "m" + rnd.nextInt(8) + ".py" : "C" + rnd.nextInt(1000) + ".java");
    Trees.write(root, rel, content(rnd, py));
    return rel;
  }

  /** A small source file defining and calling names from a shared pool, so files refer to each other. */
  private static String content(Random rnd, boolean python) {
    String def = NAMES[rnd.nextInt(NAMES.length)];
    String call = NAMES[rnd.nextInt(NAMES.length)];
    if (python) {
      return "import os\nimport m" + rnd.nextInt(8) + "\n\nclass K" + rnd.nextInt(50) + ":\n    def " + def + "(self):\n        return " + call + "()\n";
    }
    return "import java.util.List;\n\nclass K" + rnd.nextInt(50) + " {\n  void " + def + "() { " + call + "(); }\n  int f"
        + rnd.nextInt(20) + ";\n}\n";
  }

  private void commit(String message) throws GitAPIException {
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    git.commit().setMessage(message).setAuthor("t", "t@example.invalid").setCommitter("t", "t@example.invalid")
        .setSign(false).setAllowEmpty(true).call();
  }

  private String head() throws IOException {
    var id = git.getRepository().resolve("HEAD");
    return id == null ? "" : id.name();
  }

  private List<Path> sourceFiles() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return new ArrayList<>(s.filter(p -> !rel(p).startsWith(".git/") && !rel(p).equals(".git"))
          .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".py")).sorted().toList());
    }
  }

  private String rel(Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }
}
