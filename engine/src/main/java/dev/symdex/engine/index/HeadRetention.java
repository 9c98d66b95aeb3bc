package dev.symdex.engine.index;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FileStateCodec;
import dev.symdex.engine.codec.Keys;
import dev.symdex.engine.codec.MetaCodec;
import dev.symdex.engine.extract.FactExtractor;
import dev.symdex.engine.model.ContentHash;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.store.WriteTxn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which stored facts live on, per git HEAD: the facts of content a change displaces are kept for
 * as long as the HEAD checked out before it is among the {@link #RETAINED_HEADS} most recent
 * (tables {@code heads} and {@code headfacts}), so that switching back to it parses nothing, even
 * after a restart; {@link #collectGarbage} drops the facts no file and no retained HEAD refers to.
 * Outside git nothing is retained.
 *
 * <p>Writer-only (one instance per apply, across its checkpoints); not thread-safe.
 */
final class HeadRetention {
  /**
   * How many recent git HEADs keep the facts displaced while they were checked out. Older ones are
   * forgotten and their facts collected.
   */
  static final int RETAINED_HEADS = 8;

  /** The HEAD displaced facts are retained under is in the heads table (checked once per apply). */
  private boolean headKnown;

  /**
   * Keeps the facts of {@code displaced} (content this change edited, replaced or deleted) under
   * {@code head}, the HEAD checked out before the change ({@code ""} outside git: nothing kept).
   */
  void retain(WriteTxn w, String head, ContentHash displaced) throws SymdexException.CorruptIndex {
    if (head.isEmpty()) {
      return;
    }
    byte[] key = Keys.head(head);
    if (!headKnown) {
      if (w.get(Table.HEADS, key) == null) {
        List<Map.Entry<Long, byte[]>> heads = heads(w);
        w.put(Table.HEADS, key, MetaCodec.u64(heads.isEmpty() ? 1 : heads.get(heads.size() - 1).getKey() + 1));
      }
      headKnown = true;
    }
    w.put(Table.HEAD_FACTS, key, Keys.hash(displaced));
  }

  /**
   * Records {@code sha} as the most recent HEAD and forgets the oldest beyond {@link
   * #RETAINED_HEADS}. Returns true when the store changed (false outside git).
   */
  static boolean remember(WriteTxn w, String sha) throws SymdexException.CorruptIndex {
    if (sha.isEmpty()) {
      return false;
    }
    List<Map.Entry<Long, byte[]>> heads = heads(w);
    long next = heads.isEmpty() ? 1 : heads.get(heads.size() - 1).getKey() + 1;
    w.put(Table.HEADS, Keys.head(sha), MetaCodec.u64(next));
    heads = heads(w);
    for (int i = 0; i < heads.size() - RETAINED_HEADS; i++) {
      w.delete(Table.HEADS, heads.get(i).getValue());
      w.delete(Table.HEAD_FACTS, heads.get(i).getValue());
    }
    return true;
  }

  /** The heads table as (sequence, key), oldest first. */
  private static List<Map.Entry<Long, byte[]>> heads(WriteTxn w) throws SymdexException.CorruptIndex {
    List<byte[][]> raw = new ArrayList<>();
    w.scan(Table.HEADS, new byte[0], (k, v) -> {
      raw.add(new byte[][] {k, v});
      return true;
    });
    List<Map.Entry<Long, byte[]>> out = new ArrayList<>();
    for (byte[][] kv : raw) {
      out.add(Map.entry(MetaCodec.u64(kv[1], "head sequence"), kv[0]));
    }
    out.sort(Map.Entry.comparingByKey());
    return out;
  }

  /**
   * Drops the facts that no file state and no retained HEAD refers to, and those of another
   * extractor version. Returns true when any were dropped.
   *
   * <p>Every live hash has its facts stored (an indexed file's state is written with them; a HEAD
   * retains facts that were stored), so when the facts table holds exactly as many entries as
   * there are live hashes, none is dead and the table is not read: reading it copies every facts
   * value (as much as the index itself) through memory.
   */
  static boolean collectGarbage(WriteTxn w) throws SymdexException.CorruptIndex {
    Set<Long> live = new HashSet<>();
    List<byte[]> states = new ArrayList<>();
    w.scan(Table.FILES, new byte[0], (k, v) -> {
      states.add(v);
      return true;
    });
    for (byte[] v : states) {
      FileStateCodec.decode(v).hash().ifPresent(h -> live.add(h.value()));
    }
    w.scan(Table.HEAD_FACTS, new byte[0], (k, v) -> {
      live.add(Keys.hash(v).value());
      return true;
    });
    if (w.entries(Table.FACTS) == live.size()) {
      return false;
    }
    List<byte[]> dead = new ArrayList<>();
    w.scan(Table.FACTS, new byte[0], (k, v) -> {
      if (Keys.factsVersion(k) != FactExtractor.VERSION || !live.contains(Keys.factsHash(k).value())) {
        dead.add(k);
      }
      return true;
    });
    for (byte[] k : dead) {
      w.delete(Table.FACTS, k);
    }
    return !dead.isEmpty();
  }
}
