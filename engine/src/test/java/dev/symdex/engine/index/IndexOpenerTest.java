package dev.symdex.engine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.codec.Format;
import dev.symdex.engine.codec.MetaCodec;
import dev.symdex.engine.store.LmdbStore;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.store.WriteTxn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the opener classifies what an index directory holds, on real LMDB stores. */
class IndexOpenerTest {
  @TempDir Path root;
  @TempDir Path data;

  private DataDirState classify(EngineOptions options) throws Exception {
    try (LmdbStore store = LmdbStore.open(data.resolve("index"))) {
      return new IndexOpener(root.toAbsolutePath().normalize(), data.resolve("index"), options, DiskAccess.REAL)
          .classify(store).state();
    }
  }

  /** Writes the records an index of {@code forRoot} at format {@code version} built with {@code options} holds. */
  private void store(int version, Path forRoot, EngineOptions options) throws Exception {
    try (LmdbStore store = LmdbStore.open(data.resolve("index")); WriteTxn w = store.write()) {
      w.put(Table.META, MetaCodec.KEY_FORMAT, MetaCodec.format(version));
      w.put(Table.META, MetaCodec.KEY_ROOT, MetaCodec.string(forRoot.toAbsolutePath().normalize().toString()));
      w.put(Table.META, MetaCodec.KEY_OPTIONS, MetaCodec.u64(options.outputHash()));
      w.commit();
    }
  }

  @Test
  void anEmptyStoreIsMissing() throws Exception {
    assertEquals(DataDirState.MISSING, classify(EngineOptions.DEFAULTS));
  }

  @Test
  void thisFormatRootAndOptionsIsCurrent() throws Exception {
    store(Format.VERSION_CURRENT, root, EngineOptions.DEFAULTS);
    assertEquals(DataDirState.CURRENT, classify(EngineOptions.DEFAULTS));
  }

  @Test
  void anotherRootIsForeign() throws Exception {
    store(Format.VERSION_CURRENT, data, EngineOptions.DEFAULTS);
    assertEquals(DataDirState.FOREIGN, classify(EngineOptions.DEFAULTS));
  }

  @Test
  void otherOptionsOrAnOlderUnreadableFormatAreTooOld() throws Exception {
    store(Format.VERSION_CURRENT, root, EngineOptions.DEFAULTS.withMaxFileBytes(1234));
    assertEquals(DataDirState.TOO_OLD, classify(EngineOptions.DEFAULTS));
    store(Format.VERSION_MIN_READ - 1, root, EngineOptions.DEFAULTS);
    assertEquals(DataDirState.TOO_OLD, classify(EngineOptions.DEFAULTS));
  }

  @Test
  void aNewerFormatIsTooNew() throws Exception {
    store(Format.VERSION_CURRENT + 1, root, EngineOptions.DEFAULTS);
    assertEquals(DataDirState.TOO_NEW, classify(EngineOptions.DEFAULTS));
  }

  @Test
  void dataWithoutAFormatRecordIsCorrupt() throws Exception {
    try (LmdbStore store = LmdbStore.open(data.resolve("index")); WriteTxn w = store.write()) {
      w.put(Table.FILES, "a.py".getBytes(StandardCharsets.UTF_8), new byte[] {1});
      w.commit();
    }
    assertEquals(DataDirState.CORRUPT, classify(EngineOptions.DEFAULTS));
  }
}
