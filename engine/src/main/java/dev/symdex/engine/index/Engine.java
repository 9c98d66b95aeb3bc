package dev.symdex.engine.index;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.MetaCodec;
import dev.symdex.engine.extract.FactExtractor;
import dev.symdex.engine.git.GitHead;
import dev.symdex.engine.scan.IgnoreRules;
import dev.symdex.engine.scan.SourceTree;
import dev.symdex.engine.store.ReadTxn;
import dev.symdex.engine.store.StoreCheck;
import dev.symdex.engine.store.Store;
import dev.symdex.engine.store.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The index of one source tree, as a library: {@link #apply} brings it up to date with the disk,
 * {@link #snapshot} answers queries. The engine has no threads of its own: parsing runs on the
 * executor the caller passes to {@code apply}.
 *
 * <p>Thread-safe. {@code apply} calls are serialised (one writer); snapshots may be taken and used
 * concurrently from any threads, each by one thread at a time.
 */
public final class Engine implements AutoCloseable {
  private final Path root;
  private final Path indexDir;
  private final Store store;
  private final SourceTree tree;
  private final Optional<GitHead> git;
  private final IndexWriter writer;
  private final FactExtractor extractor;
  private final EngineOptions options;
  private final OpenState openState;
  private final String openDetail;
  private final AtomicLong filesParsed = new AtomicLong();
  /** Row-indexed views of the large facts values queries read (shared by every snapshot). */
  private final FactsCache factsCache = new FactsCache(FactsCache.DEFAULT_MAX_BYTES);
  private final ProjectConfigs configs;
  /** What deltas need of git; empty outside a git working tree. */
  private final Optional<GitHistory> history;

  private Engine(Path root, Path indexDir, Store store, EngineOptions options, OpenState openState, String openDetail,
      DiskAccess disk) {
    this.root = root;
    this.indexDir = indexDir;
    this.store = store;
    this.openState = openState;
    this.openDetail = openDetail;
    this.tree = new SourceTree(root, IgnoreRules.load(root));
    excludeIfInside(indexDir);
    this.git = GitHead.open(root);
    this.extractor = new FactExtractor(options.parseBudgetMillis(), options.factsBudgetBytes(), options.errorRecovery());
    this.options = options;
    FileIngest ingest = new FileIngest(root, options, extractor, disk.reader());
    this.configs = new ProjectConfigs(root);
    this.writer = new IndexWriter(store, tree, ingest, () -> git.map(GitHead::resolve).orElse(""), configs, () -> closing);
    this.history = git.map(g -> new GitHistory(root, g, extractor, options.maxFileBytes()));
  }

  /**
   * Opens the index of {@code root} kept in {@code indexDir}, creating it when absent. The store is
   * checked before it is opened ({@link StoreCheck}: its meta pages always; every value of every
   * table, in a child process, when it was not closed cleanly). An index that fails, or cannot be
   * read, is moved aside to {@code indexDir.corrupt-<time>} (never deleted) and a new one is
   * started; {@link #openState()} says which happened and {@link #openDetail()} why.
   *
   * @throws SymdexException.FormatTooNew when a newer symdex wrote the index (it is left alone)
   */
  public static Engine open(Path root, Path indexDir, EngineOptions options) throws SymdexException {
    return open(root, indexDir, options, DiskAccess.REAL);
  }

  /**
   * {@link #open(Path, Path, EngineOptions)} reading files and keeping the index through {@code
   * disk} (tests inject faults there).
   */
  public static Engine open(Path root, Path indexDir, EngineOptions options, DiskAccess disk) throws SymdexException {
    Path absRoot = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(absRoot)) {
      throw new SymdexException.InvalidQuery("root is not a directory: " + absRoot);
    }
    FactExtractor.preload();
    IndexOpener.Opened opened = new IndexOpener(absRoot, indexDir, options, disk).open();
    return new Engine(absRoot, indexDir, opened.store(), options, opened.state(), opened.detail(), disk);
  }

  /**
   * Keeps {@code dir} (and what is below it) out of the index when it lies inside the root, e.g. a
   * data dir inside the tree it indexes. The index dir itself is always kept out.
   */
  public void excludeIfInside(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    if (abs.startsWith(root) && !abs.equals(root)) {
      tree.rules().alwaysIgnore(tree.relative(abs));
    }
  }

  /**
   * True once a full reconcile of the tree has been committed to this index (now or by an earlier
   * process): the index has held every file of the tree, and what changed since is a change like
   * any other. False for a new index and for a first index that was interrupted (its steps are
   * committed, the rest of the tree is not in yet).
   */
  public boolean reconciled() throws SymdexException {
    try (ReadTxn r = store.read()) {
      return r.get(Table.META, MetaCodec.KEY_RECONCILED) != null;
    }
  }

  /** What {@link #open} found. */
  public OpenState openState() {
    return openState;
  }

  /**
   * Why {@link #openState()} is what it is, for the log: what was damaged and where the store was
   * moved, or how long verifying a store not closed cleanly took; empty when there is nothing to say.
   */
  public String openDetail() {
    return openDetail;
  }

  public Path root() {
    return root;
  }

  public Path indexDir() {
    return indexDir;
  }

  /** The tree as the engine sees it (ignore rules included). */
  public SourceTree tree() {
    return tree;
  }

  /**
   * Brings the index up to date for {@code changes}, in one transaction, and records the current
   * HEAD when {@code changes} says git may have moved (or is a full reconcile). Files are read and parsed on {@code executor}; the
   * calling thread writes. Interrupting it, or {@link #close}, stops it at the next file and
   * abandons the transaction: nothing of it is committed (a large change already committed in
   * steps keeps its steps, each whole).
   *
   * @throws InterruptedException when the calling thread was interrupted
   * @throws SymdexException.Cancelled when the engine was closed meanwhile
   */
  public synchronized ApplyResult apply(ChangeSet changes, Executor executor, ProgressListener progress)
      throws SymdexException, InterruptedException {
    if (closing) {
      throw new SymdexException.Cancelled("the index is closed");
    }
    gitSeen = changes.all() || changes.gitMoved() ? gitFingerprint() : gitSeen;
    boolean ignoreMoved = false;
    if (changes.all()) {
      // A full reconcile trusts no cached rule: every .gitignore and git's index are read again.
      tree.rules().invalidateAll();
      ignoreMoved = tree.rules().refreshTracked();
    } else {
      for (String p : changes.paths()) {
        if (IgnoreRules.isRuleFile(p)) {
          tree.rules().invalidate(p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : "");
          ignoreMoved = true;
        }
      }
      // Git's HEAD or index may have moved. Files git tracks are never ignored (and ones it
      // stopped tracking may be): when that set changed, what is ignored changed.
      if (changes.gitMoved() && tree.rules().refreshTracked()) {
        ignoreMoved = true;
      }
      if (ignoreMoved) {
        changes = ChangeSet.everything(); // what is ignored changed: reconcile the whole tree
      }
    }
    if (ignoreMoved) {
      ignoreEpoch.incrementAndGet();
    }
    boolean carry = history.isPresent() && history.get().hasCandidates();
    long before = carry ? generationNow() : -1;
    ApplyResult r = writer.apply(changes, executor, progress);
    filesParsed.addAndGet(r.filesParsed());
    if (r.filesParsed() >= RELEASE_WRITE_MEMORY_FILES) {
      store.releaseWriteMemory(); // LMDB keeps the largest transaction's dirty pages until its environment closes
    }
    if (carry) {
      try (IndexSnapshot after = snapshot()) {
        history.get().carry(before, r, after);
      }
    }
    return r;
  }

  private long generationNow() throws SymdexException {
    try (IndexSnapshot s = snapshot()) {
      return s.generation();
    }
  }

  /**
   * After an apply that parsed this many files (a first index, a checkout), the store gives back
   * what LMDB kept of its write transactions ({@link Store#releaseWriteMemory}): a small project's
   * first index dirties every page it writes, a large one's steps hundreds of MB. An edit's few
   * pages are kept for reuse.
   */
  static final int RELEASE_WRITE_MEMORY_FILES = 256;

  private final AtomicLong ignoreEpoch = new AtomicLong();

  /** The stat of git's HEAD, index and refs when the engine last read them. */
  private volatile GitFingerprint gitSeen = GitFingerprint.NONE;

  /**
   * True when git's HEAD, index or the ref HEAD names changed (by stat) since the engine last
   * read them: a caller that needs every change in (a sync) then signals a git change itself
   * rather than trust that the watcher's event for {@code .git} arrives before its own barrier
   * (the JDK's watch service orders events within a directory, not across directories).
   */
  public boolean gitMovedSinceSeen() {
    return git.isPresent() && !gitFingerprint().equals(gitSeen);
  }

  private GitFingerprint gitFingerprint() {
    return GitFingerprint.of(root.resolve(".git"));
  }

  /**
   * Moves each time what is ignored may have changed (a rule file, or the set of files git
   * tracks): a watcher then re-checks the directories it skipped as ignored.
   */
  public long ignoreEpoch() {
    return ignoreEpoch.get();
  }

  /** Files this engine instance has parsed since it was opened. */
  public long filesParsed() {
    return filesParsed.get();
  }

  /** Bytes held by the row-indexed views of large facts values (see {@link FactsCache}). */
  public long factsCacheBytes() {
    return factsCache.bytes();
  }

  /**
   * Gives back what the engine holds in memory beyond its store: the facts views it keeps, and the
   * store's pages mapped into this process (they come back, from the page cache, as reads touch
   * them). Answers are the same before and after; only the next queries are slower. Safe while
   * queries and an apply run.
   */
  public void releaseMemory() {
    factsCache.clear();
    store.releaseResidentPages();
  }

  /** Gives back the store's pages mapped into this process only ({@link #releaseMemory} without the facts views). */
  public void releaseMappedPages() {
    store.releaseResidentPages();
  }

  /** The file the store maps into memory (its resident pages are this index's file-backed memory), if any. */
  public Optional<Path> mappedFile() {
    return store.mappedFile();
  }

  /** A consistent view of the last committed state. The caller closes it. */
  public IndexSnapshot snapshot() throws SymdexException {
    ReadTxn txn = store.read();
    try {
      return new IndexSnapshot(txn, factsCache, configs);
    } catch (SymdexException e) {
      txn.close();
      throw e;
    }
  }

  /**
   * What a Delta needs of git beyond a snapshot (see {@code Searcher}); empty when the root is not
   * the top of a git working tree.
   */
  public Optional<GitHistory> gitHistory() {
    return history;
  }

  /** Bytes of the stored facts values (every content's facts, as encoded): what extraction costs in storage. */
  public long factsBytes() throws SymdexException {
    long[] sum = {0};
    try (ReadTxn r = store.read()) {
      r.scan(Table.FACTS, new byte[0], (k, v) -> {
        sum[0] += v.length;
        return true;
      });
    }
    return sum[0];
  }

  /**
   * Checks now that the index file was not cut short underneath the engine (another process
   * truncating data.mdb); once it was, every snapshot and apply fails with CorruptIndex instead of
   * faulting on the missing pages, and the next open rebuilds the index. Snapshots check by
   * themselves every few milliseconds; a daemon also calls this now and then.
   */
  public void checkStorage() throws SymdexException.CorruptIndex {
    store.checkIntact();
  }

  /**
   * What this index offers as a seed for another root's ({@link IndexSeed}): empty when it was
   * built with other options than {@code forOptions}.
   */
  public Optional<IndexSeed.Source> seedSource(EngineOptions forOptions) throws SymdexException {
    try (ReadTxn r = store.read()) {
      return IndexSeed.describe(indexDir, r, forOptions);
    }
  }

  /**
   * Writes a compacting copy of the index's last commit into {@code emptyDir} (an existing empty
   * directory): consistent while an apply runs, which it does not hold up.
   */
  public void copyIndexTo(Path emptyDir) throws SymdexException {
    store.copyTo(emptyDir);
  }

  /** Bytes the index takes on disk. */
  public long sizeOnDisk() {
    return store.sizeOnDisk();
  }

  /** Set by {@link #close} first, so that a running apply stops at its next file instead of finishing. */
  private volatile boolean closing;
  private boolean closed;

  /**
   * Closes the index. An apply running on another thread is stopped at its next file (its
   * transaction abandoned, never half-committed) and waited for; that takes at most one file's
   * extraction budget. Idempotent.
   */
  @Override
  public void close() {
    closing = true;
    synchronized (this) { // the monitor of apply: wait for it to stop
      if (closed) {
        return;
      }
      closed = true;
      git.ifPresent(GitHead::close);
      store.close();
      StoreCheck.markClean(indexDir); // closed in order: the next open need not walk it
    }
  }
}
