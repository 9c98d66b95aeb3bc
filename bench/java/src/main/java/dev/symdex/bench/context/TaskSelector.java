package dev.symdex.bench.context;

import dev.symdex.engine.model.Language;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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

  /** Why a commit is no task. */
  public enum Skip {
    /** No parent to build the index at. */
    ROOT,
    /** More than one parent. */
    MERGE,
    /** Touches no source file (docs, data, build files only). */
    NO_SOURCE,
    /** Touches more than {@link #MAX_SOURCE_FILES} source files. */
    SWEEP,
    /** Only adds source files: nothing at the parent to name. */
    ADDS_ONLY
  }

  /**
   * What {@link #select} found.
   *
   * @param tasks the tasks, oldest first
   * @param skipped the commits visited and not taken, by reason (every reason present, 0 included)
   */
  public record Selection(List<ContextTask> tasks, Map<Skip, Integer> skipped) {
    public Selection {
      tasks = List.copyOf(tasks);
      skipped = Collections.unmodifiableMap(new EnumMap<>(skipped));
    }
  }

  /** One commit's verdict: a task, or why not. */
  private record Verdict(Optional<ContextTask> task, Optional<Skip> skip) {
    static Verdict skip(Skip why) {
      return new Verdict(Optional.empty(), Optional.of(why));
    }
  }

  /**
   * The {@code limit} most recent tasks reachable from {@code start}, and the commits skipped on
   * the way (newer than the oldest task taken, or all of them when fewer tasks exist).
   */
  public Selection select(ObjectId start, int limit) throws IOException {
    List<ContextTask> out = new ArrayList<>();
    Map<Skip, Integer> skipped = new EnumMap<>(Skip.class);
    for (Skip why : Skip.values()) {
      skipped.put(why, 0);
    }
    try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader()) {
      walk.sort(RevSort.TOPO);
      walk.sort(RevSort.COMMIT_TIME_DESC, true);
      walk.markStart(walk.parseCommit(start));
      for (RevCommit c : walk) {
        if (out.size() >= limit) {
          break;
        }
        Verdict v = c.getParentCount() == 0 ? Verdict.skip(Skip.ROOT)
            : c.getParentCount() > 1 ? Verdict.skip(Skip.MERGE)
            : verdict(reader, c, walk.parseCommit(c.getParent(0)));
        v.task().ifPresent(out::add);
        v.skip().ifPresent(why -> skipped.merge(why, 1, Integer::sum));
      }
    }
    Collections.reverse(out);
    return new Selection(out, skipped);
  }

  private Verdict verdict(ObjectReader reader, RevCommit c, RevCommit parent) throws IOException {
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
          return Verdict.skip(Skip.SWEEP);
        }
      }
    }
    if (truth.isEmpty()) {
      return Verdict.skip(added.isEmpty() ? Skip.NO_SOURCE : Skip.ADDS_ONLY);
    }
    Collections.sort(truth);
    Collections.sort(added);
    return new Verdict(Optional.of(new ContextTask(c.getName(), parent.getName(), c.getCommitTime(), c.getFullMessage().strip(), truth, added)),
        Optional.empty());
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
