package dev.symdex.engine.index;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.Keys;
import dev.symdex.engine.extract.FactExtractor;
import dev.symdex.engine.model.ContentHash;
import dev.symdex.engine.model.FileStatus;
import dev.symdex.engine.scan.SourceTree;
import dev.symdex.engine.store.ReadTxn;
import dev.symdex.engine.store.Store;
import dev.symdex.engine.store.StoreFullException;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.store.UncheckedCorruptIndex;
import dev.symdex.engine.store.WriteTxn;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Applies a {@link ChangeSet} to the store in one write transaction, coordinating the steps each
 * done by a class of its own: {@link CandidateScan} finds what to look at on disk and what is
 * gone; {@link WriteBatch} removes what is gone and records each file; {@link ParallelIngest} has
 * the files whose stat moved read and parsed on the caller's executor; {@link HeadRetention}
 * remembers the HEAD and collects unused facts; {@link ImportEdges} brings the import graph up to
 * date; {@link IndexMeta} is written with the commit, and {@link ChangeNotes} makes the result.
 * Readers see all of it at commit or none of it (a change set of more than {@link
 * #CHECKPOINT_FILES} files, or of a whole tree whose step passes {@link
 * WriteBatch#CHECKPOINT_CHANGES} puts and deletes, is committed in steps, each whole).
 *
 * <p>Not thread-safe: the engine serialises calls (one writer).
 */
final class IndexWriter {
  /**
   * A change set that touches more files than this (a first index, a large checkout) is committed
   * in steps of this many files: memory stays bounded, readers see progress, and an interrupted
   * index keeps what it committed. Each step leaves every file's facts and postings consistent.
   */
  static final int CHECKPOINT_FILES = 4096;
  /** Tasks a whole import graph is resolved on after a bulk change ({@link ImportEdges#rebuildInParallel}). */
  static final int REBUILD_TASKS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));

  private final Store store;
  private final SourceTree tree;
  private final FileIngest ingest;
  private final Supplier<String> head;
  private final ProjectConfigs configs;
  private final BooleanSupplier closing;

  /** @param closing true once the engine is closing: an apply then stops at the next file, committing nothing more */
  IndexWriter(Store store, SourceTree tree, FileIngest ingest, Supplier<String> head, ProjectConfigs configs, BooleanSupplier closing) {
    this.store = store;
    this.tree = tree;
    this.ingest = ingest;
    this.head = head;
    this.configs = configs;
    this.closing = closing;
  }

  /**
   * Stops an apply between two files: when its thread is interrupted, or the engine is closing.
   * The open transaction is then abandoned (nothing of it is committed; steps committed before it
   * stay, each one whole).
   */
  void checkCancelled() throws InterruptedException, SymdexException.Cancelled {
    if (Thread.interrupted()) {
      throw new InterruptedException("apply interrupted");
    }
    if (closing.getAsBoolean()) {
      throw new SymdexException.Cancelled("the index is closing");
    }
  }

  /**
   * Applies {@code changes}; see the class comment.
   *
   * @throws SymdexException.Exhausted when the disk or the store's map is full: nothing of the
   *     unfinished transaction is committed (steps already committed stay)
   */
  ApplyResult apply(ChangeSet changes, Executor executor, ProgressListener progress) throws SymdexException, InterruptedException {
    try {
      return applyOrFail(changes, executor, progress);
    } catch (StoreFullException e) {
      throw new SymdexException.Exhausted(e.getMessage(), e);
    }
  }

  private ApplyResult applyOrFail(ChangeSet changes, Executor executor, ProgressListener progress)
      throws SymdexException, InterruptedException {
    CandidateScan scan = CandidateScan.of(tree, changes);
    // HEAD is read on a full reconcile or when git's HEAD may have moved, not on every edit:
    // mid-checkout, the watcher holds that signal back until git lets go of its index lock.
    String headNow = changes.all() || changes.gitMoved() ? head.get() : null;
    WriteTxn first = store.write();
    WriteBatch batch = null;
    try {
      IndexMeta meta = IndexMeta.read(first);
      batch = new WriteBatch(store, first, meta, configs, scan, this::checkCancelled, changes.all());
      if (headNow == null) {
        headNow = meta.head();
      }
      for (CandidateScan.Gone gone : scan.gone(first)) {
        checkCancelled();
        batch.remove(gone);
      }
      for (String bad : scan.badNames()) {
        batch.nameIssue(bad, FileStatus.BAD_NAME);
      }
      for (String gone : scan.badNamesGone()) {
        batch.dropNameIssue(gone);
      }
      new ParallelIngest(ingest, this::factsStored, this::checkCancelled).run(scan.files(), batch, executor, progress);
      WriteTxn w = batch.txn();
      boolean headMoved = !headNow.equals(meta.head());
      if (headMoved && HeadRetention.remember(w, headNow)) {
        batch.markDirty();
      }
      if (changes.all()) {
        batch.dropVanishedNameIssues();
        if (HeadRetention.collectGarbage(w)) {
          batch.markDirty();
        }
        if (IndexMeta.markReconciled(w)) { // the whole tree is in: said once, at the end
          batch.markDirty();
        }
      }
      ChangeNotes notes = batch.notes();
      int checked = scan.files().size();
      if (!notes.changedAnything() && !headMoved && batch.edges().isComplete()) {
        if (batch.storeDirty()) {
          w.commit(); // stats moved or unused facts dropped: persist, but no reader-visible change
        }
        return notes.unchanged(meta.generation(), meta.head(), checked, scan.deferred());
      }
      checkCancelled();
      int resolved;
      if (batch.stepped() && batch.edges().needsRebuild()) {
        // A bulk change that committed steps already (a first index): one more step commits what
        // the graph is resolved from, so that the resolution can run on every core, each task
        // over a read transaction of its own, instead of on this thread alone.
        batch.checkpoint();
        resolved = batch.edges().rebuildInParallel(store, batch, executor, REBUILD_TASKS, this::checkCancelled);
        w = batch.txn();
      } else {
        resolved = batch.edges().update(w, this::checkCancelled);
      }
      meta.nextGeneration(headNow);
      meta.write(w);
      w.commit();
      return notes.result(meta.generation(), headNow, checked, resolved, scan.deferred());
    } catch (UncheckedCorruptIndex e) {
      throw e.getCause(); // met while resolving imports over the store
    } finally {
      (batch == null ? first : batch.txn()).close(); // no-op after commit; abandons an unfinished one
    }
  }

  private boolean factsStored(ContentHash hash) {
    try (ReadTxn r = store.read()) {
      return r.get(Table.FACTS, Keys.facts(hash, FactExtractor.VERSION)) != null;
    } catch (SymdexException.StorageFailure | SymdexException.CorruptIndex e) {
      return false; // parse again: the fresh facts replace a damaged value
    }
  }
}
