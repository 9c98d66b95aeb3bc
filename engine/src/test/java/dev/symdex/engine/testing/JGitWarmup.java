package dev.symdex.engine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.util.FS;

/**
 * Has JGit measure the temp file system's timestamp resolution before any test makes a repository.
 *
 * <p>On a machine where JGit has not met the file system (no entry in {@code ~/.config/jgit/config},
 * as on a fresh CI machine) the first repository access measures it, writing probe files into the
 * directory it looks at (a test tree's {@code .git}). The measurement takes about 3 s; past 5 s JGit
 * goes on with it in a thread of its own, which can race a {@code @TempDir}'s deletion. Measuring
 * here, in a directory of our own that is never deleted while the JVM runs, and waiting until JGit
 * has a result, keeps every later repository free of probes.
 */
public final class JGitWarmup {
  private static boolean done;

  private JGitWarmup() {}

  /** Idempotent; returns once JGit knows the temp file system (or after 60 s, whichever is first). */
  public static synchronized void ensure() {
    if (done) {
      return;
    }
    done = true;
    try {
      Path dir = Files.createTempDirectory("symdex-jgit-warmup");
      dir.toFile().deleteOnExit();
      FS.FileStoreAttributes.setBackground(false);
      long deadline = System.nanoTime() + 60_000_000_000L;
      for (int i = 0; System.nanoTime() < deadline; i++) {
        // a fresh directory each time: JGit caches an answer per directory, even the fallback
        Path probe = Files.createDirectory(dir.resolve("p" + i));
        probe.toFile().deleteOnExit();
        if (FS.FileStoreAttributes.get(probe) != FS.FileStoreAttributes.FALLBACK_FILESTORE_ATTRIBUTES) {
          return;
        }
        Thread.sleep(200);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
