package dev.symdex.engine.index;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.Format;
import dev.symdex.engine.codec.MetaCodec;
import dev.symdex.engine.store.LmdbStore;
import dev.symdex.engine.store.ReadTxn;
import dev.symdex.engine.store.Store;
import dev.symdex.engine.store.StoreCheck;
import dev.symdex.engine.store.StoreFullException;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.store.WriteTxn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Opens the index directory of one root: checks the store before trusting it ({@link StoreCheck}),
 * classifies what it holds ({@link DataDirState}) and acts on the class — uses, upgrades or
 * creates it, or moves it aside (deletes a stale one) and starts a new one. Used once per open.
 */
final class IndexOpener {
  /** The open store, what was found, and why (for the log; may be empty). */
  record Opened(Store store, OpenState state, String detail) {}

  /** What a store holds: its class, the format version read (0: none), and why, for the log. */
  record Found(DataDirState state, int version, String why) {}

  private final Path root;
  private final Path indexDir;
  private final EngineOptions options;
  private final DiskAccess disk;

  /** @param root absolute and normalized */
  IndexOpener(Path root, Path indexDir, EngineOptions options, DiskAccess disk) {
    this.root = root;
    this.indexDir = indexDir;
    this.options = options;
    this.disk = disk;
  }

  /**
   * Opens the index, creating it when absent. A store that fails its checks, cannot be read or
   * belongs to another root is moved aside to {@code indexDir.corrupt-<time>} (never deleted); a
   * stale one (older format, other options) is deleted; a new one is started in their place.
   *
   * @throws SymdexException.FormatTooNew when a newer symdex wrote the index (it is left alone)
   * @throws SymdexException.Exhausted when the disk is too full to open or start the store
   * @throws SymdexException.StorageFailure when the directory cannot be moved aside or a fresh store started
   */
  Opened open() throws SymdexException {
    StoreCheck.Verdict verdict = StoreCheck.verify(indexDir);
    if (!verdict.ok()) {
      return rebuild(verdict.stale() ? OpenState.REBUILT_STALE : OpenState.REBUILT_CORRUPT, verdict.why());
    }
    String walked = verdict.walked() ? "not closed cleanly: verified in " + verdict.millis() + " ms" : "";
    StoreCheck.clearClean(indexDir); // from here on it may change
    Found found;
    try {
      Store store = openStore("cannot open the index in ");
      try {
        found = classify(store);
        switch (found.state()) {
          case CURRENT -> {
            return new Opened(store, OpenState.CURRENT, walked);
          }
          case MISSING -> {
            create(store);
            return new Opened(store, OpenState.CREATED, walked);
          }
          case UPGRADABLE -> {
            upgrade(store);
            return new Opened(store, OpenState.UPGRADED, walked);
          }
          case TOO_NEW -> throw new SymdexException.FormatTooNew(found.why());
          default -> store.close(); // TOO_OLD, FOREIGN, CORRUPT: rebuilt below
        }
      } catch (SymdexException | RuntimeException e) {
        store.close();
        throw e;
      }
    } catch (SymdexException.CorruptIndex | SymdexException.StorageFailure e) {
      found = new Found(DataDirState.CORRUPT, 0, e.getMessage()); // unreadable
    }
    return rebuild(found.state() == DataDirState.TOO_OLD ? OpenState.REBUILT_STALE : OpenState.REBUILT_CORRUPT, found.why());
  }

