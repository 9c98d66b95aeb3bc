package dev.symdex.engine.index;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FileStateCodec;
import dev.symdex.engine.codec.Keys;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.scan.ScannedFile;
import dev.symdex.engine.scan.SourceTree;
import dev.symdex.engine.store.ReadTxn;
import dev.symdex.engine.store.Table;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which paths one apply looks at, and which of them changed. {@link #of} reads the disk, before
 * any transaction: the files a change set names (each stat'ed once; a directory is walked) or the
 * whole tree, the paths it names that are gone, what a walk could not list, and names that cannot
 * be represented. Then, in the write transaction, {@link #gone} lists the stored files no longer
 * on disk, and {@link #lookUp} pairs a file with its stored state, whose stat comparison ({@link
 * Candidate#unchanged}) decides whether the file is read.
 *
 * <p>Made and used by the writer's thread for one apply; not thread-safe.
 */
final class CandidateScan {
  /**
   * A path to remove from the index, as stored.
   *
   * @param key its files-table key, or null for a path too long to be one (it can only have a
   *     name issue)
   * @param stored its stored state; null exactly when {@code key} is
   */
  record Gone(String path, byte[] key, FileState stored) {}

  private final boolean all;
  private final Map<String, ScannedFile> files = new LinkedHashMap<>();
  private final Set<String> removed = new HashSet<>();
  private final Set<String> removedPrefixes = new HashSet<>();
  /** Directories (and files) a walk could not list for a passing reason: what is below them stays as indexed. */
  private final List<ApplyResult.Deferred> deferred = new ArrayList<>();
  /** Files and directories found with names that cannot be represented: reported, never opened. */
  private final Set<String> badNames = new HashSet<>();
  /** Such names an event named that no longer exist. */
  private final Set<String> badNamesGone = new HashSet<>();

  private CandidateScan(boolean all) {
    this.all = all;
  }

  /** Finds on disk what {@code changes} names (everything below the root for a full reconcile). */
  static CandidateScan of(SourceTree tree, ChangeSet changes) throws SymdexException.StorageFailure {
    CandidateScan c = new CandidateScan(changes.all());
    try {
      if (changes.all()) {
        for (ScannedFile f : tree.walk("", c::walkFailed, c.badNames::add)) {
          c.files.put(f.path(), f);
        }
        return c;
      }
      for (String p : changes.paths()) {
        c.look(tree, p);
      }
      return c;
    } catch (IOException e) {
      throw new SymdexException.StorageFailure("cannot read the tree: " + e.getMessage(), e);
    }
  }

  private void look(SourceTree tree, String p) throws IOException {
    if (SourceTree.isLossy(p)) {
      // An event names a file by a string that may not open it: find what it stands for by
      // listing its directory, never by opening the lossy name.
      tree.badNameAt(p).ifPresentOrElse(badNames::add, () -> badNamesGone.add(p));
      return;
    }
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(tree.resolve(p), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      removed.add(p);
      removedPrefixes.add(p + "/");
      return;
    }
    if (attrs.isDirectory()) {
      // A new, renamed or re-included directory: index what is below (the walk lists nothing of
      // a directory that is ignored), drop what is no longer there.
      for (ScannedFile f : tree.walk(p, this::walkFailed, badNames::add)) {
        files.put(f.path(), f);
      }
      removedPrefixes.add(p + "/");
      return;
    }
    tree.file(p, attrs).ifPresentOrElse(f -> files.put(p, f), () -> removed.add(p));
  }

  /** Records a walk's failure to list {@code path}: passing ones are deferred; permission denied is what it is. */
  void walkFailed(String path, IOException e) {
    if (!(e instanceof AccessDeniedException)) {
      String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
      deferred.add(new ApplyResult.Deferred(path, reason, FileIngest.isExhaustion(reason)));
    }
  }

  /** True when {@code path} lies in (or is) a directory a walk could not list: its absence proves nothing. */
  private boolean unlisted(String path) {
    for (ApplyResult.Deferred d : deferred) {
      if (d.path().isEmpty() || path.equals(d.path()) || path.startsWith(d.path() + "/")) { // "": the root
        return true;
      }
    }
    return false;
  }

  /** The files found, each once, in the order found. */
  Collection<ScannedFile> files() {
    return files.values();
  }

  /**
   * The stored files to remove, read in {@code r}, each once: for a full reconcile every stored
   * file not found; otherwise the named paths that are gone and the stored files below a named
   * directory that no longer holds them. Paths below what a walk could not list are kept.
   */
  List<Gone> gone(ReadTxn r) throws SymdexException.CorruptIndex {
    Map<String, Gone> out = new LinkedHashMap<>();
    if (all) {
      goneBelow(r, "", out);
      return List.copyOf(out.values());
    }
    for (String p : removed) {
      if (unlisted(p)) {
        continue;
      }
      Optional<byte[]> key = Keys.path(p);
      if (key.isEmpty()) {
        out.put(p, new Gone(p, null, null));
        continue;
      }
      byte[] v = r.get(Table.FILES, key.get());
      if (v != null) {
        out.put(p, new Gone(p, key.get(), FileStateCodec.decode(v)));
      }
    }
    for (String prefix : removedPrefixes) {
      goneBelow(r, prefix, out);
    }
    return List.copyOf(out.values());
  }

  /** Adds to {@code out} the stored files whose path starts with {@code prefix} that are not found. */
  private void goneBelow(ReadTxn r, String prefix, Map<String, Gone> out) throws SymdexException.CorruptIndex {
    List<String> paths = new ArrayList<>();
    List<byte[]> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    r.scan(Table.FILES, Keys.path(prefix).orElse(new byte[0]), (k, v) -> {
      String p = Keys.path(k);
      if (!p.startsWith(prefix)) {
        return false;
      }
      if (!files.containsKey(p) && !unlisted(p) && !out.containsKey(p)) {
        paths.add(p);
        keys.add(k);
        values.add(v);
      }
      return true;
    });
    for (int i = 0; i < paths.size(); i++) {
      out.put(paths.get(i), new Gone(paths.get(i), keys.get(i), FileStateCodec.decode(values.get(i))));
    }
  }

  /**
   * {@code f} with its key and its stored state as of {@code r} (which may be a later
   * transaction of the same apply); null when its path is too long to be a key (it is never read).
   */
  Candidate lookUp(ReadTxn r, ScannedFile f) throws SymdexException.CorruptIndex {
    Optional<byte[]> key = Keys.path(f.path());
    if (key.isEmpty()) {
      return null;
    }
    byte[] v = r.get(Table.FILES, key.get());
    return new Candidate(f, key.get(), v == null ? null : FileStateCodec.decode(v));
  }

  /** Names found that cannot be represented. */
  Set<String> badNames() {
    return badNames;
  }

  /** Such names an event named that no longer exist. */
  Set<String> badNamesGone() {
    return badNamesGone;
  }

  /** What walks could not list, to apply again later. */
  List<ApplyResult.Deferred> deferred() {
    return deferred;
  }
}
