package dev.symdex.engine.git;

import dev.symdex.engine.SymdexException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The git signals of a project: how often each file changed (churn), how recently (in commits),
 * and which files change together (co-change), over a window of recent commits. Immutable and
 * thread-safe; one per HEAD, renewed cheaply by {@link #update} when HEAD moves forward.
 *
 * <p><b>Which commits.</b> The window is the newest {@code maxCommits} <em>non-merge</em> commits
 * reachable from HEAD (all parents, as {@code git log --no-merges}) that change at least one file
 * under the project root (others are passed over: they take no place in the window and do not
 * count in {@link #commitsAgo}), in <em>mainline order</em>:
 * walking HEAD's first-parent chain from the newest, each non-merge mainline commit comes in its
 * place, and each merge contributes at its place the commits it brought in (reachable from its
 * other parents but not from its first parent; among them, newest commit time first). So a branch
 * merged just now counts as recent even if its commits are old, and the order of the commits below
 * any mainline commit never depends on what came later (which makes {@link #update} exact).
 * Each commit's change is its diff against its parent (the empty tree for a root commit), by path
 * and blob id; file contents are read only to find renames, in the commits that both add and
 * delete files (git's rename detection at its default 60 % similarity; binaries pair only when
 * identical). <b>Renames are followed</b>: the queries name files as they are named at HEAD, and a
 * file's commits before it was renamed (or moved within the project) count for it under its new
 * name; a file moved in from outside the project root starts its history there.
 * Submodule entries are ignored.
 *
 * <p><b>Paths</b> are relative to the project root, '/'-separated (as the index stores them); only
 * files under the project root count, also when it is a sub-directory of the git working tree.
 * Deleted files keep their history.
 */
public final class ChangeHistory {
  /**
   * Commits that change more files than this (under the project root) are sweeps (reformatting,
   * mass renames, license headers, an initial import): they count toward churn and recency but
   * not toward co-change.
   */
  public static final int CO_CHANGE_MAX_FILES = 50;

  /** No history: the project root is not inside a git working tree (or only a bare one), or HEAD is unborn. */
  public static final ChangeHistory EMPTY = new ChangeHistory("", "", "", 0L, 0L, List.of(), true);

  /**
   * One commit of the window: its SHA, committer time, the project files it changed (sorted, as
   * named in that commit: a renamed file appears under both names), its renames (new path →
   * old path) and its message (cut to 2,000 characters).
   */
  public record Commit(String sha, long commitTimeMillis, List<String> paths, Map<String, String> renamedFrom, String message) {
    public Commit {
      Objects.requireNonNull(sha, "sha");
      Objects.requireNonNull(message, "message");
      paths = List.copyOf(paths);
      renamedFrom = Collections.unmodifiableMap(new TreeMap<>(renamedFrom));
    }

    /** A commit that renamed nothing, with no message. */
    public Commit(String sha, long commitTimeMillis, List<String> paths) {
      this(sha, commitTimeMillis, paths, Map.of(), "");
    }
  }

  /**
   * A file that changed together with another. {@code weight} is the sum, over the commits of the
   * window that changed both and are not sweeps, of {@code 1 / (files changed by that commit - 1)}:
   * a two-file commit links its pair by 1, a ten-file commit each pair by 1/9.
   */
  public record Partner(String path, double weight) {}

  /** The project root's real path, as read (so that {@link #update} knows its own project). */
  private final String root;
  private final String head;
  /** The project root relative to the git working tree, '/'-separated with a trailing '/'; "" at the top. */
  private final String prefix;
  private final long headCommitTimeMillis;
  private final long headMovedMillis;
  private final List<Commit> commits;
  /** True when the window holds every non-merge commit reachable from HEAD. */
  private final boolean complete;
  /** Per commit of {@link #commits}, the files it changed under their names at HEAD. */
  private final List<List<String>> files;
  /** Path at HEAD → positions in {@link #commits} of the commits that changed it, ascending (newest first). */
  private final Map<String, int[]> positions;
  private final Set<String> paths;

  ChangeHistory(String root, String head, String prefix, long headCommitTimeMillis, long headMovedMillis, List<Commit> commits,
      boolean complete) {
    this.root = root;
    this.head = head;
    this.prefix = prefix;
    this.headCommitTimeMillis = headCommitTimeMillis;
    this.headMovedMillis = headMovedMillis;
    this.commits = List.copyOf(commits);
    this.complete = complete;
    this.files = filesAtHead(this.commits);
    this.positions = positions(files);
    this.paths = Collections.unmodifiableSet(new TreeSet<>(positions.keySet()));
  }

  /**
   * Each commit's files under their names at HEAD (sorted, distinct): walking from the newest
   * commit, a rename {@code old → new} makes every older mention of {@code old} mean the file
   * that {@code new} became. A path re-created after a rename is a file of its own.
   */
  private static List<List<String>> filesAtHead(List<Commit> commits) {
    Map<String, String> nameAtHead = new HashMap<>();
    List<List<String>> out = new ArrayList<>(commits.size());
    for (Commit c : commits) {
      if (!c.renamedFrom().isEmpty()) {
        Map<String, String> renamed = new HashMap<>();
        c.renamedFrom().forEach((to, from) -> renamed.put(from, nameAtHead.getOrDefault(to, to)));
        nameAtHead.putAll(renamed);
      }
      TreeSet<String> files = new TreeSet<>();
      for (String p : c.paths()) {
        files.add(nameAtHead.getOrDefault(p, p));
      }
      out.add(List.copyOf(files));
    }
    return out;
  }

  private static Map<String, int[]> positions(List<List<String>> files) {
    Map<String, Integer> counts = new HashMap<>();
    for (List<String> f : files) {
      for (String p : f) {
        counts.merge(p, 1, Integer::sum);
      }
    }
    Map<String, int[]> out = new HashMap<>(counts.size() * 2);
    Map<String, Integer> filled = new HashMap<>(counts.size() * 2);
    for (int i = 0; i < files.size(); i++) {
      for (String p : files.get(i)) {
        int[] a = out.computeIfAbsent(p, k -> new int[counts.get(k)]);
        int n = filled.merge(p, 1, Integer::sum);
        a[n - 1] = i;
      }
    }
    return out;
  }

  /**
   * Reads the window of the newest {@code maxCommits} non-merge commits reachable from HEAD of the
   * git repository that contains {@code projectRoot} (see the class comment for the order and the
   * paths). {@link #EMPTY} when {@code projectRoot} is not inside a git working tree or HEAD is unborn.
   *
   * @throws SymdexException.InvalidQuery when {@code maxCommits} is negative
   * @throws SymdexException.StorageFailure when the repository cannot be read
   */
  public static ChangeHistory read(Path projectRoot, int maxCommits) throws SymdexException {
    return HistoryReader.read(projectRoot, maxCommits, EMPTY);
  }

  /**
   * The same as {@link #read}, reusing {@code previous} (read earlier for the same project root):
   * returns it when HEAD has not moved and the window is the same (a copy with the new
   * {@link #headMovedMillis()} when HEAD's reflog moved on without HEAD, as a checkout of the same
   * commit does) or narrower (cut); when HEAD moved forward along its
   * first-parent chain from {@code previous.head()}, diffs only the new commits and drops those that
   * fall out of the window. Otherwise (rewound, rebased, another root, a wider window than
   * {@code previous} holds) reads from scratch. The result always equals what {@link #read} returns.
   */
  public static ChangeHistory update(ChangeHistory previous, Path projectRoot, int maxCommits) throws SymdexException {
    return HistoryReader.read(projectRoot, maxCommits, Objects.requireNonNull(previous, "previous"));
  }

  /** HEAD's commit SHA, or {@code ""} when there is none. */
  public String head() {
    return head;
  }

  /** HEAD's committer time in epoch milliseconds; 0 when there is no HEAD. */
  public long headCommitTimeMillis() {
    return headCommitTimeMillis;
  }

  /**
   * When HEAD last moved (commit, checkout, reset, pull), from its reflog, as the end of that
   * second (the reflog keeps seconds) in epoch milliseconds; {@link #headCommitTimeMillis()} when
   * there is no reflog. Files a checkout or commit wrote are older than this.
   */
  public long headMovedMillis() {
    return headMovedMillis;
  }

  /** The number of commits in the window. */
  public int commitsRead() {
    return commits.size();
  }

  /** The window's commits in order, newest first (see the class comment). */
  public List<Commit> commits() {
    return commits;
  }

  /** True when the window holds every non-merge commit reachable from HEAD (the history is that short). */
  public boolean complete() {
    return complete;
  }

  /** The project root relative to the working tree, '/'-separated with a trailing '/' ("" at the top). */
  String prefix() {
    return prefix;
  }

  /** The project root's real path ("" for {@link #EMPTY}). */
  String root() {
    return root;
  }

  /** The number of commits in the window that changed {@code path} (added, modified or deleted it). */
  public int churn(String path) {
    int[] p = positions.get(path);
    return p == null ? 0 : p.length;
  }

  /**
   * How many commits ago {@code path} last changed, counted in the window's order: 0 when its newest
   * commit changed it, 1 for the next, and so on; empty when no commit of the window changed it.
   */
  public OptionalInt commitsAgo(String path) {
    int[] p = positions.get(path);
    return p == null ? OptionalInt.empty() : OptionalInt.of(p[0]);
  }

  /**
   * The files the commit at {@code position} of the window changed (0 is the newest), under their
   * names at HEAD, sorted.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= position < }{@link #commitsRead()}
   */
  public List<String> changedAt(int position) {
    return files.get(position);
  }

  /** Every path some commit of the window changed, sorted. */
  public Set<String> paths() {
    return paths;
  }

  /**
   * The files that changed together with {@code path} (see {@link Partner} for the weight; sweeps
   * over {@value #CO_CHANGE_MAX_FILES} files do not count), heaviest first, equal weights by path;
   * at most {@code limit}. Costs the files of the commits that changed {@code path}.
   */
  public List<Partner> partners(String path, int limit) {
    int[] p = positions.get(path);
    if (p == null || limit <= 0) {
      return List.of();
    }
    Map<String, Double> weights = new HashMap<>();
    for (int i : p) {
      List<String> changed = files.get(i);
      int n = changed.size();
      if (n < 2 || n > CO_CHANGE_MAX_FILES) {
        continue;
      }
      double w = 1.0 / (n - 1);
      for (String other : changed) {
        if (!other.equals(path)) {
          weights.merge(other, w, Double::sum);
        }
      }
    }
    List<Partner> out = new ArrayList<>(weights.size());
    weights.forEach((k, v) -> out.add(new Partner(k, v)));
    out.sort(Comparator.comparingDouble(Partner::weight).reversed().thenComparing(Partner::path));
    return List.copyOf(out.subList(0, Math.min(limit, out.size())));
  }

  /**
   * The files being edited now: those of {@code mtimeNanosByPath} (path → working-tree mtime in
   * epoch nanoseconds, as the index's file states hold) modified after {@link #headMovedMillis()}.
   * A file a user saves without changing it counts too; right after a clone the checkout writes
   * files after HEAD's reflog entry, so intersect with the uncommitted files when that matters.
   */
  public Set<String> editedNow(Map<String, Long> mtimeNanosByPath) {
    return editedSince(mtimeNanosByPath, headMovedMillis);
  }

  /**
   * The paths of {@code mtimeNanosByPath} (path → mtime in epoch nanoseconds) whose mtime is
   * strictly after {@code sinceMillis} (epoch milliseconds), sorted. Pure: reads no file.
   */
  public static Set<String> editedSince(Map<String, Long> mtimeNanosByPath, long sinceMillis) {
    long since = Math.multiplyExact(sinceMillis, 1_000_000L);
    TreeSet<String> out = new TreeSet<>();
    mtimeNanosByPath.forEach((path, mtime) -> {
      if (mtime > since) {
        out.add(path);
      }
    });
    return Collections.unmodifiableSet(out);
  }

  @Override
  public String toString() {
    return "ChangeHistory[head=" + head + ", prefix=" + prefix + ", commits=" + commits.size() + ", complete=" + complete + "]";
  }
}
