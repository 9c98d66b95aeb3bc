package dev.symdex.engine.git;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.git.ChangeHistory.Commit;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.ReflogEntry;
import org.eclipse.jgit.lib.ReflogReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Reads a {@link ChangeHistory} from git with JGit: opens the repository containing the project
 * root, walks the window (see {@link CommitWindow}), and diffs each commit of it against its
 * parent by tree entries only. Reuses a previous history when HEAD did not move or moved forward.
 */
final class HistoryReader {
  private HistoryReader() {}

  static ChangeHistory read(Path projectRoot, int maxCommits, ChangeHistory previous) throws SymdexException {
    if (maxCommits < 0) {
      throw new SymdexException.InvalidQuery("maxCommits must be >= 0, was " + maxCommits);
    }
    Optional<Repository> opened = open(projectRoot);
    if (opened.isEmpty()) {
      return ChangeHistory.EMPTY;
    }
    try (Repository repo = opened.get()) {
      Path root = projectRoot.toRealPath();
      String prefix = prefix(repo.getWorkTree().toPath().toRealPath(), root);
      if (prefix == null) {
        return ChangeHistory.EMPTY;
      }
      ObjectId headId = repo.resolve(Constants.HEAD);
      if (headId == null) {
        return ChangeHistory.EMPTY;
      }
      return read(repo, root.toString(), prefix, headId, maxCommits, previous);
    } catch (IOException e) {
      throw new SymdexException.StorageFailure("cannot read the git history of " + projectRoot + ": " + e.getMessage(), e);
    }
  }

