package dev.symdex.engine.index;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsCodec;
import dev.symdex.engine.codec.FactsView;
import dev.symdex.engine.codec.FileStateCodec;
import dev.symdex.engine.codec.Keys;
import dev.symdex.engine.codec.MetaCodec;
import dev.symdex.engine.extract.FactExtractor;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.model.Import;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.resolve.ImportResolver;
import dev.symdex.engine.resolve.ImportTarget;
import dev.symdex.engine.resolve.ProbeRecorder;
import dev.symdex.engine.resolve.ProjectConfig;
import dev.symdex.engine.resolve.RepoFiles;
import dev.symdex.engine.store.ReadTxn;
import dev.symdex.engine.store.Store;
import dev.symdex.engine.store.UncheckedCorruptIndex;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.store.WriteTxn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Keeps the stored import graph current inside the writer's transaction: the resolved edges both
 * ways ({@code imports}, {@code importers}), the probe keys each file's resolution read ({@code
 * probes}, {@code fileprobes}), and the name tables resolution reads over ({@code names}, {@code
 * dirnames}).
 *
 * <p>A file's edges are what its imports resolve to and, for a Java file, the types it uses
 * without an import line ({@link ImportResolver#uses}: its package's, and qualified ones).
 *
 * <p>The cascade is exact and bounded: a file is resolved again when its own content changed, or
 * when a change matches one of the probe keys its last resolution recorded (a file it looked for
 * came or went, a directory it listed gained or lost a file, a package it asked about gained or
 * lost a declaration, a {@code Bar.java} came to declare its package — see {@link ProbeRecorder}).
 * Resolution reads files and definitions only, never other files' resolved imports, so nothing
 * propagates further: where a re-resolved file's edges come out as before, nothing is written
 * (early cutoff). Cost: O(changed files + files whose probes they match). A change of a build file
 * ({@link ProjectConfig#BUILD_FILES}), a first index, an interrupted bulk change, an upgraded index
 * or a graph of other resolution rules ({@link ImportResolver#VERSION}) rebuild the whole graph.
 *
 * <p>Writer-only (one instance per apply); not thread-safe.
 */
final class ImportEdges {
  private final ProjectConfigs configs;
  private final Set<Integer> dirty = new HashSet<>();
  private final Set<Integer> removed = new HashSet<>();
  private final Set<Long> triggers = new HashSet<>();
  private boolean buildFileTouched;
  private boolean complete;

  ImportEdges(ProjectConfigs configs, ReadTxn txn) throws SymdexException.CorruptIndex {
    this.configs = configs;
    // A graph built by other resolution rules (an older build's) is rebuilt like a missing one.
    this.complete = MetaCodec.importGraphVersion(txn.get(Table.META, MetaCodec.KEY_IMPORT_GRAPH)) == ImportResolver.VERSION;
  }

  /**
   * Fills {@code names} and {@code dirnames} from the files table (an index upgraded from a format
   * without them); the import graph itself is rebuilt by the next apply.
   */
  static void fillNames(WriteTxn w) throws SymdexException.CorruptIndex {
    w.clear(Table.NAMES);
    w.clear(Table.DIR_NAMES);
    List<String> paths = new ArrayList<>();
    w.scan(Table.FILES, new byte[0], (k, v) -> {
      paths.add(Keys.path(k));
      return true;
    });
    Set<String> dirs = new HashSet<>();
    for (String p : paths) {
      w.put(Table.NAMES, Keys.byName(p), p.getBytes(StandardCharsets.UTF_8));
      for (String d = RepoFiles.parent(p); !d.isEmpty() && dirs.add(d); d = RepoFiles.parent(d)) {
        w.put(Table.DIR_NAMES, Keys.byName(d), d.getBytes(StandardCharsets.UTF_8));
      }
    }
    w.delete(Table.META, MetaCodec.KEY_IMPORT_GRAPH);
  }

  /**
   * False when the stored graph must be rebuilt (first index, upgrade, interrupted bulk change, a
   * graph resolved by other rules).
   */
  boolean isComplete() {
    return complete;
  }

  /** Before {@code path} (a new file, id {@code fileId}) is written to the files table. */
  void adding(WriteTxn w, String path, int fileId) {
    w.put(Table.NAMES, Keys.byName(path), path.getBytes(StandardCharsets.UTF_8));
    StoredRepoFiles files = new StoredRepoFiles(w);
    for (String d = RepoFiles.parent(path); !d.isEmpty() && !files.isDirectory(d); d = RepoFiles.parent(d)) {
      w.put(Table.DIR_NAMES, Keys.byName(d), d.getBytes(StandardCharsets.UTF_8));
      trigger(ProbeRecorder.directoryTriggers(d));
    }
    trigger(ProbeRecorder.fileTriggers(path));
    changed(path, fileId);
  }

  /** After {@code path} (id {@code fileId}) was deleted from the files table. */
  void removed(WriteTxn w, String path, int fileId) {
    w.delete(Table.NAMES, Keys.byName(path));
    StoredRepoFiles files = new StoredRepoFiles(w);
    for (String d = RepoFiles.parent(path); !d.isEmpty() && !files.isDirectory(d); d = RepoFiles.parent(d)) {
      w.delete(Table.DIR_NAMES, Keys.byName(d));
      trigger(ProbeRecorder.directoryTriggers(d));
    }
    trigger(ProbeRecorder.fileTriggers(path));
    removed.add(fileId);
    buildFileTouched |= ProjectConfig.BUILD_FILES.contains(RepoFiles.name(path));
  }

  /** {@code path}'s content or status changed: its own imports are resolved again. */
  void changed(String path, int fileId) {
    dirty.add(fileId);
    buildFileTouched |= ProjectConfig.BUILD_FILES.contains(RepoFiles.name(path));
  }

  /** File {@code path} started or stopped defining {@code name}. */
  void definitionChanged(String path, String name) {
    trigger(ProbeRecorder.definitionTriggers(path, name));
  }

  private void trigger(long[] keys) {
    if (complete) {
      for (long k : keys) {
        triggers.add(k);
      }
    }
  }

  /**
   * Most changed (and removed) files a step of a larger change resolves itself, keeping a complete
   * graph complete; a step with more marks the graph incomplete instead.
   */
  static final int STEP_RESOLVE_MAX = 256;

  /**
   * The transaction is about to commit as a step of a larger change. When the graph is complete
   * and the step changed few files' content ({@link #STEP_RESOLVE_MAX}; none, when a step only
   * moved stats: a warm start on a copied index, a tree touched by a tool; files that are not
   * indexed and have no edges do not count, see {@link #inert}), the step brings the
   * graph up to date itself and it stays complete. Otherwise the graph is left as it is, marked
   * incomplete, and rebuilt when the change ends (or by the next apply, if it never does).
   */
  void checkpoint(WriteTxn w) throws SymdexException, InterruptedException {
    if (complete && !buildFileTouched) {
      dirty.removeIf(id -> inert(w, id));
    }
    if (complete && !buildFileTouched && dirty.size() + removed.size() <= STEP_RESOLVE_MAX) {
      if (!dirty.isEmpty() || !removed.isEmpty() || !triggers.isEmpty()) {
        update(w, () -> {}); // a few files: resolved without polling (the step polled just before)
      }
      dirty.clear();
      removed.clear();
      triggers.clear();
      return;
    }
    w.delete(Table.META, MetaCodec.KEY_IMPORT_GRAPH);
    complete = false;
    dirty.clear();
    removed.clear();
    triggers.clear();
  }

  /**
   * True when resolving file {@code id} again would change nothing: it is not indexed (its stat or
   * content moved, but it is not a file imports are read from) and has no edges or probes stored.
   * A stat-only change of the tree's other files (docs, data, build scripts) marks them all.
   */
  private static boolean inert(WriteTxn w, int id) {
    try {
      byte[] key = Keys.fileId(id);
      byte[] path = w.get(Table.FILE_IDS, key); // raw UTF-8: the path's key in the files table
      byte[] state = path == null ? null : w.get(Table.FILES, path);
      return state != null && !FileStateCodec.decode(state).status().isIndexed()
          && w.postingsCount(Table.IMPORTS, key) == 0 && w.postingsCount(Table.FILE_PROBES, key) == 0;
    } catch (SymdexException.CorruptIndex e) {
      return false; // resolved as any other: the error surfaces there
    }
  }

  /** Polled between files by {@link #update}: throws to stop it (the caller abandons the transaction). */
  interface Cancel {
    void check() throws InterruptedException, SymdexException.Cancelled;
  }

  /** Brings the graph up to date with everything noted; returns how many files were resolved. */
  int update(WriteTxn w, Cancel cancel) throws SymdexException, InterruptedException {
    StoredRepoFiles files = new StoredRepoFiles(w);
    if (buildFileTouched || configs.current() == null) {
      configs.set(ProjectConfig.read(configs.root(), files));
    }
    ImportResolver resolver = new ImportResolver(files, configs.current());
    // One for the whole pass: resolving writes only the graph's own tables, never what it reads.
    StoredDefinitions definitions = new StoredDefinitions(w);
    if (!complete || buildFileTouched) {
      return rebuild(w, resolver, definitions, cancel);
    }
    for (long t : triggers) {
      w.postings(Table.PROBES, Keys.probe(t), id -> {
        dirty.add(Keys.fileId(id));
        return true; // every file with the probe, also past one that is dirty already
      });
    }
    for (int id : removed) {
      drop(w, id);
      dirty.remove(id);
    }
    int resolved = 0;
    for (int id : new TreeSet<>(dirty)) {
      cancel.check();
      byte[] path = w.get(Table.FILE_IDS, Keys.fileId(id));
      if (path == null) {
        drop(w, id);
        continue;
      }
      resolved++;
      Resolution r = resolve(w, resolver, definitions, Keys.path(path));
      replace(w, Table.IMPORTS, Table.IMPORTERS, id, r.targets());
      replace(w, Table.FILE_PROBES, Table.PROBES, id, r.probes());
    }
    return resolved;
  }

  /** True when {@link #update} would resolve every file ({@link #rebuildInParallel} may do it instead). */
  boolean needsRebuild() {
    return !complete || buildFileTouched;
  }

  /**
   * {@link #update}'s rebuild on {@code parallelism} tasks of {@code executor}, each resolving its
   * share of the files over a read transaction of its own: resolution is a pure function of what
   * it reads (files, facts, definitions), so the caller must have committed everything the graph
   * depends on, and {@code steps} must write nothing else until this returns. The files are
   * resolved in chunks of {@link #REBUILD_CHUNK}, so the resolutions held at once are bounded
   * whatever the tree's size (all of them at once took 200 MB of heap on OpenJDK); each chunk's
   * edges are written after its tasks closed their reads (a step committed under an open read
   * cannot reuse the pages it frees: the index file grew by 400 MB so), in the order of the files
   * table, as {@link #update} would write them, in steps of at most about {@link
   * WriteBatch#CHECKPOINT_CHANGES} changes; the graph is marked complete in the last.
   */
  int rebuildInParallel(Store store, Steps steps, Executor executor, int parallelism, Cancel cancel)
      throws SymdexException, InterruptedException {
    WriteTxn w = steps.txn();
    StoredRepoFiles files = new StoredRepoFiles(w);
    configs.set(ProjectConfig.read(configs.root(), files));
    ProjectConfig config = configs.current();
    Files rows = clearGraph(w);
    List<String> paths = rows.paths();
    List<byte[]> states = rows.states();
    int resolved = 0;
    // at most a quarter of the files: a rebuild of more than 256 files, a test's too, runs several chunks
    int size = Math.min(REBUILD_CHUNK, Math.max(64, (paths.size() + 3) / 4));
    for (int from = 0; from < paths.size(); from += size) {
      List<String> chunk = paths.subList(from, Math.min(paths.size(), from + size));
      Resolution[] out = resolveInParallel(store, config, chunk, executor, parallelism, cancel);
      for (int i = 0; i < out.length; i++) {
        Resolution r = out[i];
        out[i] = null;
        if (r == Resolution.NONE) {
          continue;
        }
        resolved++;
        write(w, Keys.fileId(FileStateCodec.fileIdOf(states.get(from + i))), r);
        if (w.changes() >= WriteBatch.CHECKPOINT_CHANGES) { // the graph in steps too: LMDB holds a step's pages
          steps.checkpoint();
          w = steps.txn();
        }
      }
    }
    w.put(Table.META, MetaCodec.KEY_IMPORT_GRAPH, MetaCodec.importGraph(ImportResolver.VERSION));
    complete = true;
    buildFileTouched = false;
    return resolved;
  }

  /** How many files {@link #rebuildInParallel} resolves before it writes their edges. */
  static final int REBUILD_CHUNK = 4096;

  /** The resolutions of {@code paths}, made on up to {@code parallelism} tasks, each over a read of its own, all closed on return. */
  private static Resolution[] resolveInParallel(Store store, ProjectConfig config, List<String> paths, Executor executor,
      int parallelism, Cancel cancel) throws SymdexException, InterruptedException {
    int tasks = Math.max(1, Math.min(parallelism, paths.size()));
    Resolution[] out = new Resolution[paths.size()];
    List<Future<Void>> running = new ArrayList<>(tasks);
    try {
      for (int t = 0; t < tasks; t++) {
        int first = t;
        FutureTask<Void> task = new FutureTask<>(() -> {
          try (ReadTxn r = store.read()) {
            ImportResolver resolver = new ImportResolver(new StoredRepoFiles(r), config);
            StoredDefinitions definitions = new StoredDefinitions(r);
            for (int i = first; i < out.length; i += tasks) { // interleaved: each task gets a share of every directory
              cancel.check();
              out[i] = resolve(r, resolver, definitions, paths.get(i));
            }
          }
          return null;
        });
        executor.execute(task);
        running.add(task);
      }
      for (Future<Void> f : running) {
        await(f);
      }
    } finally {
      for (Future<Void> f : running) {
        f.cancel(true);
      }
    }
    return out;
  }

  /**
   * The transaction a {@link #rebuildInParallel} writes in, committed as a step of its own when it
   * has held many changes (the graph is marked incomplete until the last step).
   */
  interface Steps {
    WriteTxn txn();

    void checkpoint() throws SymdexException, InterruptedException;
  }

  /** Waits for a rebuild task; what it threw is thrown here, as it would have been on the writer's thread. */
  private static void await(Future<Void> f) throws SymdexException, InterruptedException {
    try {
      f.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      switch (cause) {
        case SymdexException x -> throw x;
        case InterruptedException x -> throw x;
        case UncheckedCorruptIndex x -> throw x.getCause();
        case RuntimeException x -> throw x;
        case Error x -> throw x;
        default -> throw new SymdexException.StorageFailure("resolving imports failed: " + cause, cause);
      }
    }
  }

  /** Every file resolved from scratch. */
  private int rebuild(WriteTxn w, ImportResolver resolver, StoredDefinitions definitions, Cancel cancel)
      throws SymdexException, InterruptedException {
    Files rows = clearGraph(w);
    List<String> paths = rows.paths();
    List<byte[]> states = rows.states();
    int resolved = 0;
    for (int i = 0; i < paths.size(); i++) {
      cancel.check();
      Resolution r = resolve(w, resolver, definitions, paths.get(i));
      if (r == Resolution.NONE) {
        continue;
      }
      resolved++;
      write(w, Keys.fileId(FileStateCodec.fileIdOf(states.get(i))), r);
    }
    w.put(Table.META, MetaCodec.KEY_IMPORT_GRAPH, MetaCodec.importGraph(ImportResolver.VERSION));
    return resolved;
  }

  /** The files table's paths and stored states, in its order. */
  private record Files(List<String> paths, List<byte[]> states) {}

  /** Empties the graph's tables before a rebuild; returns every file to resolve. */
  private static Files clearGraph(WriteTxn w) throws SymdexException.CorruptIndex {
    for (Table t : new Table[] {Table.IMPORTS, Table.IMPORTERS, Table.PROBES, Table.FILE_PROBES}) {
      w.clear(t);
    }
    List<String> paths = new ArrayList<>();
    List<byte[]> states = new ArrayList<>();
    w.scan(Table.FILES, new byte[0], (k, v) -> {
      paths.add(Keys.path(k));
      states.add(v);
      return true;
    });
    return new Files(paths, states);
  }

  /** Writes file {@code id}'s resolution, both ways, into a graph cleared before. */
  private static void write(WriteTxn w, byte[] id, Resolution r) {
    for (byte[] t : r.targets()) {
      w.put(Table.IMPORTS, id, t);
      w.put(Table.IMPORTERS, t, id);
    }
    for (byte[] p : r.probes()) {
      w.put(Table.FILE_PROBES, id, p);
      w.put(Table.PROBES, p, id);
    }
  }

  /** A file's resolved targets (file ids) and the probe keys its resolution read, as stored bytes. */
  private record Resolution(List<byte[]> targets, List<byte[]> probes) {
    static final Resolution NONE = new Resolution(List.of(), List.of());
  }

  private static Resolution resolve(ReadTxn w, ImportResolver resolver, StoredDefinitions stored, String path)
      throws SymdexException {
    Optional<byte[]> key = Keys.path(path);
    byte[] state = key.isEmpty() ? null : w.get(Table.FILES, key.get());
    if (state == null) {
      return Resolution.NONE;
    }
    FileState s = FileStateCodec.decode(state);
    if (!s.status().isIndexed()) {
      return Resolution.NONE;
    }
    byte[] facts = w.get(Table.FACTS, Keys.facts(s.hash().orElseThrow(), FactExtractor.VERSION));
    if (facts == null) {
      throw new SymdexException.CorruptIndex("facts of " + path + " are missing");
    }
    Language language = s.language().orElseThrow();
    // Java files depend on their package's types and on qualified names too: that needs their
    // references, so their facts are read whole; other files' imports are read in place.
    FileFacts whole = language == Language.JAVA ? FactsCodec.decode(facts) : null;
    List<Import> imports = new ArrayList<>();
    if (whole != null) {
      imports.addAll(whole.imports());
    } else {
      FactsView.of(facts).imports((text, line) -> imports.add(new Import(text, line)));
    }
    if (imports.isEmpty() && whole == null) {
      return Resolution.NONE;
    }
    ProbeRecorder recorder = new ProbeRecorder();
    ImportResolver recording = resolver.recordingTo(recorder);
    ImportResolver.Definitions definitions = recorder.watching(stored);
    TreeSet<String> targets = new TreeSet<>();
    for (Import imp : imports) {
      for (ImportTarget t : recording.resolve(path, language, imp, definitions)) {
        targets.addAll(t.paths());
      }
    }
    if (whole != null) {
      targets.addAll(recording.uses(path, whole, definitions));
    }
    targets.remove(path);
    List<byte[]> ids = new ArrayList<>(targets.size());
    for (String t : targets) {
      Optional<byte[]> tk = Keys.path(t);
      byte[] st = tk.isEmpty() ? null : w.get(Table.FILES, tk.get());
      if (st != null) {
        ids.add(Keys.fileId(FileStateCodec.fileIdOf(st)));
      }
    }
    List<byte[]> probes = new ArrayList<>(recorder.keys().size());
    for (long k : recorder.keys()) {
      probes.add(Keys.probe(k));
    }
    return new Resolution(ids, probes);
  }

  /** Sets the values of {@code id} in {@code forward} to {@code now}, and mirrors the change in {@code reverse}. */
  private static void replace(WriteTxn w, Table forward, Table reverse, int id, List<byte[]> now) throws SymdexException.CorruptIndex {
    byte[] key = Keys.fileId(id);
    Set<ByteKey> before = new HashSet<>();
    w.postings(forward, key, v -> {
      before.add(new ByteKey(v));
      return true;
    });
    Set<ByteKey> after = new HashSet<>();
    for (byte[] v : now) {
      after.add(new ByteKey(v));
    }
    for (ByteKey v : before) {
      if (!after.contains(v)) {
        w.delete(forward, key, v.bytes());
        w.delete(reverse, v.bytes(), key);
      }
    }
    for (ByteKey v : after) {
      if (!before.contains(v)) {
        w.put(forward, key, v.bytes());
        w.put(reverse, v.bytes(), key);
      }
    }
  }

  /** Removes every edge and probe of a file that is gone. */
  private static void drop(WriteTxn w, int id) throws SymdexException.CorruptIndex {
    replace(w, Table.IMPORTS, Table.IMPORTERS, id, List.of());
    replace(w, Table.FILE_PROBES, Table.PROBES, id, List.of());
    w.delete(Table.IMPORTERS, Keys.fileId(id));
  }

  /** A byte array with value equality. */
  private record ByteKey(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ByteKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }
}
