package dev.symdex.watcher;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.ApplyResult;
import dev.symdex.engine.index.ChangeSet;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.SnapshotFile;
import dev.symdex.engine.model.IndexCounts;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.store.LmdbStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The one-shot {@code index} command, without a daemon: holding the data dir's lock throughout, it
 * builds the index of one root from nothing (or, warm, brings the stored one up to date, parsing
 * only what changed) on a pool of parser threads, prints its totals, then runs the exports asked
 * for on the same snapshot. Not thread-safe; one run at a time per data dir (the lock sees to it).
 */
final class OneShotIndex {
  /** Something written from the finished index (a TSV export), on the snapshot the totals describe. */
  @FunctionalInterface
  interface Export {
    void write(Engine engine, Searcher searcher) throws IOException, SymdexException;
  }

  /**
   * What to index and how.
   *
   * @param root the tree, an absolute directory
   * @param dataDir where the index lives ({@link DataDir#indexFor})
   * @param options the engine's options
   * @param threads parser threads (at least 1 is used)
   * @param warm update the stored index instead of deleting it first
   * @param json print the totals as one JSON object instead of a sentence
   * @param exports run in order after the totals are printed
   * @param seed where a root without an index starts from
   */
  record Request(Path root, DataDir dataDir, EngineOptions options, int threads, boolean warm, boolean json, List<Export> exports,
      Seed seed) {
    Request {
      exports = List.copyOf(exports);
    }

    Request(Path root, DataDir dataDir, EngineOptions options, int threads, boolean warm, boolean json, List<Export> exports) {
      this(root, dataDir, options, threads, warm, json, exports, Seed.SIBLING);
    }
  }

  /**
   * Where the index of a root that has none starts from: nothing, a copy of a sibling's in the data
   * dir (a clone or worktree of the same repository: {@link Seeding}), or a snapshot file.
   */
  sealed interface Seed permits Seed.None, Seed.Sibling, Seed.Snapshot {
    Seed NONE = new None();
    Seed SIBLING = new Sibling();

    record None() implements Seed {}

    record Sibling() implements Seed {}

    /** The snapshot {@code file} ({@link SnapshotFile}); refused when the root has an index already. */
    record Snapshot(Path file) implements Seed {}
  }

  private OneShotIndex() {}

  /**
   * Runs {@code request}: totals to {@code out}, progress to {@code err}.
   *
   * @throws Daemon.DataDirBusyException when another process holds the data dir
   * @throws SymdexException when indexing or an export fails in the engine
   */
  static void run(Request request, PrintStream out, PrintStream err) throws IOException, SymdexException, InterruptedException {
    PhaseClock clock = PhaseClock.start(err);
    clock.mark("start to command");
    DataDir dd = request.dataDir();
    Optional<DaemonLock> lock = DaemonLock.tryAcquire(dd, "index " + request.root());
    if (lock.isEmpty()) {
      throw new Daemon.DataDirBusyException(dd, DaemonLock.holder(dd));
    }
    ExecutorService pool = Threads.pool("parse", request.threads());
    // LMDB's binding is made on a parser thread while this one binds tree-sitter (Engine.open does
    // that first): the two largest parts of a start, overlapped on two cores.
    pool.execute(() -> {
      try {
        LmdbStore.preload();
      } catch (RuntimeException | LinkageError e) {
        // the store's open meets it again and reports it
      }
    });
    try (DaemonLock held = lock.get()) {
      Path indexDir = dd.indexFor(request.root());
      long start = System.nanoTime();
      Seeding.removeLeftovers(dd);
      String seededFrom = "";
      if (request.seed() instanceof Seed.Snapshot snap) {
        SnapshotFile.importTo(snap.file(), request.root(), request.options(), indexDir); // refuses an index already there
        seededFrom = snap.file().toAbsolutePath().normalize().toString();
      } else {
        if (!request.warm()) {
          deleteTree(indexDir); // cold: start from nothing (or from a sibling's copy)
        }
        if (request.seed() instanceof Seed.Sibling) {
          Optional<Seeding.Seeded> s = Seeding.seed(dd, request.root(), request.options(), List.of(), true);
          if (s.isPresent()) {
            seededFrom = s.get().from();
            err.println("symdex: " + s.get().describe());
          }
        }
      }
      clock.mark("lock, seed or delete old");
      try (Engine engine = Engine.open(request.root(), indexDir, request.options())) {
        engine.excludeIfInside(dd.path());
        clock.mark("open engine");
        IndexProgress progress = new IndexProgress(err);
        ApplyResult r = engine.apply(ChangeSet.everything(), pool, progress::report);
        progress.finish();
        clock.mark("apply (parse, write)");
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        try (Searcher s = Searcher.open(engine)) {
          printTotals(out, request.json(), s.counts(), r, elapsed, engine, seededFrom);
          for (Export export : request.exports()) {
            export.write(engine, s);
          }
          clock.mark("totals, exports");
        }
      }
      clock.mark("close engine");
    } finally {
      pool.shutdownNow();
    }
  }

  private static void printTotals(PrintStream out, boolean json, IndexCounts c, ApplyResult r, long elapsedMs, Engine engine,
      String seededFrom) throws SymdexException {
    if (json) {
      out.println("{\"files\":" + c.files() + ",\"symbols\":" + c.definitions() + ",\"references\":" + c.references()
          + ",\"calls\":" + c.calls() + ",\"imports\":" + c.imports() + ",\"parse_errors\":" + c.parseErrors()
          + ",\"elapsed_ms\":" + elapsedMs + ",\"skipped\":" + c.issues() + ",\"files_checked\":" + r.filesChecked()
          + ",\"files_parsed\":" + r.filesParsed() + ",\"index_bytes\":" + engine.sizeOnDisk() + ",\"facts_bytes\":" + engine.factsBytes()
          + ",\"head\":" + Json.quote(r.head()) + ",\"root\":" + Json.quote(engine.root().toString())
          + ",\"seeded_from\":" + Json.quote(seededFrom) + "}");
    } else {
      out.printf(Locale.ROOT, "indexed %s in %d ms: %d files, %d symbols, %d references, %d calls, %d imports, %d with parse errors, %d skipped"
          + "; %d files parsed%s%n",
          engine.root(), elapsedMs, c.files(), c.definitions(), c.references(), c.calls(), c.imports(), c.parseErrors(), c.issues(),
          r.filesParsed(), seededFrom.isEmpty() ? "" : " (seeded from " + seededFrom + ")");
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
