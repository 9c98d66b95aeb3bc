package dev.symdex.engine.index;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsCodec;
import dev.symdex.engine.codec.FileStateCodec;
import dev.symdex.engine.codec.IssueCodec;
import dev.symdex.engine.codec.Keys;
import dev.symdex.engine.codec.MetaCodec;
import dev.symdex.engine.extract.FactExtractor;
import dev.symdex.engine.model.ContentHash;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.FileStat;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.model.FileStatus;
import dev.symdex.engine.model.IndexCounts;
import dev.symdex.engine.scan.ScannedFile;
import dev.symdex.engine.scan.SourceTree;
import dev.symdex.engine.store.ReadTxn;
import dev.symdex.engine.store.Store;
import dev.symdex.engine.store.StoreFullException;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.store.UncheckedCorruptIndex;
import dev.symdex.engine.store.WriteTxn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Applies a {@link ChangeSet} to the store in one write transaction: stat-compares each candidate
 * path, has changed files read and parsed on the caller's executor, and updates file states,
 * facts, postings, issues and counts. Readers see all of it at commit or none of it.
 *
 * <p>Not thread-safe: the engine serialises calls (one writer).
 */
final class IndexWriter {
  private static final int IN_FLIGHT_PER_BATCH = 64;
  /**
   * A change set that touches more files than this (a first index, a large checkout) is committed
   * in steps of this many files: memory stays bounded, readers see progress, and an interrupted
   * index keeps what it committed. Each step leaves every file's facts and postings consistent.
   */
  static final int CHECKPOINT_FILES = 4096;

