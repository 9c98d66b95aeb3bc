package dev.symdex.watcher;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.IndexSeed;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Starts a root's new index as a copy of a sibling's in the same data dir (a second clone or
 * worktree of a tree indexed there; {@link IndexSeed}), so that its first reconcile parses only
 * what differs. Indexes open in this process are copied through their engine (an LMDB store is
 * never opened twice in one process); closed ones are read only when the caller says nothing else
 * in the process may open them meanwhile. Seeding never fails an open: when it cannot be done the
 * index starts empty, as before. Stateless.
 */
final class Seeding {
  private static final Logger LOG = Logger.getLogger(Seeding.class.getName());

  /** What seeding did: the root whose index was copied, and how long it took. */
  record Seeded(String from, long millis) {
    String describe() {
      return "seeded from the index of " + from + " (" + millis + " ms)";
    }
  }

  private Seeding() {}

  /**
   * Seeds the index of {@code root} when it has none yet.
   *
   * @param open engines open in this process (candidates, copied through their store)
   * @param closedToo whether indexes not open here may be opened to read and copied: only while
   *     nothing else in this process may open them (a one-shot index, a daemon before its projects open)
   * @return what was done; empty when the root has an index already, or no sibling was found or
   *     could be copied
   */
  static Optional<Seeded> seed(DataDir dd, Path root, EngineOptions options, Collection<Engine> open, boolean closedToo) {
    long start = System.nanoTime();
    Path indexDir = dd.indexFor(root);
    if (Files.exists(indexDir.resolve("data.mdb")) || !Files.exists(root.resolve(".git"))) {
      return Optional.empty(); // it has an index, or no git identity to find a sibling by
    }
    Map<Path, Engine> engines = new HashMap<>();
    List<IndexSeed.Source> sources = new ArrayList<>();
    for (Engine e : open) {
      try {
        Path dir = e.indexDir().toAbsolutePath().normalize();
        if (!dir.equals(indexDir)) {
          e.seedSource(options).ifPresent(s -> {
            sources.add(s);
            engines.put(dir, e);
          });
        }
      } catch (SymdexException ex) {
        // not a candidate
      }
    }
    if (closedToo) {
      for (Path dir : indexDirs(dd)) {
        if (!dir.equals(indexDir) && !engines.containsKey(dir)) {
          IndexSeed.describeClosed(dir, options).ifPresent(sources::add);
        }
      }
    }
    if (sources.isEmpty()) {
      return Optional.empty();
    }
    Optional<IndexSeed.Source> pick = IndexSeed.pick(root, sources);
    if (pick.isEmpty()) {
      return Optional.empty();
    }
    IndexSeed.Source from = pick.get();
    Path tmp = null;
    try {
      tmp = IndexSeed.tempDirFor(indexDir);
      Engine engine = engines.get(from.indexDir().toAbsolutePath().normalize());
      if (engine != null) {
        engine.copyIndexTo(tmp);
      } else {
        IndexSeed.copyClosed(from.indexDir(), tmp);
      }
      IndexSeed.plant(tmp, root, options, indexDir);
      tmp = null;
      return Optional.of(new Seeded(from.root(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
    } catch (SymdexException | RuntimeException e) {
      LOG.warning(root + ": could not seed the index from " + from.root() + " (" + e.getMessage() + "); indexing from nothing");
      return Optional.empty();
    } finally {
      if (tmp != null) {
        IndexSeed.deleteQuietly(tmp);
      }
    }
  }

  /** The index directories of the data dir (not the ones moved aside, nor temporary ones). */
  static List<Path> indexDirs(DataDir dd) {
    Path index = dd.path().resolve("index");
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(index)) {
      return out;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(index)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        if (!name.startsWith(".") && !name.contains(".corrupt-") && !name.contains(".stale-") && !name.contains(".check-")
            && Files.isDirectory(p)) {
          out.add(p.toAbsolutePath().normalize());
        }
      }
    } catch (IOException e) {
      // no candidates
    }
    return out;
  }

  /**
   * Removes the temporary directories a killed seeding left in the data dir. Only while nothing
   * else in this process seeds (the caller holds the data dir's lock and has not started any).
   */
  static void removeLeftovers(DataDir dd) {
    Path index = dd.path().resolve("index");
    if (!Files.isDirectory(index)) {
      return;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(index, IndexSeed.TEMP_PREFIX + "*")) {
      for (Path p : s) {
        IndexSeed.deleteQuietly(p);
      }
    } catch (IOException e) {
      // left over
    }
  }
}
