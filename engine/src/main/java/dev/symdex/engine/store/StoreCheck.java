package dev.symdex.engine.store;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.CleanMarker;
import dev.symdex.engine.codec.Format;
import dev.symdex.engine.codec.MetaCodec;
import dev.symdex.engine.codec.ValueSeal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.CopyFlags;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.GetOp;
import org.lmdbjava.LmdbException;
import org.lmdbjava.LmdbNativeException;
import org.lmdbjava.Txn;

/**
 * Decides whether an LMDB store may be opened in this process, where a damaged page would crash
 * the JVM inside LMDB (SIGSEGV) or fault on a truncated map (SIGBUS).
 *
 * <ul>
 *   <li>Always: the meta pages, read with plain file reads ({@link LmdbHeader}): a meta page that
 *       is not one, or a file shorter than its meta says (truncated), fails.
 *   <li>When the store was not closed cleanly, or was changed after (no {@code clean} marker, or
 *       one that no longer matches data.mdb's size, times, inode, transaction and the checksum of
 *       its meta pages): a full walk of
 *       every table in a child JVM ({@link #main}): every value's seal, every table's entry count,
 *       and a compacting copy (which walks every page of every tree and the free list). A crash
 *       there (a signal) kills only the child, and fails the check.
 * </ul>
 *
 * The marker is written by {@link #markClean} after an orderly close and removed by {@link
 * #clearClean} before the store is opened for writing. Thread-safe (stateless).
 */
public final class StoreCheck {
  static {
    LmdbNative.install(); // before lmdbjava's classes initialise
  }

  static final String DATA_FILE = "data.mdb";
  static final String MARKER_FILE = "clean";
  /** Exit code of a walk that found damage (its reason on standard output). */
  static final int EXIT_DAMAGED = 3;
  /** Exit code of a walk that found a format older than seals (rebuilt, not damaged). */
  static final int EXIT_STALE = 4;

  private StoreCheck() {}

  /**
   * What {@link #verify} found.
   *
   * @param ok the store may be opened (or there is none yet)
   * @param why what was wrong (empty when ok)
   * @param walked whether it was walked in full (not closed cleanly)
   * @param millis how long the check took
   * @param stale not damaged but written in a format older than value seals (to rebuild, not to keep)
   */
  public record Verdict(boolean ok, String why, boolean walked, long millis, boolean stale) {
    Verdict(boolean ok, String why, boolean walked, long millis) {
      this(ok, why, walked, millis, false);
    }
  }

  /** Checks the store in {@code dir} before it is opened; see the class comment. Never throws. */
  public static Verdict verify(Path dir) {
    long start = System.nanoTime();
    Path data = dir.resolve(DATA_FILE);
    if (!Files.exists(data)) {
      return new Verdict(true, "", false, 0);
    }
    LmdbHeader header;
    try {
      header = LmdbHeader.read(data);
    } catch (SymdexException.CorruptIndex e) {
      return new Verdict(false, e.getMessage(), false, millisSince(start));
    }
    if (markerMatches(dir, header)) {
      return new Verdict(true, "", false, millisSince(start));
    }
    String damage = walkInChild(dir, header);
    boolean stale = damage.startsWith(STALE);
    return new Verdict(damage.isEmpty(), damage, true, millisSince(start), stale);
  }