  private static ChangeHistory read(Repository repo, String root, String prefix, ObjectId headId, int maxCommits,
      ChangeHistory previous) throws IOException {
    boolean same = previous.root().equals(root) && previous.prefix().equals(prefix) && !previous.head().isEmpty();
    if (same && previous.head().equals(headId.name())) { // decided without reading an object
      Optional<ChangeHistory> reused = reuse(previous, maxCommits, headMoved(repo, previous.headCommitTimeMillis()));
      if (reused.isPresent()) {
        return reused.get();
      }
    }
    try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
      RevCommit head = rw.parseCommit(headId);
      long headTime = head.getCommitTime() * 1000L;
      long moved = headMoved(repo, headTime);
      TreeFilter filter = prefix.isEmpty() ? TreeFilter.ANY_DIFF
          : AndTreeFilter.create(PathFilter.create(prefix.substring(0, prefix.length() - 1)), TreeFilter.ANY_DIFF);
      CommitWindow.Walked walked;
      try (TreeWalk tw = new TreeWalk(repo, reader)) {
        tw.setRecursive(true);
        walked = CommitWindow.walk(reader, headId, maxCommits, same ? previous.head() : null, new CommitWindow.Differ() {
          @Override
          public Commit diff(CommitWindow.Entry e) throws IOException {
            return HistoryReader.diff(tw, filter, prefix, e);
          }

          @Override
          public boolean changesAny(CommitWindow.Entry e) throws IOException {
            return HistoryReader.changesAny(tw, filter, e);
          }
        });
      }
      List<Commit> commits = walked.commits();
      switch (walked.end()) {
        case CAPPED -> {
          return new ChangeHistory(root, head.name(), prefix, headTime, moved, commits, false);
        }
        case EXHAUSTED -> {
          return new ChangeHistory(root, head.name(), prefix, headTime, moved, commits, true);
        }
        case REACHED_STOP -> {
          int need = maxCommits - commits.size();
          List<Commit> old = previous.commits();
          if (old.size() >= need || previous.complete()) {
            List<Commit> all = new ArrayList<>(commits);
            all.addAll(old.subList(0, Math.min(need, old.size())));
            boolean complete = previous.complete() && old.size() <= need;
            return new ChangeHistory(root, head.name(), prefix, headTime, moved, all, complete);
          }
          // previous holds a narrower window than asked: read it all
          return read(repo, root, prefix, headId, maxCommits, ChangeHistory.EMPTY);
        }
      }
      throw new AssertionError(walked.end());
    }
  }

  /** {@code previous} (same HEAD) cut to {@code maxCommits}, or empty when it holds fewer than asked. */
  private static Optional<ChangeHistory> reuse(ChangeHistory previous, int maxCommits, long moved) {
    int n = previous.commitsRead();
    if (n == maxCommits || (n < maxCommits && previous.complete())) {
      return Optional.of(previous.headMovedMillis() == moved ? previous : new ChangeHistory(previous.root(),
          previous.head(), previous.prefix(), previous.headCommitTimeMillis(), moved, previous.commits(), previous.complete()));
    }
    if (n > maxCommits) {
      return Optional.of(new ChangeHistory(previous.root(), previous.head(), previous.prefix(),
          previous.headCommitTimeMillis(), moved, previous.commits().subList(0, maxCommits), false));
    }
    return Optional.empty();
  }

  /**
   * The files a commit changed against its parent that {@code filter} keeps (those under
   * {@code prefix} that differ), relative to the prefix, sorted, with its renames when it both
   * added and deleted files. Compares tree entries; only rename detection reads contents.
   */
  private static Commit diff(TreeWalk tw, TreeFilter filter, String prefix, CommitWindow.Entry e) throws IOException {
    ObjectReader reader = tw.getObjectReader();
    tw.reset();
    tw.setFilter(filter);
    tw.addTree(tree(reader, e.parentTree()));
    tw.addTree(tree(reader, e.tree()));
    List<String> paths = new ArrayList<>();
    boolean added = false;
    boolean deleted = false;
    while (tw.next()) {
      boolean before = isFile(tw.getFileMode(0));
      boolean after = isFile(tw.getFileMode(1));
      if (before || after) {
        paths.add(tw.getPathString().substring(prefix.length()));
        added |= !before;
        deleted |= !after;
      }
    }
    paths.sort(null);
    Map<String, String> renames = added && deleted
        ? Renames.of(reader, filter, prefix, tree(reader, e.parentTree()), tree(reader, e.tree()))
        : Map.of();
    return new Commit(e.sha(), e.commitTimeMillis(), paths, renames, e.message());
  }

  /** True when the commit changed a file {@code filter} keeps. */
  private static boolean changesAny(TreeWalk tw, TreeFilter filter, CommitWindow.Entry e) throws IOException {
    ObjectReader reader = tw.getObjectReader();
    tw.reset();
    tw.setFilter(filter);
    tw.addTree(tree(reader, e.parentTree()));
    tw.addTree(tree(reader, e.tree()));
    while (tw.next()) {
      if (isFile(tw.getFileMode(0)) || isFile(tw.getFileMode(1))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isFile(FileMode m) {
    return m != FileMode.MISSING && m.getObjectType() == Constants.OBJ_BLOB;
  }

  /** An iterator over {@code tree}, or over the empty tree for null. */
  private static AbstractTreeIterator tree(ObjectReader reader, ObjectId tree) throws IOException {
    if (tree == null) {
      return new EmptyTreeIterator();
    }
    CanonicalTreeParser p = new CanonicalTreeParser();
    p.reset(reader, tree);
    return p;
  }

  /** The end of the second of HEAD's last reflog entry, or {@code headTime} when later or unknown. */
  private static long headMoved(Repository repo, long headTime) {
    try {
      ReflogReader log = repo.getRefDatabase().getReflogReader(Constants.HEAD);
      ReflogEntry last = log == null ? null : log.getLastEntry();
      if (last == null) {
        return headTime;
      }
      return Math.max(headTime, last.getWho().getWhenAsInstant().getEpochSecond() * 1000L + 999L);
    } catch (IOException | RuntimeException e) {
      return headTime; // a reflog caught mid-write: HEAD's commit time is the best known
    }
  }

  /**
   * The repository whose working tree contains {@code projectRoot} (found upwards, as git does;
   * GIT_DIR and the like are not read), or empty when there is none or it is bare.
   */
  private static Optional<Repository> open(Path projectRoot) {
    if (!Files.isDirectory(projectRoot)) {
      return Optional.empty();
    }
    File dir = projectRoot.toAbsolutePath().toFile();
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(dir);
    if (builder.getGitDir() == null) {
      return Optional.empty();
    }
    try {
      Repository repo = builder.setMustExist(true).build();
      if (repo.isBare()) {
        repo.close();
        return Optional.empty();
      }
      return Optional.of(repo);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code root} relative to {@code workTree}, '/'-separated with a trailing '/'; "" when equal; null when outside. */
  static String prefix(Path workTree, Path root) {
    if (!root.startsWith(workTree)) {
      return null;
    }
    Path rel = workTree.relativize(root);
    if (rel.toString().isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (Path part : rel) {
      b.append(part).append('/');
    }
    return b.toString();
  }
}
