package dev.symdex.engine.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import dev.symdex.engine.git.ChangeHistory.Commit;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The commits of a {@link ChangeHistory} window, in mainline order: HEAD's first-parent chain from
 * the newest; a non-merge commit of the chain comes in its place, a merge brings in its place the
 * non-merge commits reachable from its other parents and not from its first parent (newest commit
 * time first, as {@code git log}). Commits that change no project file are passed over, so a
 * project root below the top of a large repository may walk far to fill its window (each commit
 * passed over costs its header and the trees down to the project root). Reads commit headers; the
 * {@link Differ} reads trees.
 */
final class CommitWindow {
  private CommitWindow() {}

  /**
   * A commit of the window: its SHA, committer time, tree, its parent's tree (null for a root) and
   * its message (at most {@value #MESSAGE_CHARS} characters of it).
   */
  record Entry(String sha, long commitTimeMillis, ObjectId tree, ObjectId parentTree, String message) {}

  /** Characters of a commit message kept. */
  static final int MESSAGE_CHARS = 2_000;

  /** Why a walk ended. */
  enum End {
    /** The window is full and at least one more commit follows. */
    CAPPED,
    /** No commit follows: the window holds the whole history. */
    EXHAUSTED,
    /** The first-parent chain reached the commit to stop at (not included). */
    REACHED_STOP
  }

  /** The commits walked, newest first, and why the walk ended. */
  record Walked(List<Commit> commits, End end) {}

  /** Reads what commits changed. */
  interface Differ {
    /** The project files {@code e} changed (with its renames), or a commit with no paths when it changed none. */
    Commit diff(Entry e) throws IOException;

    /** True when {@code e} changed a project file (cheaper than {@link #diff}: stops at the first). */
    boolean changesAny(Entry e) throws IOException;
  }

  /**
   * At most {@code max} non-merge commits from {@code head} that change project files, in mainline
   * order, stopping before the first-parent chain reaches {@code stopAt} (a SHA; null for none).
   */
  static Walked walk(ObjectReader reader, ObjectId head, int max, String stopAt, Differ differ) throws IOException {
    try (RevWalk chain = new RevWalk(reader); RevWalk branch = new RevWalk(reader)) {
      chain.setRetainBody(false);
      branch.setRetainBody(false);
      Window out = new Window(max, differ);
      RevCommit c = chain.parseCommit(head);
      while (true) {
        if (c.name().equals(stopAt)) {
          return new Walked(out.commits, End.REACHED_STOP);
        }
        if (c.getParentCount() <= 1 ? !out.offer(entry(chain, c)) : !mergedBranch(branch, c, out)) {
          return new Walked(out.commits, End.CAPPED);
        }
        if (c.getParentCount() == 0) {
          return new Walked(out.commits, End.EXHAUSTED);
        }
        c = c.getParent(0);
        chain.parseHeaders(c);
      }
    }
  }

  /** The commits kept so far; full at {@code max}. */
  private static final class Window {
    final int max;
    final Differ differ;
    final List<Commit> commits = new ArrayList<>();

    Window(int max, Differ differ) {
      this.max = max;
      this.differ = differ;
    }

    /** Keeps {@code e} if it changed project files; false when it did but the window is full. */
    boolean offer(Entry e) throws IOException {
      if (commits.size() == max) {
        return !differ.changesAny(e);
      }
      Commit c = differ.diff(e);
      if (!c.paths().isEmpty()) {
        commits.add(c);
      }
      return true;
    }
  }

  /** Offers {@code out} the non-merge commits {@code merge} brought in; false when one did not fit. */
  private static boolean mergedBranch(RevWalk walk, RevCommit merge, Window out) throws IOException {
    walk.reset();
    for (int i = 1; i < merge.getParentCount(); i++) {
      walk.markStart(walk.parseCommit(merge.getParent(i)));
    }
    walk.markUninteresting(walk.parseCommit(merge.getParent(0)));
    for (RevCommit b : walk) {
      if (b.getParentCount() > 1) {
        continue;
      }
      if (!out.offer(entry(walk, b))) {
        return false;
      }
    }
    return true;
  }

  private static Entry entry(RevWalk walk, RevCommit c) throws IOException {
    ObjectId parentTree = null;
    if (c.getParentCount() > 0) {
      RevCommit parent = c.getParent(0);
      walk.parseHeaders(parent);
      parentTree = parent.getTree().getId();
    }
    // The walks keep no bodies (thousands of commits); the message is read again for this one.
    String message = RevCommit.parse(walk.getObjectReader().open(c, Constants.OBJ_COMMIT).getCachedBytes()).getFullMessage();
    if (message.length() > MESSAGE_CHARS) {
      int end = Character.isHighSurrogate(message.charAt(MESSAGE_CHARS - 1)) ? MESSAGE_CHARS - 1 : MESSAGE_CHARS;
      message = message.substring(0, end);
    }
    return new Entry(c.name(), c.getCommitTime() * 1000L, c.getTree().getId(), parentTree, message);
  }
}
