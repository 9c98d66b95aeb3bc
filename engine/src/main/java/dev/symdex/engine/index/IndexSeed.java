package dev.symdex.engine.index;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.Format;
import dev.symdex.engine.codec.MetaCodec;
import dev.symdex.engine.git.GitHead;
import dev.symdex.engine.store.LmdbHeader;
import dev.symdex.engine.store.LmdbStore;
import dev.symdex.engine.store.ReadTxn;
import dev.symdex.engine.store.StoreCheck;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.store.WriteTxn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Zero-parse starts: a new root's index begins as a copy of another index whose content it shares
 * (a second clone or worktree of a tree indexed before, or a snapshot file), and the ordinary warm
 * reconcile does the rest. Facts are keyed by content and every path is relative to the root, so
 * the only record tied to the old root is the {@code root} meta record, which {@link #plant}
 * rewrites. Every file's stat differs from the copy's (another inode), so each is read and hashed
 * once: equal content keeps its facts and postings (nothing parsed), other content is parsed,
 * files the copy has and the tree lacks are removed.
 *
 * <p>A sibling is recognised by git identity ({@link #pick}): the new tree's repository holds one
 * of the HEADs the candidate index was built at. A tree outside git is never seeded.
 *
 * <p>Stateless; thread-safe. Copies go to a temporary directory next to the index directory and
 * are renamed into place whole: a failure leaves no half-written index.
 */
public final class IndexSeed {
  private IndexSeed() {}

  /**
   * An index that could seed another.
   *
   * @param indexDir where it lives
   * @param root the root it was built for (absolute path)
   * @param heads the git HEADs it was built at (its last one and the retained ones)
   * @param files files it holds
   * @param reconciled whether a full reconcile of its tree was committed
   */
  public record Source(Path indexDir, String root, Set<String> heads, long files, boolean reconciled) {
    public Source {
      heads = Set.copyOf(heads);
    }
  }

  /**
   * What the index read in {@code r} offers as a seed; empty when it cannot seed an index built
   * with {@code options} (no format record, another format, other options).
   */
  static Optional<Source> describe(Path indexDir, ReadTxn r, EngineOptions options) throws SymdexException.CorruptIndex {
    byte[] format = r.get(Table.META, MetaCodec.KEY_FORMAT);
    byte[] opts = r.get(Table.META, MetaCodec.KEY_OPTIONS);
    if (format == null || MetaCodec.formatVersion(format) != Format.VERSION_CURRENT || opts == null
        || MetaCodec.u64(opts, "options") != options.outputHash()) {
      return Optional.empty();
    }
    byte[] root = r.get(Table.META, MetaCodec.KEY_ROOT);
    Set<String> heads = new HashSet<>();
    byte[] head = r.get(Table.META, MetaCodec.KEY_HEAD);
    if (head != null && head.length > 0) {
      heads.add(MetaCodec.string(head));
    }
    r.keys(Table.HEADS, new byte[0], k -> {
      heads.add(new String(k, StandardCharsets.US_ASCII));
      return true;
    });
    byte[] counts = r.get(Table.META, MetaCodec.KEY_COUNTS);
    long files = counts == null ? 0 : MetaCodec.counts(counts).files();
    return Optional.of(new Source(indexDir, root == null ? "" : MetaCodec.string(root), heads, files,
        r.get(Table.META, MetaCodec.KEY_RECONCILED) != null));
  }

  /**
   * What the index in {@code indexDir}, closed (no process has it open; the caller holds the data
   * dir's lock), offers as a seed. Empty when it was not closed in order (it is never opened then:
   * only a checked store is), or cannot seed an index built with {@code options}.
   */
  public static Optional<Source> describeClosed(Path indexDir, EngineOptions options) {
    if (!StoreCheck.closedCleanly(indexDir)) {
      return Optional.empty();
    }
    try (LmdbStore store = LmdbStore.openReadOnly(indexDir); ReadTxn r = store.read()) {
      return describe(indexDir, r, options);
    } catch (SymdexException e) {
      return Optional.empty();
    }
  }

  /**
   * The best seed for {@code root} among {@code candidates}: one built at the tree's own HEAD
   * first, then one built at a commit the tree's repository holds; among equals the one that was
   * reconciled, then the one with most files. Empty when {@code root} is not the top of a git
   * working tree, or no candidate shares its history. Candidates for {@code root} itself are skipped.
   */
  public static Optional<Source> pick(Path root, Collection<Source> candidates) {
    Optional<GitHead> git = GitHead.open(root);
    if (git.isEmpty()) {
      return Optional.empty();
    }
    try (GitHead g = git.get()) {
      String head = g.resolve();
      String self = root.toAbsolutePath().normalize().toString();
      Source best = null;
      int bestScore = 0;
      for (Source s : candidates) {
        if (s.root().equals(self)) {
          continue;
        }
        int score = !head.isEmpty() && s.heads().contains(head) ? 2 : s.heads().stream().anyMatch(g::hasCommit) ? 1 : 0;
        if (score > 0 && (best == null || score > bestScore || score == bestScore && better(s, best))) {
          best = s;
          bestScore = score;
        }
      }
      return Optional.ofNullable(best);
    }
  }

  private static boolean better(Source a, Source b) {
    return a.reconciled() != b.reconciled() ? a.reconciled() : a.files() > b.files();
  }

  /**
   * A new, empty directory (mode 0700) next to {@code indexDir} to copy a seed into: on the same
   * file system, so that {@link #plant} can rename it into place. Its name starts with {@code .seed-}.
   */
  public static Path tempDirFor(Path indexDir) throws SymdexException.StorageFailure {
    try {
      Files.createDirectories(indexDir.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      return Files.createTempDirectory(indexDir.getParent(), TEMP_PREFIX + indexDir.getFileName() + "-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new SymdexException.StorageFailure("cannot make a directory next to " + indexDir + ": " + e.getMessage(), e);
    }
  }

  /** Name prefix of the directories {@link #tempDirFor} makes (left over only by a killed process). */
  public static final String TEMP_PREFIX = ".seed-";

  /**
   * Copies the closed index in {@code indexDir} (see {@link #describeClosed}: no process has it
   * open, so its file is consistent as it is) into {@code emptyDir}: its data.mdb, copied as a
   * file (0600). A plain copy, not LMDB's compacting one: the kernel copies through the page
   * cache, where the first reconcile then finds the pages (LMDB writes its copies with O_DIRECT,
   * which leaves them to be read back from the disk page by page).
   */
  public static void copyClosed(Path indexDir, Path emptyDir) throws SymdexException.StorageFailure {
    Path to = emptyDir.resolve("data.mdb");
    try {
      Files.copy(indexDir.resolve("data.mdb"), to);
      Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new SymdexException.StorageFailure("cannot copy the index at " + indexDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Makes the index copied into {@code seedDir} the index of {@code root} at {@code indexDir}: checks
   * that it is an index of this format built with {@code options}, rewrites its {@code root} record,
   * closes it in order (so the next open need not walk it) and renames the directory into place.
   * {@code seedDir} is deleted on failure; {@code indexDir} is then left as it was.
   *
   * @throws SymdexException.InvalidQuery when the copy is not an index this build can use as it is
   *     (another format, other options), or {@code indexDir} holds an index already
   * @throws SymdexException.CorruptIndex when the copy's LMDB meta pages are damaged or it is cut short
   * @throws SymdexException.StorageFailure when it cannot be written or moved
   */
  public static void plant(Path seedDir, Path root, EngineOptions options, Path indexDir) throws SymdexException {
    boolean planted = false;
    try {
      LmdbHeader.read(seedDir.resolve("data.mdb")); // meta pages and length agree before LMDB maps it
      try (LmdbStore store = LmdbStore.open(seedDir)) {
        try (WriteTxn w = store.write()) {
          checkUsable(w, options);
          w.put(Table.META, MetaCodec.KEY_ROOT, MetaCodec.string(root.toAbsolutePath().normalize().toString()));
          w.commit();
        }
      }
      StoreCheck.markClean(seedDir);
      if (Files.exists(indexDir.resolve("data.mdb"))) {
        throw new SymdexException.InvalidQuery(indexDir + " holds an index already");
      }
      deleteTree(indexDir); // an empty leftover (a lock file at most)
      Files.move(seedDir, indexDir, StandardCopyOption.ATOMIC_MOVE);
      planted = true;
    } catch (IOException e) {
      throw new SymdexException.StorageFailure("cannot move the seeded index into " + indexDir + ": " + e.getMessage(), e);
    } finally {
      if (!planted) {
        deleteQuietly(seedDir);
      }
    }
  }

  private static void checkUsable(ReadTxn r, EngineOptions options) throws SymdexException {
    byte[] format = r.get(Table.META, MetaCodec.KEY_FORMAT);
    if (format == null) {
      throw new SymdexException.InvalidQuery("the copy holds no symdex index (no format record)");
    }
    int version = MetaCodec.formatVersion(format);
    if (version != Format.VERSION_CURRENT) {
      throw new SymdexException.InvalidQuery("the copy is an index of format " + version + ", this build reads format "
          + Format.VERSION_CURRENT + (version > Format.VERSION_CURRENT ? " (it is newer: upgrade symdex)" : ""));
    }
    byte[] opts = r.get(Table.META, MetaCodec.KEY_OPTIONS);
    if (opts == null || MetaCodec.u64(opts, "options") != options.outputHash()) {
      throw new SymdexException.InvalidQuery("the copy was built with other indexing options (e.g. --max-file-bytes)");
    }
  }

  /** Deletes {@code dir} and what is below it; quiet when it is absent. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** {@link #deleteTree}, ignoring failures (a leftover costs disk, nothing else). */
  public static void deleteQuietly(Path dir) {
    try {
      deleteTree(dir);
    } catch (IOException e) {
      // left over
    }
  }
}
