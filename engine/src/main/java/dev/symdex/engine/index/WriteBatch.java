package dev.symdex.engine.index;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsCodec;
import dev.symdex.engine.codec.FileStateCodec;
import dev.symdex.engine.codec.Keys;
import dev.symdex.engine.extract.FactExtractor;
import dev.symdex.engine.model.ContentHash;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.FileStat;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.model.FileStatus;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.scan.ScannedFile;
import dev.symdex.engine.store.NativeHeap;
import dev.symdex.engine.store.Store;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.store.WriteTxn;
import java.util.Optional;

/**
 * Records each file an apply looked at in the store: its state in the files table and its facts
 * (keyed by content), and through its helpers the file ids and name postings ({@link
 * PostingsWriter}), issues ({@link IssueRows}), facts retained for the previous HEAD ({@link
 * HeadRetention}), counts ({@link IndexMeta}) and the notes for subscribers ({@link ChangeNotes}).
 * After each file, every table agrees with every other.
 *
 * <p>Holds the apply's current write transaction: {@link #checkpoint} commits it as a generation
 * of its own and opens the next; {@link #txn()} is the one to use after. Writer-only (one instance
 * per apply); not thread-safe.
 */
final class WriteBatch implements ParallelIngest.Target, ImportEdges.Steps {
  private final Store store;
  private final ImportEdges.Cancel cancel;
  private WriteTxn w;
  private final IndexMeta meta;
  private final PostingsWriter postings;
  private final IssueRows issues;
  private final HeadRetention retention = new HeadRetention();
  private final ChangeNotes notes = new ChangeNotes();
  private final CandidateScan scan;
  private int sinceCheckpoint;
  /** Whether a step of this apply was committed already (readers have seen part of it). */
  private boolean stepped;
  private final long stepChanges;
  /**
   * Puts and deletes after which a step of a whole-tree apply (a first index, a restart's
   * reconcile: {@link ChangeSet#all}) is committed whatever its files: LMDB holds a page for
   * each page a transaction dirtied until the commit (4 KB each, kept for reuse after it), so a
   * step of 4,096 files of a large C tree would otherwise hold hundreds of MB.
   */
  static final long CHECKPOINT_CHANGES = 100_000;
  /** Files between two releases of the index pages mapped within a step ({@link Store#releaseResidentPages}). */
  static final int RELEASE_PAGES_FILES = 256;
  /** True when the store changed in a way no reader sees (stats moved, facts collected): commit, but no new generation. */
  private boolean storeDirty;

  /**
   * @param w the apply's first transaction, whose meta records {@code meta} holds
   * @param scan what the apply looks at: files are looked up in it
   * @param cancel polled before a checkpoint commits
   * @param wholeTree whether the apply looks at the whole tree: its steps are bounded by {@link
   *     #CHECKPOINT_CHANGES} too (others by {@link IndexWriter#CHECKPOINT_FILES} only, so that a
   *     smaller change set is seen whole)
   */
  WriteBatch(Store store, WriteTxn w, IndexMeta meta, ProjectConfigs configs, CandidateScan scan, ImportEdges.Cancel cancel,
      boolean wholeTree) throws SymdexException.CorruptIndex {
    this.store = store;
    this.stepChanges = wholeTree ? CHECKPOINT_CHANGES : Long.MAX_VALUE;
    this.w = w;
    this.meta = meta;
    this.scan = scan;
    this.cancel = cancel;
    this.postings = new PostingsWriter(new ImportEdges(configs, w));
    this.issues = new IssueRows(meta);
  }

  /** The transaction open now. */
  @Override
  public WriteTxn txn() {
    return w;
  }

  ImportEdges edges() {
    return postings.edges();
  }

  ChangeNotes notes() {
    return notes;
  }

  /** True when the store changed in a way no reader sees: committing is due even without a new generation. */
  boolean storeDirty() {
    return storeDirty;
  }

  /** The store changed in a way no reader sees (a HEAD remembered, facts collected, the tree marked reconciled). */
  void markDirty() {
    storeDirty = true;
  }

  /** True once a step of this apply was committed: the apply is not seen whole anyway. */
  boolean stepped() {
    return stepped;
  }

  /** Commits what is done so far (as a generation of its own) and goes on in a new transaction. */
  @Override
  public void checkpoint() throws SymdexException, InterruptedException {
    cancel.check(); // a closing engine commits no further step
    postings.edges().checkpoint(w);
    meta.nextGeneration();
    meta.write(w);
    w.commit();
    // The step read much of the index through the map: give those pages back (they stay in the
    // page cache) so that a first index's resident set holds one step's pages, not the index's.
    store.releaseResidentPages();
    NativeHeap.trim(); // and the step's freed native memory (its trees, pages LMDB let go)
    w = store.write();
    sinceCheckpoint = 0;
    stepped = true;
  }

  @Override
  public void submitted() throws SymdexException, InterruptedException {
    if (sinceCheckpoint >= IndexWriter.CHECKPOINT_FILES || w.changes() >= stepChanges) {
      checkpoint();
    } else if (sinceCheckpoint > 0 && sinceCheckpoint % RELEASE_PAGES_FILES == 0) {
      // Within a step too: a step of a very large tree reads more of the index through the map
      // than a memory cap leaves room for. Safe with the transaction open: the map is read-only
      // (the step's dirty pages are its own memory), so a released page is read again on its next use.
      store.releaseResidentPages();
    }
  }

