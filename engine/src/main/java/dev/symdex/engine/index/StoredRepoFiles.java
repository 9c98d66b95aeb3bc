package dev.symdex.engine.index;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.Keys;
import dev.symdex.engine.resolve.RepoFiles;
import dev.symdex.engine.store.ReadTxn;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.store.UncheckedCorruptIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The files of an index as one transaction sees them, for import resolution: existence from
 * {@code files}, a directory's files by a range scan that skips sub-directories, files and
 * directories by name from {@code names} and {@code dirnames}. Reads cost O(log n) each; nothing
 * is held in memory, so a snapshot (or the writer's own transaction, changes included) resolves
 * over exactly what it sees. Used from the transaction's thread only. A damaged value is thrown as
 * {@link UncheckedCorruptIndex} (this interface throws nothing checked).
 */
final class StoredRepoFiles implements RepoFiles {
  private final ReadTxn txn;

  StoredRepoFiles(ReadTxn txn) {
    this.txn = txn;
  }

  @Override
  public boolean exists(String path) {
    Optional<byte[]> k = Keys.path(path);
    return k.isPresent() && UncheckedCorruptIndex.unchecked(() -> txn.get(Table.FILES, k.get())) != null;
  }

  @Override
  public boolean isDirectory(String dir) {
    if (dir.isEmpty()) {
      return true;
    }
    byte[] prefix = (dir + "/").getBytes(StandardCharsets.UTF_8);
    boolean[] found = {false};
    scan(Table.FILES, prefix, (k, v) -> {
      found[0] = startsWith(k, prefix);
      return false;
    });
    return found[0];
  }

  @Override
  public List<String> filesIn(String dir) {
    byte[] prefix = dir.isEmpty() ? new byte[0] : (dir + "/").getBytes(StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    byte[][] from = {prefix};
    while (from[0] != null) {
      byte[] start = from[0];
      from[0] = null;
      scan(Table.FILES, start, (k, v) -> {
        if (!startsWith(k, prefix)) {
          return false;
        }
        int slash = indexOf(k, (byte) '/', prefix.length);
        if (slash < 0) {
          out.add(Keys.path(k));
          return true;
        }
        // A sub-directory: jump past everything below it ('/' + 1 == '0').
        byte[] next = Arrays.copyOf(k, slash + 1);
        next[slash] = (byte) ('/' + 1);
        from[0] = next;
        return false;
      });
    }
    out.sort(null); // String order, as every RepoFiles answers
    return out;
  }

  @Override
  public List<String> withSuffix(String suffix) {
    List<String> out = new ArrayList<>();
    for (String p : named(Table.NAMES, RepoFiles.name(suffix))) {
      if (p.equals(suffix) || p.endsWith("/" + suffix)) {
        out.add(p);
      }
    }
    return out;
  }

  @Override
  public List<String> dirsWithSuffix(String suffix) {
    List<String> out = new ArrayList<>();
    for (String d : named(Table.DIR_NAMES, RepoFiles.name(suffix))) {
      if (d.equals(suffix) || d.endsWith("/" + suffix)) {
        out.add(d);
      }
    }
    return out;
  }

  /** Every path of {@code table} (names or dirnames) named {@code name}, sorted. */
  private List<String> named(Table table, String name) {
    byte[] prefix = Keys.namePrefix(name);
    List<String> out = new ArrayList<>();
    scan(table, prefix, (k, v) -> {
      if (!startsWith(k, prefix)) {
        return false;
      }
      out.add(Keys.path(v));
      return true;
    });
    out.sort(null);
    return out;
  }

  private static boolean startsWith(byte[] k, byte[] prefix) {
    return k.length >= prefix.length && Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static int indexOf(byte[] k, byte b, int from) {
    for (int i = from; i < k.length; i++) {
      if (k[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private void scan(Table table, byte[] from, BiPredicate<byte[], byte[]> visitor) {
    try {
      txn.scan(table, from, visitor);
    } catch (SymdexException.CorruptIndex e) {
      throw new UncheckedCorruptIndex(e);
    }
  }
}
