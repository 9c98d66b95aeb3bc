package dev.symdex.engine.index;

import static dev.symdex.engine.store.UncheckedCorruptIndex.unchecked;

import dev.symdex.engine.codec.FileStateCodec;
import dev.symdex.engine.codec.Keys;
import dev.symdex.engine.resolve.ImportResolver;
import dev.symdex.engine.store.ReadTxn;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.store.UncheckedCorruptIndex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The definitions of an index by name as one transaction sees them, for import resolution: the
 * {@code defs} postings (name → file ids). Whether one file defines a name is one lookup of that
 * posting, O(log n), however many files define it; the files of one file name that define a name
 * are found from the {@code names} table (files by name), a lookup each, and kept: make one per
 * pass over a transaction that does not change {@code defs} or {@code names} meanwhile. Used from
 * the transaction's thread only. A damaged value is thrown as {@link UncheckedCorruptIndex} (this
 * interface throws nothing checked).
 */
final class StoredDefinitions implements ImportResolver.Definitions {
  private final ReadTxn txn;
  /** Answers of {@link #filesNamedDefining} so far: many files of a package ask the same. */
  private final Map<String, List<String>> named = new HashMap<>();

  StoredDefinitions(ReadTxn txn) {
    this.txn = txn;
  }

  @Override
  public List<String> filesDefining(String name) {
    Optional<byte[]> key = Keys.name(name);
    if (key.isEmpty()) {
      return List.of();
    }
    List<String> paths = new ArrayList<>();
    for (byte[] id : unchecked(() -> txn.postingsOf(Table.DEFS, key.get()))) {
      byte[] p = unchecked(() -> txn.get(Table.FILE_IDS, id));
      if (p != null) {
        paths.add(Keys.path(p));
      }
    }
    Collections.sort(paths);
    return paths;
  }

  @Override
  public List<String> filesNamedDefining(String fileName, String name) {
    return named.computeIfAbsent(fileName + '\0' + name, k -> {
      List<String> out = new ArrayList<>();
      for (String p : new StoredRepoFiles(txn).withSuffix(fileName)) { // the files of that name, from names
        if (defines(p, name)) {
          out.add(p);
        }
      }
      out.sort(null);
      return List.copyOf(out);
    });
  }

  @Override
  public boolean defines(String path, String name) {
    Optional<byte[]> key = Keys.name(name);
    Optional<byte[]> pathKey = Keys.path(path);
    byte[] state = pathKey.isEmpty() ? null : unchecked(() -> txn.get(Table.FILES, pathKey.get()));
    if (key.isEmpty() || state == null) {
      return false;
    }
    return unchecked(() -> txn.contains(Table.DEFS, key.get(), Keys.fileId(FileStateCodec.fileIdOf(state))));
  }
}
