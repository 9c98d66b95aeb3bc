package dev.symdex.bench.context;

import dev.symdex.engine.model.Language;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Picks the tasks of a repository's history: every non-merge commit reachable from a start commit
 * whose change touches between 1 and {@link #MAX_SOURCE_FILES} source files, a source file being
 * one whose language symdex parses ({@link Language#detect}: by name, a {@code .h} or a file
 * without extension by its content). Docs, data, lock files and the like are neither counted nor
 * truth. The commit's truth is its modified or deleted source files, which exist at the parent; a
 * commit that only adds source files has no truth and is no task. Root commits (no parent to index)
 * and merges are skipped.
 *
 * <p>Commits are visited newest first (topological, then by committer time), so "the most recent
 * N" is deterministic for one start commit.
 */
public final class TaskSelector {
  /** A commit touching more source files than this is a sweep, not a task. */
  public static final int MAX_SOURCE_FILES = 8;
  /** Bytes of a blob read to tell its language (a shebang, C++ syntax in a header). */
  private static final int SNIFF_BYTES = 64 * 1024;

  private final Repository repo;

  public TaskSelector(Repository repo) {
    this.repo = repo;
  }

  /** The {@code limit} most recent tasks reachable from {@code start}, oldest first. */
  public List<ContextTask> select(ObjectId start, int limit) throws IOException {
    List<ContextTask> out = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader()) {
      walk.sort(RevSort.TOPO);
      walk.sort(RevSort.COMMIT_TIME_DESC, true);
      walk.markStart(walk.parseCommit(start));
      for (RevCommit c : walk) {
        if (out.size() >= limit) {
          break;
        }
        if (c.getParentCount() != 1) {
          continue;
        }
        RevCommit parent = walk.parseCommit(c.getParent(0));
        taskOf(reader, c, parent).ifPresent(out::add);
      }
    }
    Collections.reverse(out);
    return out;
  }

  private Optional<ContextTask> taskOf(ObjectReader reader, RevCommit c, RevCommit parent) throws IOException {
    List<String> truth = new ArrayList<>();
    List<String> added = new ArrayList<>();
    try (TreeWalk tw = new TreeWalk(repo, reader)) {
      tw.setRecursive(true);
      tw.setFilter(TreeFilter.ANY_DIFF);
      tw.addTree(parent.getTree());
      tw.addTree(c.getTree());
      while (tw.next()) {
        boolean before = isFile(tw.getFileMode(0));
        boolean after = isFile(tw.getFileMode(1));
        if (!before && !after) {
          continue;
        }
        ObjectId blob = tw.getObjectId(after ? 1 : 0);
        if (!isSource(reader, tw.getNameString(), blob)) {
          continue;
        }
        if (before) {
          truth.add(tw.getPathString());
        } else {
          added.add(tw.getPathString());
        }
        if (truth.size() + added.size() > MAX_SOURCE_FILES) {
          return Optional.empty();
        }
      }
    }
    if (truth.isEmpty()) {
      return Optional.empty();
    }
    Collections.sort(truth);
    Collections.sort(added);
    return Optional.of(new ContextTask(c.getName(), parent.getName(), c.getCommitTime(), c.getFullMessage().strip(), truth, added));
  }

  private static boolean isFile(FileMode mode) {
    return mode.getObjectType() == Constants.OBJ_BLOB && mode != FileMode.SYMLINK;
  }

  /**
   * True when symdex parses a file of this name and content. The content is read (its first
   * {@link #SNIFF_BYTES}) only when the name alone cannot tell: no extension, or {@code .h}.
   */
  private static boolean isSource(ObjectReader reader, String name, ObjectId blob) throws IOException {
    int dot = name.lastIndexOf('.');
    if (dot >= 0 && !name.substring(dot).equalsIgnoreCase(".h")) {
      return Language.detect(name, new byte[0]).isPresent();
    }
    try (InputStream in = reader.open(blob).openStream()) {
      return Language.detect(name, in.readNBytes(SNIFF_BYTES)).isPresent();
    }
  }
}