  /**
   * Reads what {@code store} holds without changing it.
   *
   * @throws SymdexException.CorruptIndex when a record cannot be read
   */
  Found classify(Store store) throws SymdexException {
    try (ReadTxn r = store.read()) {
      byte[] format = r.get(Table.META, MetaCodec.KEY_FORMAT);
      if (format == null) {
        return isEmpty(r) ? new Found(DataDirState.MISSING, 0, "")
            : new Found(DataDirState.CORRUPT, 0, "index has data but no format record");
      }
      int version = MetaCodec.formatVersion(format);
      if (version > Format.VERSION_CURRENT) {
        return new Found(DataDirState.TOO_NEW, version, "index format " + version + " is newer than this build reads ("
            + Format.VERSION_CURRENT + "); upgrade symdex or use another data dir");
      }
      if (version < Format.VERSION_MIN_READ) {
        return new Found(DataDirState.TOO_OLD, version, "index format " + version + " is older than " + Format.VERSION_MIN_READ);
      }
      byte[] storedRoot = r.get(Table.META, MetaCodec.KEY_ROOT);
      if (storedRoot == null || !MetaCodec.string(storedRoot).equals(root.toString())) {
        return new Found(DataDirState.FOREIGN, version, "index belongs to another root");
      }
      byte[] storedOptions = r.get(Table.META, MetaCodec.KEY_OPTIONS);
      if (storedOptions == null || MetaCodec.u64(storedOptions, "options") != options.outputHash()) {
        return new Found(DataDirState.TOO_OLD, version, "index was built with other options");
      }
      return version < Format.VERSION_CURRENT ? new Found(DataDirState.UPGRADABLE, version, "")
          : new Found(DataDirState.CURRENT, version, "");
    }
  }

  private static boolean isEmpty(ReadTxn r) throws SymdexException.CorruptIndex {
    for (Table t : Table.values()) {
      boolean[] any = {false};
      r.scan(t, new byte[0], (k, v) -> {
        any[0] = true;
        return false;
      });
      if (any[0]) {
        return false;
      }
    }
    return true;
  }

  /** Writes the records of a new index. */
  private void create(Store store) throws SymdexException {
    try (WriteTxn w = store.write()) {
      w.put(Table.META, MetaCodec.KEY_FORMAT, MetaCodec.format(Format.VERSION_CURRENT));
      w.put(Table.META, MetaCodec.KEY_ROOT, MetaCodec.string(root.toString()));
      w.put(Table.META, MetaCodec.KEY_OPTIONS, MetaCodec.u64(options.outputHash()));
      w.commit();
    }
  }

  /**
   * Upgrades in place. The formats this build upgrades from added tables only (created empty when
   * the store opened): the name tables are filled from the files table, the import graph is built
   * by the next apply.
   */
  private static void upgrade(Store store) throws SymdexException {
    try (WriteTxn w = store.write()) {
      ImportEdges.fillNames(w);
      w.put(Table.META, MetaCodec.KEY_FORMAT, MetaCodec.format(Format.VERSION_CURRENT));
      w.commit();
    }
  }

  /** Moves the index aside (deletes a stale one) and starts a new one in its place. */
  private Opened rebuild(OpenState state, String why) throws SymdexException {
    Path aside = moveAside(state == OpenState.REBUILT_CORRUPT ? "corrupt" : "stale");
    String detail = state == OpenState.REBUILT_CORRUPT && aside != null ? why + "; moved aside to " + aside : why;
    Store store = openStore("cannot start a fresh index in ");
    try {
      if (classify(store).state() != DataDirState.MISSING) {
        throw new SymdexException.StorageFailure("could not start a fresh index in " + indexDir, null);
      }
      create(store);
      return new Opened(store, state, detail);
    } catch (SymdexException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private Store openStore(String failure) throws SymdexException {
    try {
      return disk.store().apply(LmdbStore.open(indexDir));
    } catch (StoreFullException e) {
      throw new SymdexException.Exhausted(failure + indexDir + ": " + e.getMessage(), e);
    }
  }

  /** Moves the index dir aside (a stale one is then deleted); returns where, or null when there was none. */
  private Path moveAside(String why) throws SymdexException.StorageFailure {
    if (!Files.exists(indexDir)) {
      return null;
    }
    Path aside = indexDir.resolveSibling(indexDir.getFileName() + "." + why + "-" + Instant.now().toEpochMilli());
    try {
      Files.move(indexDir, aside);
      if (why.equals("stale")) {
        deleteTree(aside);
      }
      return aside;
    } catch (IOException e) {
      throw new SymdexException.StorageFailure("cannot move the unreadable index " + indexDir + " aside: " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