  /**
   * Records that the store in {@code dir} was closed in order, as data.mdb is now. Call after the
   * environment is closed. A failure leaves no marker (the next open verifies in full).
   */
  public static void markClean(Path dir) {
    Path data = dir.resolve(DATA_FILE);
    Path tmp = dir.resolve(MARKER_FILE + ".tmp");
    try {
      CleanMarker m = describe(data, LmdbHeader.read(data));
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))); // 0600 from the start
      Files.write(tmp, m.encode(), StandardOpenOption.WRITE, StandardOpenOption.SYNC);
      Files.move(tmp, dir.resolve(MARKER_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | SymdexException.CorruptIndex | UnsupportedOperationException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // nothing left to do: without a marker the next open verifies
      }
    }
  }

  /**
   * True when the store in {@code dir} was closed in order and not changed since (its marker
   * matches data.mdb as it is): it may be opened to read ({@link LmdbStore#openReadOnly}) without
   * a walk. Never throws.
   */
  public static boolean closedCleanly(Path dir) {
    try {
      return markerMatches(dir, LmdbHeader.read(dir.resolve(DATA_FILE)));
    } catch (SymdexException.CorruptIndex e) {
      return false;
    }
  }

  /** Removes the marker: the store is about to change. */
  public static void clearClean(Path dir) throws SymdexException.StorageFailure {
    try {
      Files.deleteIfExists(dir.resolve(MARKER_FILE));
    } catch (IOException e) {
      throw new SymdexException.StorageFailure("cannot remove " + dir.resolve(MARKER_FILE) + ": " + e.getMessage(), e);
    }
  }

  private static boolean markerMatches(Path dir, LmdbHeader header) {
    try {
      CleanMarker m = CleanMarker.decode(Files.readAllBytes(dir.resolve(MARKER_FILE)));
      return m.equals(describe(dir.resolve(DATA_FILE), header));
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException | SymdexException.CorruptIndex | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  /** data.mdb as it is now: size, times, file key, current transaction and its meta pages' checksum. */
  static CleanMarker describe(Path data, LmdbHeader header) throws IOException {
    var a = Files.readAttributes(data, "unix:size,lastModifiedTime,ctime,ino,dev");
    long key = ((Number) a.get("ino")).longValue() * 31 + ((Number) a.get("dev")).longValue();
    return new CleanMarker(((Number) a.get("size")).longValue(), nanos((FileTime) a.get("lastModifiedTime")),
        nanos((FileTime) a.get("ctime")), key, header.txnId(), header.metaCrc());
  }

  private static long nanos(FileTime t) {
    return t.to(TimeUnit.NANOSECONDS);
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  // ---- the walk, in a child JVM

  /** Runs {@link #main} on {@code dir} in a child JVM; returns why the store is damaged, or "" when it is sound. */
  static String walkInChild(Path dir, LmdbHeader header) {
    long timeoutSeconds = 60 + 60 * (header.requiredBytes() >> 30);
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>(List.of(javaBin.toString(),
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx512m", "-XX:-CreateCoredumpOnCrash", "-XX:ErrorFile=/dev/null",
        "-cp", System.getProperty("java.class.path"), StoreCheck.class.getName(), dir.toAbsolutePath().toString()));
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return "cannot start the store check (" + e.getMessage() + ")";
    }
    try (InputStream out = p.getInputStream()) {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        return "the store check did not finish within " + timeoutSeconds + " s";
      }
      String said = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
      int code = p.exitValue();
      if (code == 0) {
        return "";
      }
      if (code == EXIT_DAMAGED) {
        return said.isEmpty() ? "damaged" : said;
      }
      if (code == EXIT_STALE) {
        return STALE + said;
      }
      return "the store check crashed (exit " + code + (code > 128 ? ", signal " + (code - 128) : "") + ")";
    } catch (IOException e) {
      return "the store check failed: " + e.getMessage();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return "the store check was interrupted";
    } finally {
      removeLeftoverCopies(dir);
    }
  }

  /** Removes the copies a check that crashed left next to {@code dir}. */
  private static void removeLeftoverCopies(Path dir) {
    String prefix = dir.getFileName() + ".check-";
    try (Stream<Path> siblings = Files.list(dir.toAbsolutePath().getParent())) {
      for (Path c : siblings.filter(x -> x.getFileName().toString().startsWith(prefix)).toList()) {
        try (Stream<Path> s = Files.walk(c)) {
          for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(x);
          }
        }
      }
    } catch (IOException e) {
      // a leftover copy costs disk, nothing else
    }
  }

  /**
   * The child: walks the store in {@code args[0]} read-only, then exits 0 (sound) or {@value
   * #EXIT_DAMAGED} (damaged, why on standard output). A signal ends it otherwise.
   */
  public static void main(String[] args) {
    String damage;
    try {
      damage = walk(Path.of(args[0]));
    } catch (Throwable t) { // anything at all, InternalError of a faulting copy included, means damage
      damage = "the store check failed: " + t;
    }
    System.out.println(damage.isEmpty() ? "ok" : damage.startsWith(STALE) ? damage.substring(STALE.length()) : damage);
    System.out.flush();
    System.exit(damage.isEmpty() ? 0 : damage.startsWith(STALE) ? EXIT_STALE : EXIT_DAMAGED);
  }

  /** Prefix of a walk's answer that found an old format, not damage. */
  private static final String STALE = "stale: ";

  /** "format N" when the store's format record is unsealed (written before seals), else null. */
  private static String formatBeforeSeals(Env<byte[]> env) {
    Dbi<byte[]> meta = env.openDbi(Table.META.dbName());
    try (Txn<byte[]> txn = env.txnRead()) {
      byte[] v = meta.get(txn, MetaCodec.KEY_FORMAT);
      if (v == null || v.length != 8) {
        return null;
      }
      int version = MetaCodec.formatVersion(v);
      return version < Format.VERSION_MIN_READ ? "index format " + version + " is older than " + Format.VERSION_MIN_READ : null;
    } catch (SymdexException.CorruptIndex | LmdbException e) {
      return null; // not an unsealed format record (or no meta table): the walk judges it
    }
  }

  /** Every value's seal and every table's count; then a compacting copy. Returns why it is damaged, or "". */
  static String walk(Path dir) throws IOException {
    try (Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA)
        .setMapSize(LmdbStore.MAP_SIZE)
        .setMaxDbs(Table.values().length + 2)
        .open(dir.toFile(), EnvFlags.MDB_RDONLY_ENV, EnvFlags.MDB_NOLOCK, EnvFlags.MDB_NOTLS, EnvFlags.MDB_NORDAHEAD)) {
      List<byte[]> names = env.getDbiNames();
      String old = formatBeforeSeals(env);
      if (old != null) {
        return STALE + old;
      }
      for (Table t : Table.values()) {
        if (names.stream().noneMatch(n -> new String(n, StandardCharsets.UTF_8).equals(t.dbName()))) {
          continue; // not created yet (an older format): nothing to walk
        }
        Dbi<byte[]> dbi = t.isPostings()
            ? env.openDbi(t.dbName(), DbiFlags.MDB_DUPSORT, DbiFlags.MDB_DUPFIXED) : env.openDbi(t.dbName());
        try (Txn<byte[]> txn = env.txnRead(); Cursor<byte[]> c = dbi.openCursor(txn); Cursor<byte[]> seek = dbi.openCursor(txn)) {
          long entries = 0;
          byte[] prevKey = null;
          byte[] prevValue = null;
          for (boolean ok = c.first(); ok; ok = c.next()) {
            byte[] k = c.key();
            byte[] v = c.val();
            if (!ValueSeal.verify(k, v)) {
              return t.dbName() + ": checksum mismatch at entry " + entries;
            }
            int order = prevKey == null ? -1 : Arrays.compareUnsigned(prevKey, k);
            if (order > 0 || (order == 0 && (!t.isPostings() || Arrays.compareUnsigned(prevValue, v) >= 0))) {
              return t.dbName() + ": entry " + entries + " is out of order";
            }
            // The walk follows page links; a lookup follows the branch keys: each key must be found by both.
            if (order != 0 && !(seek.get(k, GetOp.MDB_SET_KEY) && Arrays.equals(seek.val(), v))) {
              return t.dbName() + ": entry " + entries + " is not found by its key";
            }
            prevKey = k;
            prevValue = v;
            entries++;
          }
          long expected = dbi.stat(txn).entries;
          if (entries != expected) {
            return t.dbName() + ": " + entries + " entries walked, " + expected + " recorded";
          }
        }
      }
      return copyCompact(env, dir);
    }
  }

  /**
   * A compacting copy of the store next to {@code dir}, deleted at once: it reads every page of
   * every tree, and the free list. Returns "" when it is made; a copy for which the disk has no
   * room (ENOSPC, EDQUOT) proves nothing either way, and also returns "": every value was walked
   * and sound, and a full disk must not make a sound index look damaged (it would be moved aside
   * and rebuilt on a disk that cannot hold the new one either).
   */
  private static String copyCompact(Env<byte[]> env, Path dir) throws IOException {
    Path copy;
    try {
      copy = Files.createTempDirectory(dir.toAbsolutePath().getParent(), dir.getFileName() + ".check-");
    } catch (FileSystemException e) {
      if (noRoom(e.getReason())) {
        return "";
      }
      throw e;
    }
    try {
      env.copy(copy.toFile(), CopyFlags.MDB_CP_COMPACT);
      return "";
    } catch (LmdbNativeException e) {
      if (e.getResultCode() == ENOSPC || e.getResultCode() == EDQUOT) {
        return "";
      }
      throw e;
    } finally {
      try (Stream<Path> s = Files.walk(copy)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** errno of a full file system, and of an exceeded disk quota. */
  private static final int ENOSPC = 28;
  private static final int EDQUOT = 122;

  private static boolean noRoom(String reason) {
    return reason != null && (reason.contains("No space left") || reason.contains("quota exceeded"));
  }
}
