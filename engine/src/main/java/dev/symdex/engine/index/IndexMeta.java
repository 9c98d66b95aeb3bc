package dev.symdex.engine.index;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.MetaCodec;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.IndexCounts;
import dev.symdex.engine.store.ReadTxn;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.store.WriteTxn;

/**
 * The meta records one apply carries through its transactions, decoded: generation, HEAD, next
 * file id and counts (layouts in {@link MetaCodec}). Read once when the apply opens its first
 * transaction, changed in memory as files change, and written whole with every commit (a
 * checkpoint's too), so a reader always sees them agree with the tables.
 *
 * <p>Writer-only (one instance per apply); not thread-safe.
 */
final class IndexMeta {
  private long generation;
  private String head;
  private int nextFileId;
  private IndexCounts counts;

  private IndexMeta(long generation, String head, int nextFileId, IndexCounts counts) {
    this.generation = generation;
    this.head = head;
    this.nextFileId = nextFileId;
    this.counts = counts;
  }

  /** The records as stored; those absent (a new index) read as generation 0, no HEAD, file id 1, zero counts. */
  static IndexMeta read(ReadTxn r) throws SymdexException.CorruptIndex {
    byte[] g = r.get(Table.META, MetaCodec.KEY_GENERATION);
    byte[] h = r.get(Table.META, MetaCodec.KEY_HEAD);
    byte[] n = r.get(Table.META, MetaCodec.KEY_NEXT_FILE_ID);
    byte[] c = r.get(Table.META, MetaCodec.KEY_COUNTS);
    return new IndexMeta(g == null ? 0 : MetaCodec.u64(g, "generation"), h == null ? "" : MetaCodec.string(h),
        n == null ? 1 : MetaCodec.u32(n, "next_file_id"), c == null ? IndexCounts.ZERO : MetaCodec.counts(c));
  }

  /** Writes every record into {@code w}. */
  void write(WriteTxn w) {
    w.put(Table.META, MetaCodec.KEY_GENERATION, MetaCodec.u64(generation));
    w.put(Table.META, MetaCodec.KEY_HEAD, MetaCodec.string(head));
    w.put(Table.META, MetaCodec.KEY_NEXT_FILE_ID, MetaCodec.u32(nextFileId));
    w.put(Table.META, MetaCodec.KEY_COUNTS, MetaCodec.counts(counts));
  }

  long generation() {
    return generation;
  }

  /** The HEAD SHA recorded, {@code ""} outside git. */
  String head() {
    return head;
  }

  /** The next commit is a generation of its own (a checkpoint), at the same HEAD. */
  void nextGeneration() {
    generation++;
  }

  /** The next commit is a generation of its own, recorded at {@code headNow}. */
  void nextGeneration(String headNow) {
    generation++;
    head = headNow;
  }

  /** An id for a path new to the index (ids are never reused). */
  int newFileId() {
    return nextFileId++;
  }

  /** Adds ({@code sign = 1}) or removes ({@code sign = -1}) one file's facts from the counts. */
  void countFacts(FileFacts facts, int sign) {
    counts = counts.plus(facts, sign);
  }

  void countIssues(int delta) {
    counts = counts.plusIssues(delta);
  }

  /**
   * Records that a full reconcile of the tree is committed with {@code w} (said once, at the end
   * of the first one). Returns true when it was not recorded yet (the store changed).
   */
  static boolean markReconciled(WriteTxn w) throws SymdexException.CorruptIndex {
    if (w.get(Table.META, MetaCodec.KEY_RECONCILED) != null) {
      return false;
    }
    w.put(Table.META, MetaCodec.KEY_RECONCILED, MetaCodec.present());
    return true;
  }
}
