package dev.symdex.watcher;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSeed;
import dev.symdex.engine.index.SnapshotFile;
import dev.symdex.engine.store.StoreCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code symdex snapshot export}: writes one project's index to a snapshot file ({@link
 * SnapshotFile}), offline. It holds the data dir's lock throughout, so it refuses while a daemon
 * serves that data dir (stop it first); the index is checked before it is read ({@link
 * StoreCheck}: walked in a child process when it was not closed in order). Importing is a seeded
 * one-shot index ({@link OneShotIndex.Seed.Snapshot}). Stateless.
 */
final class SnapshotExport {
  private SnapshotExport() {}

  /**
   * The index directory of {@code project}: a root (a directory), or the name of an index
   * directory of the data dir (a project id as {@code list-projects} shows it).
   *
   * @throws IOException when neither names an index in the data dir
   */
  static Path indexDirOf(DataDir dd, String project) throws IOException {
    Path asRoot = Path.of(project).toAbsolutePath().normalize();
    if (Files.isDirectory(asRoot) && !asRoot.startsWith(dd.path())) {
      Path dir = dd.indexFor(asRoot);
      if (Files.exists(dir.resolve("data.mdb"))) {
        return dir;
      }
      throw new IOException("no index of " + asRoot + " in the data dir " + dd.path() + "; build one first (symdex index DIR)");
    }
    if (!project.contains("/") && !project.startsWith(".")) {
      Path dir = dd.path().resolve("index").resolve(project);
      if (Files.exists(dir.resolve("data.mdb"))) {
        return dir;
      }
    }
    throw new IOException("no project " + project + " in the data dir " + dd.path() + " (give its root or its id)");
  }

  /**
   * Exports the index of {@code project} to {@code file}; returns the bytes written.
   *
   * @throws Daemon.DataDirBusyException when a daemon (or another command) holds the data dir
   * @throws IOException when the project has no index
   * @throws SymdexException when the index is damaged, or the file cannot be written
   */
  static long run(DataDir dd, String project, Path file) throws IOException, SymdexException {
    Optional<DaemonLock> lock = DaemonLock.tryAcquire(dd, "snapshot export " + project);
    if (lock.isEmpty()) {
      throw new Daemon.DataDirBusyException(dd, DaemonLock.holder(dd));
    }
    try (DaemonLock held = lock.get()) {
      Seeding.removeLeftovers(dd);
      Path indexDir = indexDirOf(dd, project);
      StoreCheck.Verdict v = StoreCheck.verify(indexDir);
      if (!v.ok()) {
        throw new SymdexException.CorruptIndex("the index in " + indexDir + " cannot be exported: " + v.why()
            + "; `symdex index ROOT --warm` rebuilds it");
      }
      return SnapshotFile.export(dir -> IndexSeed.copyClosed(indexDir, dir), indexDir, file);
    }
  }
}
