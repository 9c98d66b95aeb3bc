package dev.symdex.engine.index;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.model.ContentHash;
import dev.symdex.engine.scan.ScannedFile;
import java.util.Collection;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Reads, hashes and extracts the changed files of one apply on the caller's executor, while the
 * writer's thread looks each file up and records what comes back: a file whose stored state
 * matches its stat is not read; at most {@link #IN_FLIGHT} files are being read at a time;
 * progress is reported at most every 250 ms, and once at the end.
 *
 * <p>Only {@link FileIngest#ingest} runs on the executor, and it touches no store state except
 * through the {@code factsStored} predicate; everything else, the {@link Target} included, runs
 * on the thread that calls {@link #run}. Thread-safe (stateless between runs).
 */
final class ParallelIngest {
  /** Most files read and parsed at once, for bounded memory. */
  static final int IN_FLIGHT = 64;
  private static final long REPORT_NANOS = 250_000_000L;

  /** Where an ingest looks files up and records them: the apply's current transaction. */
  interface Target {
    /**
     * {@code f} with its key and stored state, or null when it is never read (its path is too
     * long to be a key: the target records that itself).
     */
    Candidate lookUp(ScannedFile f) throws SymdexException;

    /** Records what reading {@code c} came to. */
    void accept(Candidate c, FileIngest.Outcome outcome) throws SymdexException;

    /** Called after each file handed to the executor: the target may commit a step here. */
    void submitted() throws SymdexException, InterruptedException;
  }

  /** A file read, with what the writer knew of it before. */
  private record Ingested(Candidate candidate, FileIngest.Outcome outcome) {}

  private final FileIngest ingest;
  private final Predicate<ContentHash> factsStored;
  private final ImportEdges.Cancel cancel;

  /**
   * @param factsStored true when facts of that content are stored already (it is then not parsed);
   *     called on the executor's threads
   * @param cancel polled between files
   */
  ParallelIngest(FileIngest ingest, Predicate<ContentHash> factsStored, ImportEdges.Cancel cancel) {
    this.ingest = ingest;
    this.factsStored = factsStored;
    this.cancel = cancel;
  }

  /** Looks at every one of {@code files} and hands those that changed, read, to {@code target}. */
  void run(Collection<ScannedFile> files, Target target, Executor executor, ProgressListener progress)
      throws SymdexException, InterruptedException {
    CompletionService<Ingested> done = new ExecutorCompletionService<>(executor);
    int total = files.size();
    int checked = 0;
    int inFlight = 0;
    long lastReport = 0;
    for (ScannedFile f : files) {
      cancel.check();
      Candidate c = target.lookUp(f);
      if (c == null || c.unchanged()) {
        checked++;
      } else {
        done.submit(() -> new Ingested(c, ingest.ingest(c.file(), c.stored(), factsStored)));
        inFlight++;
        while (inFlight >= IN_FLIGHT) {
          accept(target, take(done));
          inFlight--;
          checked++;
        }
        target.submitted();
      }
      if (System.nanoTime() - lastReport > REPORT_NANOS) {
        progress.onProgress(checked, total);
        lastReport = System.nanoTime();
      }
    }
    while (inFlight > 0) {
      cancel.check();
      accept(target, take(done));
      inFlight--;
      checked++;
      if (System.nanoTime() - lastReport > REPORT_NANOS) {
        progress.onProgress(checked, total);
        lastReport = System.nanoTime();
      }
    }
    progress.onProgress(total, total);
  }

  private static void accept(Target target, Ingested i) throws SymdexException {
    target.accept(i.candidate(), i.outcome());
  }

  private static Ingested take(CompletionService<Ingested> done) throws InterruptedException, SymdexException {
    Future<Ingested> f = done.take();
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
}
