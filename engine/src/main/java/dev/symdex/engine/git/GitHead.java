package dev.symdex.engine.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

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

  /**
   * True when the repository holds the commit {@code sha} (40 hex digits): a clone or worktree of
   * the same history does. False for anything else, a malformed SHA included.
   */
  public boolean hasCommit(String sha) {
    if (sha == null || !ObjectId.isId(sha)) {
      return false;
    }
    try {
      return repository.getObjectDatabase().has(ObjectId.fromString(sha));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** A revision resolved to a commit: its SHA and its tree. */
  public record Revision(String sha, ObjectId tree) {}

  /**
   * Resolves {@code rev} (a SHA, a branch, a tag, {@code HEAD~3}, anything git's rev-parse
   * accepts and JGit knows) to a commit; empty when it names nothing.
   */
  public Optional<Revision> revision(String rev) throws IOException {
    ObjectId id;
    try {
      id = repository.resolve(rev);
    } catch (RuntimeException e) { // malformed revision expressions
      return Optional.empty();
    }
    if (id == null) {
      return Optional.empty();
    }
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit c = walk.parseCommit(id);
      return Optional.of(new Revision(c.name(), c.getTree().getId()));
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      return Optional.empty();
    }
  }

  /**
   * Paths whose blob differs between two trees (either may be null for the empty tree), with
   * each side's blob (null where the path is absent). Identical subtrees are skipped whole.
   */
  public List<PathBlobs> changed(ObjectId fromTree, ObjectId toTree) throws IOException {
    try (TreeWalk tw = new TreeWalk(repository)) {
      return diff(tw, tree(tw, fromTree), tree(tw, toTree));
    }
  }

  /** Paths where git's index differs from {@code tree} (staged changes), as {@link #changed}. */
  public List<PathBlobs> staged(ObjectId tree, DirCache index) throws IOException {
    try (TreeWalk tw = new TreeWalk(repository)) {
      return diff(tw, tree(tw, tree), new DirCacheIterator(index));
    }
  }

  private static List<PathBlobs> diff(TreeWalk tw, AbstractTreeIterator a,
      AbstractTreeIterator b) throws IOException {
    tw.addTree(a);
    tw.addTree(b);
    tw.setRecursive(true);
    tw.setFilter(TreeFilter.ANY_DIFF);
    List<PathBlobs> out = new ArrayList<>();
    while (tw.next()) {
      out.add(new PathBlobs(tw.getPathString(), blob(tw, 0), blob(tw, 1)));
    }
    return out;
  }

  /**
   * git's index as last read: its stage-0 entries as parallel arrays in git's order (unsigned
   * byte order of the UTF-8 path), for a merge against other path-ordered lists.
   */
  public record Index(DirCache dirCache, byte[][] paths, long[] sizes, long[] mtimeNanos) {}

  /** The index file's stat when it was parsed; trusted only when not "racy" (see {@link #index}). */
  private record CachedIndex(long size, long mtimeNanos, Object fileKey, boolean racy, Index index) {}

  private volatile CachedIndex cachedIndex;

  /**
   * git's index (the staging area). Parsed once and kept while {@code .git/index} keeps its size,
   * mtime and inode (a large repo's index is megabytes: parsing it per call would dominate a
   * Delta). As in git, a file read within 2 s of its mtime may still change unseen: not kept.
   */
  public Index index() throws IOException {
    Path file = repository.getIndexFile().toPath();
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return new Index(DirCache.newInCore(), new byte[0][], new long[0], new long[0]);
    }
    long mtime = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    CachedIndex c = cachedIndex;
    if (c != null && !c.racy() && c.size() == a.size() && c.mtimeNanos() == mtime && Objects.equals(c.fileKey(), a.fileKey())) {
      return c.index();
    }
    boolean racy = System.currentTimeMillis() * 1_000_000L - mtime < 2_000_000_000L;
    DirCache dc = DirCache.read(file.toFile(), repository.getFS());
    Index index = entries(dc);
    cachedIndex = new CachedIndex(a.size(), mtime, a.fileKey(), racy, index);
    return index;
  }

  /** Every stage-0 entry of {@code dc}, in its order. */
  private static Index entries(DirCache dc) {
    int n = 0;
    for (int i = 0; i < dc.getEntryCount(); i++) {
      n += dc.getEntry(i).getStage() == 0 ? 1 : 0;
    }
    byte[][] paths = new byte[n][];
    long[] sizes = new long[n];
    long[] mtimes = new long[n];
    for (int i = 0, j = 0; i < dc.getEntryCount(); i++) {
      DirCacheEntry e = dc.getEntry(i);
      if (e.getStage() == 0) {
        Instant t = e.getLastModifiedInstant();
        paths[j] = e.getRawPath();
        sizes[j] = e.getLength();
        mtimes[j] = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        j++;
      }
    }
    return new Index(dc, paths, sizes, mtimes);
  }


  /** The blob at {@code path} in {@code tree}, or null. */
  public ObjectId blobAt(ObjectId tree, String path) throws IOException {
    try (TreeWalk tw = TreeWalk.forPath(repository, path, tree)) {
      return tw == null || tw.getFileMode(0).getObjectType() != Constants.OBJ_BLOB ? null : tw.getObjectId(0);
    }
  }

  /** A blob's bytes, or null when larger than {@code max}. */
  public byte[] read(ObjectId blob, long max) throws IOException {
    var loader = repository.open(blob, Constants.OBJ_BLOB);
    return loader.getSize() > max ? null : loader.getCachedBytes((int) Math.min(Integer.MAX_VALUE - 8, max));
  }

  /** A path with its blob on each side of a comparison (null where absent or not a file). */
  public record PathBlobs(String path, ObjectId before, ObjectId after) {}

  /** An iterator over {@code tree}, or over the empty tree for null. */
  private static AbstractTreeIterator tree(TreeWalk tw, ObjectId tree) throws IOException {
    if (tree == null) {
      return new EmptyTreeIterator();
    }
    CanonicalTreeParser p = new CanonicalTreeParser();
    p.reset(tw.getObjectReader(), tree);
    return p;
  }

  private static ObjectId blob(TreeWalk tw, int i) {
    FileMode m = tw.getFileMode(i);
    return m == FileMode.MISSING || m.getObjectType() != Constants.OBJ_BLOB ? null : tw.getObjectId(i);
  }

  @Override
  public void close() {
    repository.close();
  }
}
