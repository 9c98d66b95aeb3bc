package dev.symdex.engine.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * A real git repository (made by JGit in a directory) whose history a test writes commit by
 * commit, with any parents, fixed times and no working-tree files: {@link #commit} records a tree
 * = the parent's files with some written or deleted, {@link #merge} joins branches. Each commit
 * moves {@code refs/heads/main} (HEAD) with a reflog entry. Times are fixed, so the same calls
 * make the same SHAs.
 */
final class HistoryFixture implements AutoCloseable {
  private final Git git;
  private final Repository repo;
  private final Map<ObjectId, Map<String, String>> files = new HashMap<>();
  private long seconds = 1_600_000_000L;

  HistoryFixture(Path dir) throws GitAPIException {
    git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
    repo = git.getRepository();
  }

  /** A commit on {@code parent} (null for a root) writing {@code writes} and deleting {@code deletes}. */
  ObjectId commit(ObjectId parent, Map<String, String> writes, String... deletes) throws IOException {
    Map<String, String> tree = new TreeMap<>(parent == null ? Map.of() : files.get(parent));
    tree.putAll(writes);
    Arrays.asList(deletes).forEach(tree::remove);
    return write(tree, parent == null ? new ObjectId[0] : new ObjectId[] {parent});
  }

  /** A commit on {@code parent} that writes each of {@code paths} (content: the commit's time). */
  ObjectId touch(ObjectId parent, String... paths) throws IOException {
    Map<String, String> writes = new TreeMap<>();
    for (String p : paths) {
      writes.put(p, p + "@" + seconds);
    }
    return commit(parent, writes);
  }

  /** A commit on {@code parent} that moves {@code from} to {@code to}, content unchanged (adds {@code to} when {@code from} is absent). */
  ObjectId move(ObjectId parent, String from, String to) throws IOException {
    return commit(parent, Map.of(to, files.get(parent).getOrDefault(from, from)), from);
  }

  /** A merge commit of {@code parents} (the first is the mainline) whose tree joins theirs, later ones winning. */
  ObjectId merge(ObjectId... parents) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    for (ObjectId p : parents) {
      tree.putAll(files.get(p));
    }
    return write(tree, parents);
  }

  /** The time the next commit gets is {@code s} seconds earlier than it would (an old branch). */
  void rewind(long s) {
    seconds -= s;
  }

  private ObjectId write(Map<String, String> tree, ObjectId[] parents) throws IOException {
    try (ObjectInserter ins = repo.newObjectInserter()) {
      DirCache dc = DirCache.newInCore();
      DirCacheBuilder b = dc.builder();
      for (Map.Entry<String, String> f : tree.entrySet()) {
        DirCacheEntry e = new DirCacheEntry(f.getKey());
        e.setFileMode(FileMode.REGULAR_FILE);
        e.setObjectId(ins.insert(Constants.OBJ_BLOB, f.getValue().getBytes(StandardCharsets.UTF_8)));
        b.add(e);
      }
      b.finish();
      CommitBuilder c = new CommitBuilder();
      c.setTreeId(dc.writeTree(ins));
      c.setParentIds(parents);
      PersonIdent who = new PersonIdent("t", "t@example.com", Instant.ofEpochSecond(seconds), ZoneOffset.UTC);
      seconds += 60;
      c.setAuthor(who);
      c.setCommitter(who);
      c.setMessage("c" + seconds);
      ObjectId id = ins.insert(c);
      ins.flush();
      files.put(id, tree);
      return id;
    }
  }

  /** Points main (HEAD) at {@code commit}, with a reflog entry, as a commit or reset would. */
  void head(ObjectId commit) throws IOException {
    RefUpdate u = repo.updateRef(Constants.HEAD); // through HEAD, as a commit: both reflogs
    u.setNewObjectId(commit);
    u.setRefLogMessage("test", false);
    RefUpdate.Result r = u.forceUpdate();
    if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FORCED && r != RefUpdate.Result.NO_CHANGE
        && r != RefUpdate.Result.FAST_FORWARD) {
      throw new IOException("cannot move main: " + r);
    }
  }

  /** {@link #head} then returns {@code commit}. */
  ObjectId headAt(ObjectId commit) throws IOException {
    head(commit);
    return commit;
  }

  @Override
  public void close() {
    git.close();
  }
}
