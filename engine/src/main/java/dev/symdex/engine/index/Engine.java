package dev.symdex.engine.index;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.Format;
import dev.symdex.engine.codec.MetaCodec;
import dev.symdex.engine.extract.FactExtractor;
import dev.symdex.engine.git.GitHead;
import dev.symdex.engine.scan.IgnoreRules;
import dev.symdex.engine.scan.SourceTree;
import dev.symdex.engine.store.LmdbStore;
import dev.symdex.engine.store.ReadTxn;
import dev.symdex.engine.store.StoreCheck;
import dev.symdex.engine.store.Store;
import dev.symdex.engine.store.StoreFullException;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.store.WriteTxn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

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
  /** Definitions of revision content a Delta had to parse (never indexed), the 4,096 most recent. */
  private final java.util.Map<String, java.util.List<dev.symdex.engine.model.Definition>> parsedRevisionContent =
      java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, java.util.List<dev.symdex.engine.model.Definition>> eldest) {
          return size() > 4096;
        }
      });
  private final OpenState openState;
  private final String openDetail;
  private final AtomicLong filesParsed = new AtomicLong();
  /** Row-indexed views of the large facts values queries read (shared by every snapshot). */
  private final FactsCache factsCache = new FactsCache(FactsCache.DEFAULT_MAX_BYTES);
  private final ProjectConfigs configs;

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
    OpenState state;
    Store store = null;
    String detail = "";
    StoreCheck.Verdict verdict = StoreCheck.verify(indexDir);
    if (!verdict.ok()) {
      state = verdict.stale() ? OpenState.REBUILT_STALE : OpenState.REBUILT_CORRUPT;
      detail = verdict.why();
    } else {
      if (verdict.walked()) {
        detail = "not closed cleanly: verified in " + verdict.millis() + " ms";
      }
      try {
        StoreCheck.clearClean(indexDir); // from here on it may change
        store = disk.store().apply(LmdbStore.open(indexDir));
        state = check(store, absRoot, options);
      } catch (SymdexException.CorruptIndex | SymdexException.StorageFailure e) {
        state = OpenState.REBUILT_CORRUPT;
        detail = e.getMessage();
        store = null;
      } catch (SymdexException.FormatTooOld e) {
        state = OpenState.REBUILT_STALE;
        detail = e.getMessage();
        store = null;
      } catch (StoreFullException e) {
        throw new SymdexException.Exhausted("cannot open the index in " + indexDir + ": " + e.getMessage(), e);
      }
    }
    if (state == OpenState.REBUILT_CORRUPT || state == OpenState.REBUILT_STALE) {
      if (store != null) {
        store.close();
      }
      Path aside = moveAside(indexDir, state == OpenState.REBUILT_CORRUPT ? "corrupt" : "stale");
      if (state == OpenState.REBUILT_CORRUPT && aside != null) {
        detail += "; moved aside to " + aside;
      }
      try {
        store = disk.store().apply(LmdbStore.open(indexDir));
      } catch (StoreFullException e) {
        throw new SymdexException.Exhausted("cannot start a fresh index in " + indexDir + ": " + e.getMessage(), e);
      }
      OpenState fresh = check(store, absRoot, options);
      if (fresh != OpenState.CREATED) {
        store.close();
        throw new SymdexException.StorageFailure("could not start a fresh index in " + indexDir, null);
      }
    }
    return new Engine(absRoot, indexDir, store, options, state, detail, disk);
  }

  /** Reads (or writes, when new) the format record; returns CURRENT, CREATED or REBUILT_STALE. */
  private static OpenState check(Store store, Path root, EngineOptions options) throws SymdexException {
    boolean ok = false;
    int upgradeFrom = 0;
    try {
      try (ReadTxn r = store.read()) {
        byte[] format = r.get(Table.META, MetaCodec.KEY_FORMAT);
        if (format != null) {
          int version = MetaCodec.formatVersion(format);
          if (version > Format.VERSION_CURRENT) {
            throw new SymdexException.FormatTooNew("index format " + version + " is newer than this build reads ("
                + Format.VERSION_CURRENT + "); upgrade symdex or use another data dir");
          }
          if (version < Format.VERSION_MIN_READ) {
            throw new SymdexException.FormatTooOld("index format " + version + " is older than " + Format.VERSION_MIN_READ);
          }
          byte[] storedRoot = r.get(Table.META, MetaCodec.KEY_ROOT);
          byte[] storedOptions = r.get(Table.META, MetaCodec.KEY_OPTIONS);
          if (storedRoot == null || !MetaCodec.string(storedRoot).equals(root.toString())) {
            throw new SymdexException.CorruptIndex("index belongs to another root");
          }
          if (storedOptions == null || MetaCodec.u64(storedOptions, "options") != options.outputHash()) {
            throw new SymdexException.FormatTooOld("index was built with other options");
          }
          if (version < Format.VERSION_CURRENT) {
            upgradeFrom = version;
          } else {
            ok = true;
            return OpenState.CURRENT;
          }
        }
        if (upgradeFrom == 0) {
          boolean empty = true;
          for (Table t : Table.values()) {
            final boolean[] any = {false};
            r.scan(t, new byte[0], (k, v) -> {
              any[0] = true;
              return false;
            });
            empty &= !any[0];
          }
          if (!empty) {
            throw new SymdexException.CorruptIndex("index has data but no format record");
          }
        }
      }
      if (upgradeFrom != 0) {
        // Formats 3 and 4 added tables only (created empty when the store opened): the name tables
        // are filled from the files table, the import graph is built by the next apply.
        try (WriteTxn w = store.write()) {
          ImportEdges.fillNames(w);
          w.put(Table.META, MetaCodec.KEY_FORMAT, MetaCodec.format(Format.VERSION_CURRENT));
          w.commit();
        }
        ok = true;
        return OpenState.UPGRADED;
      }
      try (WriteTxn w = store.write()) {
        w.put(Table.META, MetaCodec.KEY_FORMAT, MetaCodec.format(Format.VERSION_CURRENT));
        w.put(Table.META, MetaCodec.KEY_ROOT, MetaCodec.string(root.toString()));
        w.put(Table.META, MetaCodec.KEY_OPTIONS, MetaCodec.u64(options.outputHash()));
        w.commit();
      }
      ok = true;
      return OpenState.CREATED;
    } finally {
      if (!ok) {
        store.close();
      }
    }
  }

  /** Moves the index dir aside (a stale one is then deleted); returns where, or null when there was none. */
  private static Path moveAside(Path indexDir, String why) throws SymdexException.StorageFailure {
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
    gitSeen = changes.all() || changes.gitMoved() ? gitState() : gitSeen;
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
    long before = workingCandidates == null ? -1 : generationNow();
    ApplyResult r = writer.apply(changes, executor, progress);
    filesParsed.addAndGet(r.filesParsed());
    carryWorkingCandidates(before, r);
    return r;
  }

  private long generationNow() throws SymdexException {
    try (IndexSnapshot s = snapshot()) {
      return s.generation();
    }
  }

  private final AtomicLong ignoreEpoch = new AtomicLong();

  /** The stat of git's HEAD, index and refs when the engine last read them. */
  private volatile java.util.List<Object> gitSeen = java.util.List.of();

  /**
   * True when git's HEAD, index or the ref HEAD names changed (by stat) since the engine last
   * read them: a caller that needs every change in (a sync) then signals a git change itself
   * rather than trust that the watcher's event for {@code .git} arrives before its own barrier
   * (the JDK's watch service orders events within a directory, not across directories).
   */
  public boolean gitMovedSinceSeen() {
    return git.isPresent() && !gitState().equals(gitSeen);
  }

  private java.util.List<Object> gitState() {
    Path dotGit = root.resolve(".git");
    java.util.List<Object> out = new java.util.ArrayList<>();
    for (String name : new String[] {"HEAD", "index", "packed-refs"}) {
      out.add(stat(dotGit.resolve(name)));
    }
    try {
      String head = Files.readString(dotGit.resolve("HEAD")).trim();
      if (head.startsWith("ref: ")) {
        out.add(stat(dotGit.resolve(head.substring(5))));
      }
    } catch (IOException e) {
      out.add("no HEAD");
    }
    return out;
  }

  private static Object stat(Path p) {
    try {
      var a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      return java.util.List.of(a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), String.valueOf(a.fileKey()));
    } catch (IOException e) {
      return "absent";
    }
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
  long factsCacheBytes() {
    return factsCache.bytes();
  }

  /** A consistent view of the last committed state. The caller closes it. */
  public IndexSnapshot snapshot() throws SymdexException {
    ReadTxn txn = store.read();
    try {
      return new IndexSnapshot(txn, factsCache);
    } catch (SymdexException e) {
      txn.close();
      throw e;
    }
  }

  /** An import resolver over {@code snapshot}'s files (nothing held in memory but the build-file config). */
  private dev.symdex.engine.resolve.ImportResolver resolver(IndexSnapshot snapshot) {
    dev.symdex.engine.resolve.RepoFiles files = snapshot.repoFiles();
    return new dev.symdex.engine.resolve.ImportResolver(files, configs.orRead(files));
  }

  /** Resolved calls over {@code snapshot}, using its stored import graph for the imported tier. */
  public CallGraph callGraph(IndexSnapshot snapshot) throws SymdexException {
    return new CallGraph(snapshot);
  }

  /**
   * The resolved import graph of {@code snapshot}, as stored: the writer keeps it current in the
   * transaction of every change. A view: cheap to make, used on the snapshot's thread.
   */
  public ImportGraph importGraph(IndexSnapshot snapshot) throws SymdexException {
    return new ImportGraph(snapshot);
  }

  /** The imports of one file, each resolved to repo files, external, or unresolved. */
  public java.util.List<ImportGraph.ResolvedImport> imports(IndexSnapshot snapshot, String path) throws SymdexException {
    return ImportGraph.imports(snapshot, resolver(snapshot), path);
  }

  /**
   * What changed between {@code since} (any revision git knows: SHA, branch, tag, {@code HEAD~3})
   * and the working tree as indexed now, uncommitted edits included: files, and definitions
   * added, removed or modified. At most {@code limit} of each; the rest is cut and said so.
   *
   * @throws SymdexException.InvalidQuery outside a git repository, or for a revision git does not know
   */
  public Delta delta(String since, int limit) throws SymdexException {
    if (since == null || since.isBlank()) {
      throw new SymdexException.InvalidQuery("since is empty: give a revision (a SHA, a branch, HEAD~3)");
    }
    if (limit < 1) {
      throw new SymdexException.InvalidQuery("limit must be positive, was " + limit);
    }
    GitHead g = git.orElseThrow(() -> new SymdexException.InvalidQuery(root + " is not the top of a git working tree"));
    try (IndexSnapshot s = snapshot()) {
      return new DeltaBuilder(root, g, s, extractor, options.maxFileBytes(), parsedRevisionContent, index -> workingCandidates(s, index))
          .build(since, limit);
    } catch (IOException e) {
      throw new SymdexException.StorageFailure("reading git objects: " + e.getMessage(), e);
    }
  }

  /** The files that may differ from git's index, as of the last Delta, carried by each apply. */
  private volatile WorkingCandidates workingCandidates;

  private WorkingCandidates workingCandidates(IndexSnapshot s, GitHead.Index index) throws SymdexException {
    WorkingCandidates w = workingCandidates;
    if (w != null && w.generation() == s.generation() && w.index() == index) {
      return w;
    }
    w = WorkingCandidates.of(s, index);
    workingCandidates = w;
    return w;
  }

  /** Carries the working candidates to the generation {@code r} made (or drops them). */
  private void carryWorkingCandidates(long before, ApplyResult r) throws SymdexException {
    WorkingCandidates w = workingCandidates;
    if (w == null || r.generation() == w.generation()) {
      return;
    }
    workingCandidates = null;
    if (w.generation() != before || r.generation() != before + 1 || r.changesTruncated()) {
      return; // several generations (a checkpointed change) or too many changes listed: merge again
    }
    try (IndexSnapshot s = snapshot()) {
      if (s.generation() == r.generation()) {
        workingCandidates = w.carriedTo(s, r.changes().stream().map(FileChange::path).toList());
      }
    }
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
