package dev.symdex.engine.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Reads the commit SHA that HEAD points at in the git repository whose working tree is the
 * indexed root. Thread-safe; close it to release the repository.
 *
 * <p>The first read on a file system JGit has not met before measures its timestamp resolution
 * (about 3 s, once per machine and JDK: JGit keeps the result in {@code ~/.config/jgit/config}).
 * It is measured in the calling thread on purpose: JGit's background mode leaves a thread of its
 * own writing probe files into {@code .git} after the caller has moved on or closed the repository.
 */
public final class GitHead implements AutoCloseable {
  private final Repository repository;

  private GitHead(Repository repository) {
    this.repository = repository;
  }

  /** The repository at {@code root}, or empty when {@code root} is not the top of a git working tree. */
  public static Optional<GitHead> open(Path root) {
    Path dotGit = root.resolve(".git");
    if (!Files.exists(dotGit)) {
      return Optional.empty();
    }
    try {
      Repository repo = new FileRepositoryBuilder().setWorkTree(root.toFile()).readEnvironment().setMustExist(true).findGitDir(root.toFile()).build();
      return Optional.of(new GitHead(repo));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** HEAD's commit SHA in hex, or {@code ""} for an unborn branch or an unreadable HEAD. */
  public String resolve() {
    try {
      ObjectId id = repository.resolve("HEAD");
      return id == null ? "" : id.name();
    } catch (IOException | RuntimeException e) {
      // A HEAD caught mid-update (lock file, partial write) reads as unknown until the next change.
      return "";
    }
  }

  @Override
  public void close() {
    repository.close();
  }
}
