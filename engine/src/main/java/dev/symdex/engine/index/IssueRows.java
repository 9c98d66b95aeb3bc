package dev.symdex.engine.index;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.IssueCodec;
import dev.symdex.engine.codec.Keys;
import dev.symdex.engine.model.FileStatus;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.store.WriteTxn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The issues table of one apply: the row of each file whose status is an issue (with why), and
 * name issues, paths never read because they are too long to be a key or their name cannot be
 * represented ({@link FileStatus#BAD_NAME}). Keeps the issue count of {@link IndexMeta} in step
 * with every row it writes or deletes; says which rows were added or dropped so that the caller
 * counts them as changes.
 *
 * <p>Writer-only (one instance per apply, across its checkpoints); not thread-safe.
 */
final class IssueRows {
  private final IndexMeta meta;
  /** Name issues this apply recorded (keys as paths): after a full walk, the others are gone. */
  private final Set<String> nameIssuesSeen = new HashSet<>();

  IssueRows(IndexMeta meta) {
    this.meta = meta;
  }

  /**
   * Keeps the issues row of a file (key {@code key}) as its status goes from {@code before} to
   * {@code after} (null: no file). An unchanged status keeps the detail it has when {@code detail}
   * is empty.
   */
  void update(WriteTxn w, byte[] key, FileStatus before, FileStatus after, String detail) {
    boolean was = before != null && before.isIssue();
    boolean is = after != null && after.isIssue();
    if (is && (after != before || !detail.isEmpty())) {
      w.put(Table.ISSUES, key, IssueCodec.encode(after, detail));
    } else if (!is && was) {
      w.delete(Table.ISSUES, key);
    }
    meta.countIssues((is ? 1 : 0) - (was ? 1 : 0));
  }

  /**
   * Records a path that is never read as a name issue: one too long to be a key ({@link
   * FileStatus#PATH_TOO_LONG}), or whose name cannot be represented. It has no file state.
   * Returns true when the row was written (new, or of another status).
   */
  boolean nameIssue(WriteTxn w, String path, FileStatus status) throws SymdexException.CorruptIndex {
    byte[] key = Keys.issue(path);
    nameIssuesSeen.add(Keys.path(key));
    byte[] old = w.get(Table.ISSUES, key);
    if (old == null || old.length != 1 || old[0] != status.code()) {
      w.put(Table.ISSUES, key, IssueCodec.encode(status, ""));
      if (old == null) {
        meta.countIssues(1);
      }
      return true;
    }
    return false;
  }

  /** Drops the name issue of a path that is gone. Returns true when there was one. */
  boolean dropNameIssue(WriteTxn w, String path) throws SymdexException.CorruptIndex {
    byte[] key = Keys.issue(path);
    byte[] old = w.get(Table.ISSUES, key);
    if (old != null && isNameIssue(old) && w.delete(Table.ISSUES, key)) {
      meta.countIssues(-1);
      return true;
    }
    return false;
  }

  /** Drops the issues row of a path too long to be a key, which is gone. Returns true when there was one. */
  boolean dropTooLong(WriteTxn w, String path) {
    if (w.delete(Table.ISSUES, Keys.issue(path))) {
      meta.countIssues(-1);
      return true;
    }
    return false;
  }

  /** After a full walk: drops the name issues of paths no longer there. Returns how many. */
  int dropVanishedNameIssues(WriteTxn w) throws SymdexException.CorruptIndex {
    List<byte[]> gone = new ArrayList<>();
    w.scan(Table.ISSUES, new byte[0], (k, v) -> {
      if (isNameIssue(v) && !nameIssuesSeen.contains(Keys.path(k))) {
        gone.add(k);
      }
      return true;
    });
    for (byte[] k : gone) {
      w.delete(Table.ISSUES, k);
      meta.countIssues(-1);
    }
    return gone.size();
  }

  /** A name issue is its status code alone (it never has a detail). */
  private static boolean isNameIssue(byte[] v) {
    return v.length == 1 && (v[0] == FileStatus.PATH_TOO_LONG.code() || v[0] == FileStatus.BAD_NAME.code());
  }
}