  /**
   * How many recent git HEADs keep the facts displaced while they were checked out: switching back
   * to any of them parses nothing, even after a restart. Older ones are forgotten and their facts
   * collected.
   */
  static final int RETAINED_HEADS = 8;

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
    Candidates c = collect(changes);
    // HEAD is read on a full reconcile or when git's HEAD may have moved, not on every edit:
    // mid-checkout, the watcher holds that signal back until git lets go of its index lock.
    String headNow = changes.all() || changes.gitMoved() ? head.get() : null;
    WriteTxn first = store.write();
    Batch batch = null;
    try {
      WriteTxn w = first;
      Meta meta = Meta.read(w);
      batch = new Batch(w, meta);
      if (headNow == null) {
        headNow = meta.head;
      }
      if (changes.all()) {
        List<String> gone = new ArrayList<>();
        w.scan(Table.FILES, new byte[0], (k, v) -> {
          String p = Keys.path(k);
          if (!c.files.containsKey(p) && !c.unlisted(p)) {
            gone.add(p);
          }
          return true;
        });
        for (String p : gone) {
          checkCancelled();
          batch.remove(p);
        }
      } else {
        for (String p : c.removed) {
          checkCancelled();
          if (!c.unlisted(p)) {
            batch.remove(p);
          }
        }
        for (String prefix : c.removedPrefixes) {
          List<String> gone = new ArrayList<>();
          w.scan(Table.FILES, Keys.path(prefix).orElse(new byte[0]), (k, v) -> {
            String p = Keys.path(k);
            if (!p.startsWith(prefix)) {
              return false;
            }
            if (!c.files.containsKey(p) && !c.unlisted(p)) {
              gone.add(p);
            }
            return true;
          });
          for (String p : gone) {
            checkCancelled();
            batch.remove(p);
          }
        }
      }
      for (String bad : c.badNames) {
        batch.nameIssue(bad, FileStatus.BAD_NAME);
      }
      for (String gone : c.badNamesGone) {
        batch.dropNameIssue(gone);
      }
      runIngest(c.files.values(), batch, executor, progress);
      boolean headMoved = !headNow.equals(meta.head);
      if (headMoved) {
        batch.rememberHead(headNow);
      }
      w = batch.w;
      if (changes.all()) {
        batch.dropVanishedNameIssues();
        batch.collectGarbage();
        if (w.get(Table.META, MetaCodec.KEY_RECONCILED) == null) {
          w.put(Table.META, MetaCodec.KEY_RECONCILED, MetaCodec.present()); // the whole tree is in: said once, at the end
          batch.storeDirty = true;
        }
      }
      if (!batch.changed() && !headMoved && batch.edges.isComplete()) {
        if (batch.storeDirty) {
          w.commit(); // stats moved or unused facts dropped: persist, but no reader-visible change
        }
        return new ApplyResult(meta.generation, meta.head, batch.parsed, 0, 0, c.files.size(), batch.deferred(c));
      }
      checkCancelled();
      int resolved = batch.edges.update(w, this::checkCancelled);
      meta.generation++;
      meta.head = headNow;
      meta.write(w);
      w.commit();
      return new ApplyResult(meta.generation, headNow, batch.parsed, batch.changedFiles, batch.removedFiles, c.files.size(),
          batch.fileChanges, batch.changesTruncated, resolved, batch.deferred(c));
    } catch (UncheckedCorruptIndex e) {
      throw e.getCause(); // met while resolving imports over the store
    } finally {
      (batch == null ? first : batch.w).close(); // no-op after commit; abandons an unfinished one
    }
  }

  private void runIngest(java.util.Collection<ScannedFile> files, Batch batch, Executor executor, ProgressListener progress)
      throws SymdexException, InterruptedException {
    CompletionService<FileIngest.Outcome> done = new ExecutorCompletionService<>(executor);
    int total = files.size();
    int checked = 0;
    int inFlight = 0;
    long lastReport = 0;
    for (ScannedFile f : files) {
      checkCancelled();
      if (Keys.path(f.path()).isEmpty()) {
        batch.nameIssue(f.path(), FileStatus.PATH_TOO_LONG); // cannot be a key: reported, never read or parsed
        checked++;
        continue;
      }
      FileState old = batch.state(f.path());
      // An unreadable file is read again every time it is looked at: a chmod changes no stat we compare.
      if (old != null && old.statMatches(f.stat()) && old.status() != FileStatus.UNREADABLE) {
        checked++;
      } else {
        done.submit(() -> ingest.ingest(f, old, this::factsStored));
        inFlight++;
        while (inFlight >= IN_FLIGHT_PER_BATCH) {
          batch.accept(take(done));
          inFlight--;
          checked++;
        }
        if (batch.sinceCheckpoint >= CHECKPOINT_FILES) {
          batch.checkpoint(this::checkCancelled);
        }
      }
      if (System.nanoTime() - lastReport > 250_000_000L) {
        progress.onProgress(checked, total);
        lastReport = System.nanoTime();
      }
    }
    while (inFlight > 0) {
      checkCancelled();
      batch.accept(take(done));
      inFlight--;
      checked++;
      if (System.nanoTime() - lastReport > 250_000_000L) {
        progress.onProgress(checked, total);
        lastReport = System.nanoTime();
      }
    }
    progress.onProgress(total, total);
  }

  private static FileIngest.Outcome take(CompletionService<FileIngest.Outcome> done) throws InterruptedException, SymdexException {
    Future<FileIngest.Outcome> f = done.take();
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error err) {
        throw err;
      }
      throw new SymdexException.StorageFailure("indexing a file failed: " + cause, cause);
    }
  }

  private boolean factsStored(ContentHash hash) {
    try (ReadTxn r = store.read()) {
      return r.get(Table.FACTS, Keys.facts(hash, FactExtractor.VERSION)) != null;
    } catch (SymdexException.StorageFailure | SymdexException.CorruptIndex e) {
      return false; // parse again: the fresh facts replace a damaged value
    }
  }

  /** Paths to look at, from the change set and the disk. */
  private static final class Candidates {
    final Map<String, ScannedFile> files = new LinkedHashMap<>();
    final Set<String> removed = new HashSet<>();
    final Set<String> removedPrefixes = new HashSet<>();
    /** Directories (and files) a walk could not list for a passing reason: what is below them stays as indexed. */
    final List<ApplyResult.Deferred> deferred = new ArrayList<>();
    /** Files and directories found with names that cannot be represented: reported, never opened. */
    final Set<String> badNames = new HashSet<>();
    /** Such names an event named that no longer exist. */
    final Set<String> badNamesGone = new HashSet<>();

    /** Records a walk's failure to list {@code path}: passing ones are deferred; permission denied is what it is. */
    void walkFailed(String path, IOException e) {
      if (!(e instanceof java.nio.file.AccessDeniedException)) {
        String reason = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
        deferred.add(new ApplyResult.Deferred(path, reason, FileIngest.isExhaustion(reason)));
      }
    }

    /** True when {@code path} lies in (or is) a directory a walk could not list: its absence proves nothing. */
    boolean unlisted(String path) {
      for (ApplyResult.Deferred d : deferred) {
        if (path.equals(d.path()) || path.startsWith(d.path() + "/")) {
          return true;
        }
      }
      return false;
    }
  }

  private Candidates collect(ChangeSet changes) throws SymdexException {
    Candidates c = new Candidates();
    try {
      if (changes.all()) {
        for (ScannedFile f : tree.walk("", c::walkFailed, c.badNames::add)) {
          c.files.put(f.path(), f);
        }
        return c;
      }
      for (String p : changes.paths()) {
        if (SourceTree.isLossy(p)) {
          // An event names a file by a string that may not open it: find what it stands for by
          // listing its directory, never by opening the lossy name.
          tree.badNameAt(p).ifPresentOrElse(c.badNames::add, () -> c.badNamesGone.add(p));
          continue;
        }
        BasicFileAttributes attrs;
        try {
          attrs = Files.readAttributes(tree.resolve(p), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          c.removed.add(p);
          c.removedPrefixes.add(p + "/");
          continue;
        }
        if (attrs.isDirectory()) {
          // A new, renamed or re-included directory: index what is below, drop what is no longer there.
          if (tree.rules().isIgnored(p, true)) {
            c.removedPrefixes.add(p + "/");
          } else {
            for (ScannedFile f : tree.walk(p, c::walkFailed, c.badNames::add)) {
              c.files.put(f.path(), f);
            }
            c.removedPrefixes.add(p + "/");
          }
          continue;
        }
        Optional<ScannedFile> f = tree.stat(p);
        if (f.isPresent()) {
          c.files.put(p, f.get());
        } else {
          c.removed.add(p);
        }
      }
      return c;
    } catch (IOException e) {
      throw new SymdexException.StorageFailure("cannot read the tree: " + e.getMessage(), e);
    }
  }

  /** Meta values carried through one transaction. */
  private static final class Meta {
    long generation;
    String head;
    int nextFileId;
    IndexCounts counts;

    static Meta read(ReadTxn r) throws SymdexException.CorruptIndex {
      Meta m = new Meta();
      byte[] g = r.get(Table.META, MetaCodec.KEY_GENERATION);
      m.generation = g == null ? 0 : MetaCodec.u64(g, "generation");
      byte[] h = r.get(Table.META, MetaCodec.KEY_HEAD);
      m.head = h == null ? "" : MetaCodec.string(h);
      byte[] n = r.get(Table.META, MetaCodec.KEY_NEXT_FILE_ID);
      m.nextFileId = n == null ? 1 : MetaCodec.u32(n, "next_file_id");
      byte[] c = r.get(Table.META, MetaCodec.KEY_COUNTS);
      m.counts = c == null ? IndexCounts.ZERO : MetaCodec.counts(c);
      return m;
    }

    void write(WriteTxn w) {
      w.put(Table.META, MetaCodec.KEY_GENERATION, MetaCodec.u64(generation));
      w.put(Table.META, MetaCodec.KEY_HEAD, MetaCodec.string(head));
      w.put(Table.META, MetaCodec.KEY_NEXT_FILE_ID, MetaCodec.u32(nextFileId));
      w.put(Table.META, MetaCodec.KEY_COUNTS, MetaCodec.counts(counts));
    }
  }

  /** The changes of one apply (one transaction, or a few for a large change set). */
  private final class Batch {
    private WriteTxn w;
    private final Meta meta;
    int parsed;
    int changedFiles;
    int removedFiles;
    int sinceCheckpoint;
    final List<FileChange> fileChanges = new ArrayList<>();
    boolean changesTruncated;

    /** Notes a file's change for subscribers (bounded). */
    void note(String path, FileChange.Kind kind, FileFacts before, FileFacts after) {
      if (fileChanges.size() >= ApplyResult.MAX_CHANGES) {
        changesTruncated = true;
        return;
      }
      Set<String> was = describe(before);
      Set<String> is = describe(after);
      fileChanges.add(new FileChange(path, kind,
          is.stream().filter(d -> !was.contains(d)).toList(), was.stream().filter(d -> !is.contains(d)).toList()));
    }

    private Set<String> describe(FileFacts f) {
      Set<String> out = new java.util.LinkedHashSet<>();
      if (f != null) {
        f.definitions().forEach(d -> out.add(d.kind().label() + " " + d.qualifiedName()));
      }
      return out;
    }
    boolean storeDirty;
    /** The HEAD displaced facts are retained under is in the heads table (checked once per batch). */
    private boolean headKnown;

    final ImportEdges edges;

    Batch(WriteTxn w, Meta meta) throws SymdexException.CorruptIndex {
      this.w = w;
      this.meta = meta;
      this.edges = new ImportEdges(configs, w);
    }

    boolean changed() {
      return changedFiles > 0 || removedFiles > 0;
    }

    /** Files read too late to tell (a passing failure), left as they were. */
    final List<ApplyResult.Deferred> deferredFiles = new ArrayList<>();

    /** Everything this apply left for later: what walks could not list, and files that could not be read. */
    List<ApplyResult.Deferred> deferred(Candidates c) {
      List<ApplyResult.Deferred> all = new ArrayList<>(c.deferred);
      all.addAll(deferredFiles);
      return all;
    }

    /** Commits what is done so far (as a generation of its own) and goes on in a new transaction. */
    void checkpoint(ImportEdges.Cancel cancel) throws SymdexException, InterruptedException {
      cancel.check(); // a closing engine commits no further step
      edges.checkpoint(w);
      meta.generation++;
      meta.write(w);
      w.commit();
      w = store.write();
      sinceCheckpoint = 0;
    }

    FileState state(String path) throws SymdexException.CorruptIndex {
      Optional<byte[]> key = Keys.path(path);
      if (key.isEmpty()) {
        return null;
      }
      byte[] v = w.get(Table.FILES, key.get());
      return v == null ? null : FileStateCodec.decode(v);
    }

    void accept(FileIngest.Outcome o) throws SymdexException {
      switch (o) {
        case FileIngest.Vanished v -> remove(v.path());
        case FileIngest.Deferred d -> deferredFiles.add(new ApplyResult.Deferred(d.path(), d.reason(), d.exhausted()));
        case FileIngest.Skipped s -> store(s.path(), s.stat(), s.racy(), s.status(), s.detail(), Optional.empty(), null, null);
        case FileIngest.Indexed x -> {
          if (x.facts() != null) {
            parsed++;
          }
          store(x.path(), x.stat(), x.racy(), x.status(), x.detail(), Optional.of(x.hash()), x.language(), x.facts());
        }
      }
    }

    private void store(String path, FileStat stat, boolean racy, FileStatus status, String detail,
        Optional<ContentHash> hash, dev.symdex.engine.model.Language language, FileFacts parsedFacts) throws SymdexException {
      Optional<byte[]> key = Keys.path(path);
      if (key.isEmpty()) {
        return; // too long to be a key: left out (rare; reported by the scan as a skip)
      }
      FileState old = state(path);
      int fileId;
      if (old != null) {
        fileId = old.fileId();
      } else {
        fileId = meta.nextFileId++;
        w.put(Table.FILE_IDS, Keys.fileId(fileId), key.get());
        edges.adding(w, path, fileId);
      }
      boolean sameContent = old != null && old.status().isIndexed() && status.isIndexed() && old.hash().equals(hash);
      if (!sameContent) {
        FileFacts oldFacts = old != null && old.status().isIndexed() ? loadFacts(old.hash().get()) : null;
        if (oldFacts != null) {
          retain(old.hash().get());
        }
        FileFacts newFacts = null;
        if (status.isIndexed()) {
          byte[] fk = Keys.facts(hash.get(), FactExtractor.VERSION);
          if (parsedFacts != null) {
            w.put(Table.FACTS, fk, FactsCodec.encode(parsedFacts)); // keyed by content: equal bytes, or a damaged value healed
            newFacts = parsedFacts;
          } else {
            newFacts = loadFacts(hash.get());
          }
        }
        updatePostings(path, fileId, oldFacts, newFacts);
        if (old != null) {
          edges.changed(path, fileId);
        }
        note(path, old == null ? FileChange.Kind.ADDED : FileChange.Kind.MODIFIED, oldFacts, newFacts);
        if (oldFacts != null) {
          meta.counts = meta.counts.plus(oldFacts, -1);
        }
        if (newFacts != null) {
          meta.counts = meta.counts.plus(newFacts, 1);
        }
      }
      updateIssue(key.get(), old == null ? null : old.status(), status, detail);
      FileState now = new FileState(fileId, stat.size(), stat.mtimeNanos(), stat.inode(), hash,
          status.isIndexed() ? Optional.of(language) : Optional.empty(), status, racy);
      w.put(Table.FILES, key.get(), FileStateCodec.encode(now));
      sinceCheckpoint++;
      if (old == null || old.status() != status || !old.hash().equals(hash)) {
        changedFiles++;
      } else {
        storeDirty = true; // only the stat moved: persist it, but nothing a reader sees changed
      }
    }

    void remove(String path) throws SymdexException {
      Optional<byte[]> key = Keys.path(path);
      if (key.isEmpty()) {
        if (w.delete(Table.ISSUES, Keys.issue(path))) {
          meta.counts = meta.counts.plusIssues(-1);
          removedFiles++;
        }
        return;
      }
      FileState old = state(path);
      if (old == null) {
        return;
      }
      if (old.status().isIndexed()) {
        FileFacts oldFacts = loadFacts(old.hash().get());
        retain(old.hash().get());
        updatePostings(path, old.fileId(), oldFacts, null);
        meta.counts = meta.counts.plus(oldFacts, -1);
        note(path, FileChange.Kind.REMOVED, oldFacts, null);
      } else {
        note(path, FileChange.Kind.REMOVED, null, null);
      }
      updateIssue(key.get(), old.status(), null, "");
      w.delete(Table.FILE_IDS, Keys.fileId(old.fileId()));
      w.delete(Table.FILES, key.get());
      edges.removed(w, path, old.fileId());
      removedFiles++;
    }

    /** Keeps the issues row of a file: its status and why; an unchanged status keeps the detail it has. */
    private void updateIssue(byte[] key, FileStatus before, FileStatus after, String detail) {
      boolean was = before != null && before.isIssue();
      boolean is = after != null && after.isIssue();
      if (is && (after != before || !detail.isEmpty())) {
        w.put(Table.ISSUES, key, IssueCodec.encode(after, detail));
      } else if (!is && was) {
        w.delete(Table.ISSUES, key);
      }
      meta.counts = meta.counts.plusIssues((is ? 1 : 0) - (was ? 1 : 0));
    }

    private void updatePostings(String path, int fileId, FileFacts before, FileFacts after) {
      byte[] id = Keys.fileId(fileId);
      Set<String> defsBefore = before == null ? Set.of() : before.definitionNames();
      Set<String> defsAfter = after == null ? Set.of() : after.definitionNames();
      diff(Table.DEFS, id, defsBefore, defsAfter);
      for (String n : defsBefore) {
        if (!defsAfter.contains(n)) {
          edges.definitionChanged(path, n);
        }
      }
      for (String n : defsAfter) {
        if (!defsBefore.contains(n)) {
          edges.definitionChanged(path, n);
        }
      }
      diff(Table.REFS, id, before == null ? Set.of() : before.referenceNames(), after == null ? Set.of() : after.referenceNames());
      diff(Table.CALLS, id, before == null ? Set.of() : before.calleeNames(), after == null ? Set.of() : after.calleeNames());
    }

    private void diff(Table table, byte[] id, Set<String> before, Set<String> after) {
      for (String n : before) {
        if (!after.contains(n)) {
          Keys.name(n).ifPresent(k -> w.delete(table, k, id));
        }
      }
      for (String n : after) {
        if (!before.contains(n)) {
          Keys.name(n).ifPresent(k -> w.put(table, k, id));
        }
      }
    }

    private FileFacts loadFacts(ContentHash hash) throws SymdexException.CorruptIndex {
      byte[] v = w.get(Table.FACTS, Keys.facts(hash, FactExtractor.VERSION));
      if (v == null) {
        throw new SymdexException.CorruptIndex("facts of " + hash + " are missing");
      }
      return FactsCodec.decode(v);
    }

    private final Set<String> nameIssuesSeen = new HashSet<>();

    /**
     * Records a path that is never read as an issue (once): one too long to be a key, or whose name
     * cannot be represented ({@link FileStatus#BAD_NAME}). It has no file state.
     */
    void nameIssue(String path, FileStatus status) throws SymdexException.CorruptIndex {
      byte[] key = Keys.issue(path);
      nameIssuesSeen.add(Keys.path(key));
      byte[] old = w.get(Table.ISSUES, key);
      if (old == null || old.length != 1 || old[0] != status.code()) {
        w.put(Table.ISSUES, key, IssueCodec.encode(status, ""));
        if (old == null) {
          meta.counts = meta.counts.plusIssues(1);
        }
        changedFiles++;
      }
    }

    /** Drops the name issue of a path that is gone. */
    void dropNameIssue(String path) throws SymdexException.CorruptIndex {
      byte[] key = Keys.issue(path);
      byte[] old = w.get(Table.ISSUES, key);
      if (old != null && isNameIssue(old) && w.delete(Table.ISSUES, key)) {
        meta.counts = meta.counts.plusIssues(-1);
        removedFiles++;
      }
    }

    /** A name issue is its status code alone (it never has a detail). */
    private static boolean isNameIssue(byte[] v) {
      return v.length == 1 && (v[0] == FileStatus.PATH_TOO_LONG.code() || v[0] == FileStatus.BAD_NAME.code());
    }

    /** After a full walk: drops the name issues of paths no longer there. */
    void dropVanishedNameIssues() throws SymdexException.CorruptIndex {
      List<byte[]> gone = new ArrayList<>();
      w.scan(Table.ISSUES, new byte[0], (k, v) -> {
        if (isNameIssue(v) && !nameIssuesSeen.contains(Keys.path(k))) {
          gone.add(k);
        }
        return true;
      });
      for (byte[] k : gone) {
        w.delete(Table.ISSUES, k);
        meta.counts = meta.counts.plusIssues(-1);
        removedFiles++;
      }
    }

    /**
     * Keeps the facts of content this change displaces (edited, replaced or deleted) for as long as
     * the HEAD checked out before it is among the {@link #RETAINED_HEADS} most recent: that content
     * is what a switch back to that HEAD brings back. Outside git nothing is retained.
     */
    private void retain(ContentHash displaced) throws SymdexException.CorruptIndex {
      if (meta.head.isEmpty()) {
        return;
      }
      byte[] head = Keys.head(meta.head);
      if (!headKnown) {
        if (w.get(Table.HEADS, head) == null) {
          List<Map.Entry<Long, byte[]>> heads = heads();
          w.put(Table.HEADS, head, MetaCodec.u64(heads.isEmpty() ? 1 : heads.get(heads.size() - 1).getKey() + 1));
        }
        headKnown = true;
      }
      w.put(Table.HEAD_FACTS, head, Keys.hash(displaced));
    }

    /** Records {@code sha} as the most recent HEAD and forgets the oldest beyond {@link #RETAINED_HEADS}. */
    void rememberHead(String sha) throws SymdexException.CorruptIndex {
      if (sha.isEmpty()) {
        return;
      }
      List<Map.Entry<Long, byte[]>> heads = heads();
      long next = heads.isEmpty() ? 1 : heads.get(heads.size() - 1).getKey() + 1;
      w.put(Table.HEADS, Keys.head(sha), MetaCodec.u64(next));
      heads = heads();
      for (int i = 0; i < heads.size() - RETAINED_HEADS; i++) {
        w.delete(Table.HEADS, heads.get(i).getValue());
        w.delete(Table.HEAD_FACTS, heads.get(i).getValue());
      }
      storeDirty = true;
    }

    /** The heads table as (sequence, key), oldest first. */
    private List<Map.Entry<Long, byte[]>> heads() throws SymdexException.CorruptIndex {
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

    /** Drops facts that no file refers to any more. */
    void collectGarbage() throws SymdexException.CorruptIndex {
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
      if (!dead.isEmpty()) {
        storeDirty = true;
      }
    }
  }
}
