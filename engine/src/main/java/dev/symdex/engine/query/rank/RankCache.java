package dev.symdex.engine.query.rank;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.query.Searcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The file graph of the latest generation seen, and its global PageRank (uniform restarts: the
 * centrality of Explore), held across generations. The first call builds the graph ({@link
 * FileGraph#build}); each later generation moves it ({@link FileGraph#update}) by the files whose
 * content hash differs from those the graph was built from (added, modified, deleted: the holder
 * keeps each indexed file's hash and diffs a snapshot's file table against it). The global ranks
 * are recomputed only when the graph's edges changed.
 *
 * <p>Thread-safe: one builder at a time, and a complete {@link Current} is published at once
 * (readers never see a half-moved graph). {@link #refresh} waits for a running builder; {@link
 * #at} does not when there is a graph already (it answers the last complete one).
 */
public final class RankCache {
  /** How the holder came to its current graph. */
  public enum Move {
    /** Built from the whole index (the first time). */
    BUILT,
    /** Moved from the previous graph by the files that changed. */
    UPDATED,
    /** No indexed file changed: the previous graph, as it was. */
    KEPT
  }

  /**
   * One complete state of the holder.
   *
   * @param generation the generation of the snapshot it is current for
   * @param graph the file graph (its own {@link FileGraph#generation} may be older when kept)
   * @param centrality the global PageRank of {@code graph} (uniform restarts)
   * @param move how {@code graph} was made from the previous state
   * @param changed files whose hash changed since the previous state (0 when built)
   */
  public record Current(long generation, FileGraph graph, GraphRank.Ranks centrality, Move move, int changed) {}

  private final GraphRank centrality;
  private final ReentrantLock builder = new ReentrantLock();
  private volatile Current current;
  /** Content hash of each file of {@code current}'s graph, by path; guarded by {@link #builder}. */
  private Map<String, Long> hashes = Map.of();

  /** A holder whose global ranks walk with {@code centrality} (its seeds are always uniform). */
  public RankCache(GraphRank.Params centrality) {
    this.centrality = new GraphRank(centrality);
  }

  /**
   * The state for {@code searcher}'s generation as {@link #at} answers it, but never the first
   * build: empty until a complete state exists (whoever builds it, e.g. {@link #refresh} on a
   * background thread). Moving an existing graph by the files that changed stays on the caller.
   */
  public Optional<Current> ifBuilt(Searcher searcher) throws SymdexException {
    return current == null ? Optional.empty() : Optional.of(at(searcher));
  }

  /**
   * Bytes the last complete state holds (graph, ranks, and the hash of each file, by path), an
   * estimate for the daemon's memory cap; 0 before the first.
   */
  public long estimatedBytes() {
    Current c = current;
    if (c == null) {
      return 0;
    }
    long files = c.graph().size();
    return c.graph().estimatedBytes() + files * 8 + files * 64;
  }

  /** The last complete state, without building or waiting; empty before the first. */
  public Optional<Current> latest() {
    return Optional.ofNullable(current);
  }

  /**
   * The state for {@code searcher}'s generation, for a request: the current one when it is at
   * least that generation; else, while another thread builds, the last complete one (older: see
   * its {@link Current#generation}); else moved (or first built) here, as {@link #refresh} does.
   */
  public Current at(Searcher searcher) throws SymdexException {
    Current c = current;
    if (c != null && c.generation() >= searcher.generation()) {
      return c;
    }
    if (c != null && builder.isLocked()) {
      return c;
    }
    return refresh(searcher);
  }

  /**
   * Brings the holder to {@code searcher}'s generation and returns that state: builds the graph
   * the first time, then moves it by the files whose hash changed. Waits while another thread
   * builds. A searcher older than the current state changes nothing (the current state is
   * returned).
   */
  public Current refresh(Searcher searcher) throws SymdexException {
    builder.lock();
    try {
      Current c = current;
      if (c != null && c.generation() >= searcher.generation()) {
        return c;
      }
      Map<String, Long> now = indexedHashes(searcher.snapshot());
      Current next;
      if (c == null) {
        FileGraph graph = FileGraph.build(searcher);
        next = new Current(searcher.generation(), graph, centrality.rank(graph, Map.of()), Move.BUILT, 0);
      } else {
        List<String> changed = changed(hashes, now);
        if (changed.isEmpty()) {
          next = new Current(searcher.generation(), c.graph(), c.centrality(), Move.KEPT, 0);
        } else {
          FileGraph graph = c.graph().update(searcher, changed);
          GraphRank.Ranks ranks = graph.sameEdges(c.graph()) ? c.centrality() : centrality.rank(graph, Map.of());
          next = new Current(searcher.generation(), graph, ranks, Move.UPDATED, changed.size());
        }
      }
      hashes = now;
      current = next;
      return next;
    } finally {
      builder.unlock();
    }
  }

  /** The content hash of every indexed file (the graph's nodes), by path. */
  private static Map<String, Long> indexedHashes(IndexSnapshot snapshot) throws SymdexException.CorruptIndex {
    Map<String, Long> out = new HashMap<>();
    snapshot.forEachFile((path, state) -> {
      if (state.status().isIndexed()) {
        out.put(path, state.hash().orElseThrow().value());
      }
      return true;
    });
    return out;
  }

  /** Paths added, deleted or with another hash in {@code now} than in {@code before}, sorted. */
  private static List<String> changed(Map<String, Long> before, Map<String, Long> now) {
    List<String> out = new ArrayList<>();
    now.forEach((path, hash) -> {
      if (!hash.equals(before.get(path))) {
        out.add(path);
      }
    });
    before.keySet().forEach(path -> {
      if (!now.containsKey(path)) {
        out.add(path);
      }
    });
    out.sort(null);
    return out;
  }
}