  @Override
  public Candidate lookUp(ScannedFile f) throws SymdexException {
    Candidate c = scan.lookUp(w, f);
    if (c == null) {
      nameIssue(f.path(), FileStatus.PATH_TOO_LONG); // cannot be a key: reported, never read or parsed
    }
    return c;
  }

  @Override
  public void accept(Candidate c, FileIngest.Outcome o) throws SymdexException {
    switch (o) {
      case FileIngest.Vanished v -> remove(c.path(), c.key(), c.stored());
      case FileIngest.Deferred d -> notes.deferred(new ApplyResult.Deferred(d.path(), d.reason(), d.exhausted()));
      case FileIngest.Skipped s -> store(c, s.stat(), s.racy(), s.status(), s.detail(), Optional.empty(), null, null);
      case FileIngest.Indexed x -> {
        if (x.facts() != null) {
          notes.parsed();
        }
        store(c, x.stat(), x.racy(), x.status(), x.detail(), Optional.of(x.hash()), x.language(), x.facts());
      }
    }
  }

  private void store(Candidate c, FileStat stat, boolean racy, FileStatus status, String detail, Optional<ContentHash> hash,
      Language language, FileFacts parsedFacts) throws SymdexException {
    String path = c.path();
    FileState old = c.stored();
    int fileId;
    if (old != null) {
      fileId = old.fileId();
    } else {
      fileId = meta.newFileId();
      postings.added(w, path, c.key(), fileId);
    }
    boolean sameContent = old != null && old.status().isIndexed() && status.isIndexed() && old.hash().equals(hash);
    if (!sameContent) {
      FileFacts oldFacts = old != null && old.status().isIndexed() ? loadFacts(old.hash().get()) : null;
      if (oldFacts != null) {
        retention.retain(w, meta.head(), old.hash().get());
      }
      FileFacts newFacts = null;
      if (status.isIndexed()) {
        if (parsedFacts != null) {
          // keyed by content: equal bytes, or a damaged value healed
          w.put(Table.FACTS, Keys.facts(hash.get(), FactExtractor.VERSION), FactsCodec.encode(parsedFacts));
          newFacts = parsedFacts;
        } else {
          newFacts = loadFacts(hash.get());
        }
      }
      postings.update(w, path, fileId, oldFacts, newFacts);
      if (old != null) {
        postings.contentChanged(path, fileId);
      }
      notes.note(path, old == null ? FileChange.Kind.ADDED : FileChange.Kind.MODIFIED, oldFacts, newFacts);
      if (oldFacts != null) {
        meta.countFacts(oldFacts, -1);
      }
      if (newFacts != null) {
        meta.countFacts(newFacts, 1);
      }
    }
    issues.update(w, c.key(), old == null ? null : old.status(), status, detail);
    FileState now = new FileState(fileId, stat.size(), stat.mtimeNanos(), stat.inode(), hash,
        status.isIndexed() ? Optional.of(language) : Optional.empty(), status, racy);
    w.put(Table.FILES, c.key(), FileStateCodec.encode(now));
    sinceCheckpoint++;
    if (old == null || old.status() != status || !old.hash().equals(hash)) {
      notes.changed();
    } else {
      storeDirty = true; // only the stat moved: persist it, but nothing a reader sees changed
    }
  }

  /**
   * Records a path that is never read as a name issue ({@link IssueRows#nameIssue}): a change when
   * it is new or of another status.
   */
  void nameIssue(String path, FileStatus status) throws SymdexException.CorruptIndex {
    if (issues.nameIssue(w, path, status)) {
      notes.changed();
    }
  }

  /** Drops the name issue of a path that is gone (a removal when there was one). */
  void dropNameIssue(String path) throws SymdexException.CorruptIndex {
    if (issues.dropNameIssue(w, path)) {
      notes.removed();
    }
  }

  /** After a full walk: drops the name issues of paths no longer there (a removal each). */
  void dropVanishedNameIssues() throws SymdexException.CorruptIndex {
    for (int i = issues.dropVanishedNameIssues(w); i > 0; i--) {
      notes.removed();
    }
  }

  /** Removes what the index holds for a file that is gone: {@code path} as {@link CandidateScan.Gone} describes it. */
  void remove(CandidateScan.Gone g) throws SymdexException {
    remove(g.path(), g.key(), g.stored());
  }

  /**
   * Removes {@code path} (files-table key {@code key}, stored state {@code old}) from every table.
   * A null key is a path too long to be one: only its issue row goes. A null state: nothing to do.
   */
  private void remove(String path, byte[] key, FileState old) throws SymdexException {
    if (key == null) {
      if (issues.dropTooLong(w, path)) {
        notes.removed();
      }
      return;
    }
    if (old == null) {
      return;
    }
    if (old.status().isIndexed()) {
      FileFacts oldFacts = loadFacts(old.hash().get());
      retention.retain(w, meta.head(), old.hash().get());
      postings.update(w, path, old.fileId(), oldFacts, null);
      meta.countFacts(oldFacts, -1);
      notes.note(path, FileChange.Kind.REMOVED, oldFacts, null);
    } else {
      notes.note(path, FileChange.Kind.REMOVED, null, null);
    }
    issues.update(w, key, old.status(), null, "");
    w.delete(Table.FILES, key);
    postings.removed(w, path, old.fileId());
    notes.removed();
  }

  private FileFacts loadFacts(ContentHash hash) throws SymdexException.CorruptIndex {
    byte[] v = w.get(Table.FACTS, Keys.facts(hash, FactExtractor.VERSION));
    if (v == null) {
      throw new SymdexException.CorruptIndex("facts of " + hash + " are missing");
    }
    return FactsCodec.decode(v);
  }
}
