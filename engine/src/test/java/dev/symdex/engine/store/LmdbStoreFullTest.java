package dev.symdex.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 9 on real LMDB: a full map (MDB_MAP_FULL) is a {@link StoreFullException}, nothing
 * of the transaction is committed, and the map is doubled before the next write transaction —
 * once the reads open at that moment have ended.
 */
class LmdbStoreFullTest {
  @TempDir Path dir;

  private static byte[] value(int i) {
    byte[] v = new byte[16 * 1024];
    Arrays.fill(v, (byte) i);
    return v;
  }

  /** Writes 64 values of 16 KB (1 MB) in one transaction. */
  private static void fill(WriteTxn w) {
    for (int i = 0; i < 64; i++) {
      w.put(Table.FACTS, new byte[] {(byte) i}, value(i));
    }
    w.commit();
  }

  @Test
  void aFullMapIsReportedThenGrownAndTheSameWriteSucceeds() throws Exception {
    try (LmdbStore store = LmdbStore.open(dir, 512 * 1024)) {
      WriteTxn first = store.write();
      StoreFullException e = assertThrows(StoreFullException.class, () -> fill(first));
      first.close();
      assertTrue(e.getMessage().contains("map is full"), e.getMessage());
      try (ReadTxn r = store.read()) {
        assertEquals(null, r.get(Table.FACTS, new byte[] {0}), "nothing of the failed transaction was committed");
      }

      ReadTxn open = store.read(); // growing waits for it
      CompletableFuture<Void> grown = CompletableFuture.runAsync(() -> {
        for (int attempt = 0; attempt < 8; attempt++) { // each failure doubles the map
          try (WriteTxn w = store.write()) {
            fill(w);
            return;
          } catch (StoreFullException again) {
            // grown before the next write
          } catch (Exception other) {
            throw new RuntimeException(other);
          }
        }
      });
      assertEquals(512 * 1024, store.mapSize(), "the map does not move under an open read");
      open.close();
      grown.get(60, TimeUnit.SECONDS);
      assertTrue(store.mapSize() >= 1024 * 1024, "grown: " + store.mapSize());
      try (ReadTxn r = store.read()) {
        assertArrayEquals(value(63), r.get(Table.FACTS, new byte[] {63}));
      }
    }
  }
}
