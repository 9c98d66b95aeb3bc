package dev.symdex.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.Keys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

class LmdbStoreTest {
  @TempDir Path dir;

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Rewrites, behind the store's back, the stored bytes of every value of {@code table}: flips one bit of each. */
  void damageEveryValue(Table table) {
    try (Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMapSize(LmdbStore.MAP_SIZE).setMaxDbs(Table.values().length + 2)
        .open(dir.toFile())) {
      Dbi<byte[]> dbi = table.isPostings()
          ? env.openDbi(table.dbName(), DbiFlags.MDB_DUPSORT, DbiFlags.MDB_DUPFIXED) : env.openDbi(table.dbName());
      List<byte[][]> rows = new ArrayList<>();
      try (Txn<byte[]> r = env.txnRead(); Cursor<byte[]> c = dbi.openCursor(r)) {
        for (boolean ok = c.first(); ok; ok = c.next()) {
          rows.add(new byte[][] {c.key(), c.val()});
        }
      }
      try (Txn<byte[]> w = env.txnWrite()) {
        for (byte[][] kv : rows) {
          dbi.delete(w, kv[0], kv[1]);
          byte[] bad = kv[1].clone();
          bad[0] ^= 0x10;
          dbi.put(w, kv[0], bad);
        }
        w.commit();
      }
    }
  }

  @Test
  void valuesRoundTripSealedInEveryKindOfTable() throws Exception {
    try (LmdbStore s = LmdbStore.open(dir); WriteTxn w = s.write()) {
      w.put(Table.FILES, b("A.java"), b("state"));
      w.put(Table.DEFS, b("bar"), Keys.fileId(2));
      w.put(Table.DEFS, b("bar"), Keys.fileId(1));
      w.commit();
    }
    try (LmdbStore s = LmdbStore.open(dir); WriteTxn w = s.write()) {
      assertArrayEquals(b("state"), w.get(Table.FILES, b("A.java")));
      List<Integer> ids = new ArrayList<>();
      w.postings(Table.DEFS, b("bar"), v -> ids.add(Keys.fileId(v)));
      assertEquals(List.of(1, 2), ids);
      assertTrue(w.delete(Table.DEFS, b("bar"), Keys.fileId(1)), "a posting is deleted by its unsealed value");
      assertEquals(1, w.postingsCount(Table.DEFS, b("bar")));
      assertNull(w.get(Table.FILES, b("B.java")));
    }
  }

  /** Issue 12: a value whose bytes were damaged on disk reads as CorruptIndex, never as other bytes. */
  @Test
  void aDamagedValueReadsAsCorruptIndex() throws Exception {
    try (LmdbStore s = LmdbStore.open(dir); WriteTxn w = s.write()) {
      w.put(Table.FILES, b("A.java"), b("state"));
      w.put(Table.DEFS, b("bar"), Keys.fileId(7));
      w.commit();
    }
    damageEveryValue(Table.FILES);
    damageEveryValue(Table.DEFS);
    try (LmdbStore s = LmdbStore.open(dir); ReadTxn r = s.read()) {
      SymdexException.CorruptIndex e = assertThrows(SymdexException.CorruptIndex.class, () -> r.get(Table.FILES, b("A.java")));
      assertTrue(e.getMessage().contains("files: checksum mismatch"), e.getMessage());
      assertThrows(SymdexException.CorruptIndex.class, () -> r.scan(Table.FILES, new byte[0], (k, v) -> true));
      assertThrows(SymdexException.CorruptIndex.class, () -> r.postings(Table.DEFS, b("bar"), v -> true));
    }
  }

  @Test
  void aThreadInterruptedWhileCheckingTheFileLeavesTheStoreReadableForEveryOther() throws Exception {
    try (LmdbStore store = LmdbStore.open(dir.resolve("interrupted"))) {
      WriteTxn w = store.write();
      w.put(Table.META, "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
      w.commit();
      List<Throwable> thrown = new ArrayList<>();
      Thread t = new Thread(() -> {
        Thread.currentThread().interrupt(); // as a cancelled index's writer: its next channel call closes the channel
        try {
          store.checkIntact();
        } catch (Throwable e) {
          thrown.add(e);
        }
      });
      t.start();
      t.join();
      assertTrue(thrown.isEmpty(), "the interrupted thread's own check: " + thrown);
      store.checkIntact(); // a CorruptIndex ("data.mdb cannot be read") once the channel was closed
      try (ReadTxn r = store.read()) {
        assertArrayEquals("v".getBytes(StandardCharsets.UTF_8), r.get(Table.META, "k".getBytes(StandardCharsets.UTF_8)));
      }
    }
  }
}
