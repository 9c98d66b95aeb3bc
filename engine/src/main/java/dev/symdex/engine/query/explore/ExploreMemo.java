package dev.symdex.engine.query.explore;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.query.explore.ExploreMap.EntryPoint;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one project's maps keep between requests: the entry points found in each file, by path and
 * content hash (finding them decodes the file's facts or reads its source; OpenJDK has thousands of
 * {@code main} methods). An entry holds only while the file keeps that hash, so a memo never
 * answers for content it did not see. Thread-safe; one per project, for as long as the project is
 * served ({@link #NONE}: no memo).
 */
public final class ExploreMemo {
  /** Remembers nothing: every map finds everything again. */
  public static final ExploreMemo NONE = new ExploreMemo(false);

  private record Found(long hash, List<EntryPoint> entryPoints) {}

  private final boolean remembers;
  private final Map<String, Found> entryPoints = new ConcurrentHashMap<>();

  private ExploreMemo(boolean remembers) {
    this.remembers = remembers;
  }

  /** An empty memo for one project. */
  public static ExploreMemo create() {
    return new ExploreMemo(true);
  }

  /** How a file's entry points are found when the memo has none for its content. */
  @FunctionalInterface
  interface Finder {
    List<EntryPoint> find(String path, FileState state) throws SymdexException;
  }

  /** The entry points of {@code path} at {@code state}'s content: remembered, or found by {@code finder} and remembered. */
  List<EntryPoint> entryPoints(String path, FileState state, Finder finder) throws SymdexException {
    Optional<Long> hash = state.hash().map(h -> h.value());
    if (!remembers || hash.isEmpty()) {
      return finder.find(path, state);
    }
    Found known = entryPoints.get(path);
    if (known != null && known.hash() == hash.get()) {
      return known.entryPoints();
    }
    List<EntryPoint> found = List.copyOf(finder.find(path, state));
    entryPoints.put(path, new Found(hash.get(), found));
    return found;
  }
}
