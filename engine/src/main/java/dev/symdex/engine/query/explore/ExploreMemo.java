package dev.symdex.engine.query.explore;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.query.explore.ExploreMap.EntryPoint;
import dev.symdex.engine.query.rank.GraphRank;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one project's maps keep between requests: the entry points found in each file, by path and
 * content hash (finding them decodes the file's facts or reads its source; OpenJDK has thousands of
 * {@code main} methods), and the {@link Basis} of the latest generation (what every map of that
 * index shares whatever its focus: the file list, modules, test map, files by centrality). An
 * entry holds only while the file keeps that hash, a basis only for its generation and ranks, so
 * a memo never answers for content it did not see. Thread-safe; one per project, for as long as
 * the project is served ({@link #NONE}: no memo).
 */
public final class ExploreMemo {
  /** Remembers nothing: every map finds everything again. */
  public static final ExploreMemo NONE = new ExploreMemo(false);

  private record Found(long hash, List<EntryPoint> entryPoints) {}

  private final boolean remembers;
  private final Map<String, Found> entryPoints = new ConcurrentHashMap<>();
  private Basis basis; // guarded by this

  /**
   * What every map of one index generation shares, whatever its focus: {@link #all} files, and
   * built from them when first asked, their modules, the test map over the parsed ones and their
   * centrality. Thread-safe; a part once built never changes.
   */
  static final class Basis {
    private final long generation;
    private final NavigableMap<String, FileState> all;
    private ModuleFinder.Modules modules; // guarded by this, as the fields below
    private TestMapper.Result tests;
    private Optional<GraphRank.Ranks> rankedBy;
    private FileRanks ranks;
    private List<String> mostCentralFirst;

    private Basis(long generation, NavigableMap<String, FileState> all) {
      this.generation = generation;
      this.all = Collections.unmodifiableNavigableMap(all);
    }

    /** Every file of the index, by path. */
    NavigableMap<String, FileState> all() {
      return all;
    }

    /** The modules of {@link #all} ({@link ModuleFinder#find}). */
    synchronized ModuleFinder.Modules modules() {
      if (modules == null) {
        modules = ModuleFinder.find(all.keySet());
      }
      return modules;
    }

    /** The test map of the parsed files of {@link #all}, with {@code imports} the index's resolved imports. */
    synchronized TestMapper.Result tests(TestMapper.Imports imports) throws SymdexException {
      if (tests == null) {
        List<String> parsed = new ArrayList<>();
        all.forEach((path, state) -> {
          if (state.language().isPresent()) {
            parsed.add(path);
          }
        });
        tests = TestMapper.map(parsed, imports);
      }
      return tests;
    }

    /** The centrality of every file by {@code centralities} ({@link FileRanks#NONE} without). */
    synchronized FileRanks ranks(Optional<GraphRank.Ranks> centralities) {
      rankedBy(centralities);
      return ranks;
    }

    /** The indexed files of {@link #all}, most central by {@code centralities} first, equal ranks by path. */
    synchronized List<String> mostCentralFirst(Optional<GraphRank.Ranks> centralities) {
      rankedBy(centralities);
      if (mostCentralFirst == null) {
        mostCentralFirst = ranks.mostCentralFirst(all.entrySet().stream().filter(e -> e.getValue().status().isIndexed())
            .map(Map.Entry::getKey).toList());
      }
      return mostCentralFirst;
    }

    private void rankedBy(Optional<GraphRank.Ranks> centralities) {
      if (rankedBy == null || !sameRanks(rankedBy, centralities)) {
        rankedBy = centralities;
        ranks = centralities.map(c -> new FileRanks(c, all.keySet())).orElse(FileRanks.NONE);
        mostCentralFirst = null;
      }
    }
  }

  /**
   * The basis of {@code snapshot}'s generation: remembered, or started from its file list and
   * remembered in place of an older one.
   */
  Basis basis(IndexSnapshot snapshot) throws SymdexException {
    long generation = snapshot.generation();
    if (remembers) {
      synchronized (this) {
        if (basis != null && basis.generation == generation) {
          return basis;
        }
      }
    }
    NavigableMap<String, FileState> all = new TreeMap<>();
    snapshot.forEachFile((path, state) -> {
      all.put(path, state);
      return true;
    });
    Basis built = new Basis(generation, all);
    if (!remembers) {
      return built;
    }
    synchronized (this) {
      if (basis != null && basis.generation == generation) {
        return basis; // another map of this generation came first: share its parts
      }
      if (basis == null || basis.generation < generation) {
        basis = built;
      }
    }
    return built;
  }

  private static boolean sameRanks(Optional<GraphRank.Ranks> a, Optional<GraphRank.Ranks> b) {
    return a.isPresent() ? b.isPresent() && a.get() == b.get() : b.isEmpty();
  }

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
