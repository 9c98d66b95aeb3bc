package dev.symdex.engine.query.explore;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.query.explore.ExploreMap.EntryPoint;
import dev.symdex.engine.query.explore.ExploreMap.TypeEdge;
import dev.symdex.engine.query.rank.GraphRank;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What one project's maps keep between requests: what is found in each file alone (its entry points,
 * its manifest as parsed), by path and content hash (finding entry points decodes the file's facts
 * or reads its source; OpenJDK has thousands of {@code main} methods), and the {@link Basis} of the latest generation (what every map of that
 * index shares whatever its focus: the file list, modules, test map, files by centrality). An
 * entry holds only while the file keeps that hash, a basis only for its generation and ranks, so
 * a memo never answers for content it did not see. Thread-safe; one per project, for as long as
 * the project is served ({@link #NONE}: no memo).
 */
public final class ExploreMemo {
  /** Remembers nothing: every map finds everything again. */
  public static final ExploreMemo NONE = new ExploreMemo(false);

  /** What one kind of finding holds for a file: the content hash it was found at, and the finding. */
  private record Found(long hash, Object value) {}

  /** A kind of finding and the file it is of. */
  private record Key(String kind, String path) {}

  private final boolean remembers;
  private final Map<Key, Found> found = new ConcurrentHashMap<>();
  private final Map<String, Boolean> testCode = new ConcurrentHashMap<>();
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
    private final Map<String, List<TypeEdge>> typeEdges = new ConcurrentHashMap<>();
    private final Map<String, List<String>> mostCentralInModule = new HashMap<>();
    private final Map<String, FileState> byPath;
    private NavigableMap<String, String> buildFiles;
    private final Map<String, List<String>> named = new HashMap<>();
    private List<ExploreMap.Module> rankedModules;
    private SubProjectLayout subProjects;
    private List<SubProjects.Summary> summaries;

    private Basis(long generation, NavigableMap<String, FileState> all) {
      this.generation = generation;
      this.all = Collections.unmodifiableNavigableMap(all);
      this.byPath = Collections.unmodifiableMap(new HashMap<>(all));
    }

    /** The build files of {@link #all} (path → build system, {@link BuildFiles#buildSystem}), by path. */
    synchronized NavigableMap<String, String> buildFiles() {
      if (buildFiles == null) {
        NavigableMap<String, String> found = new TreeMap<>();
        for (String path : all.keySet()) {
          BuildFiles.buildSystem(path).ifPresent(system -> found.put(path, system));
        }
        buildFiles = Collections.unmodifiableNavigableMap(found);
      }
      return buildFiles;
    }

    /** The paths of {@link #all} whose file name is {@code fileName}, sorted. */
    synchronized List<String> named(String fileName) {
      return named.computeIfAbsent(fileName, n -> all.keySet().stream().filter(p -> BuildFiles.fileName(p).equals(n)).toList());
    }

    /** The modules of the whole project ranked by {@code centralities} ({@link ModuleRanking#rank} over {@link #all}). */
    synchronized List<ExploreMap.Module> rankedModules(Optional<GraphRank.Ranks> centralities) {
      rankedBy(centralities);
      if (rankedModules == null) {
        rankedModules = List.copyOf(ModuleRanking.rank(modules(), byPath, ranks));
      }
      return rankedModules;
    }

    /** {@link #all} for lookups by path (no order). */
    Map<String, FileState> byPath() {
      return byPath;
    }

    /** The indexed files of {@code module} (of {@link #modules}), most central by {@code centralities} first. */
    synchronized List<String> mostCentralIn(String module, Optional<GraphRank.Ranks> centralities) {
      rankedBy(centralities);
      return mostCentralInModule.computeIfAbsent(module, m -> ranks.mostCentralFirst(modules().files().getOrDefault(m, List.of()).stream()
          .filter(p -> all.get(p) != null && all.get(p).status().isIndexed()).toList()));
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

    /** The summaries of this generation's sub-projects: remembered, or made by {@code make} and remembered. */
    synchronized List<SubProjects.Summary> summaries(Loader<List<SubProjects.Summary>> make) throws SymdexException {
      if (summaries == null) {
        summaries = List.copyOf(make.load());
      }
      return summaries;
    }

    /** The type edges of each file read so far at this generation (they resolve through other files, so per generation). */
    Map<String, List<TypeEdge>> typeEdges() {
      return typeEdges;
    }

    private void rankedBy(Optional<GraphRank.Ranks> centralities) {
      if (rankedBy == null || !sameRanks(rankedBy, centralities)) {
        rankedBy = centralities;
        ranks = centralities.map(c -> new FileRanks(c, all.keySet())).orElse(FileRanks.NONE);
        mostCentralFirst = null;
        mostCentralInModule.clear();
        rankedModules = null;
      }
    }
  }

  /** Files whose name may make a sub-project (see {@link SubProjectDetector}). */
  private static final Set<String> SUB_PROJECT_FILES = Set.of("pom.xml", "settings.gradle", "settings.gradle.kts",
      "build.gradle", "build.gradle.kts", "Cargo.toml", "go.mod", "go.work", "package.json", "pnpm-workspace.yaml", "pyproject.toml",
      "setup.py", "setup.cfg", "MODULE.bazel", "WORKSPACE", "WORKSPACE.bazel", "BUILD", "BUILD.bazel");

  /** The sub-projects found last, and the build files (path → content hash) they were found from. */
  private record Layout(Map<String, Long> buildFiles, SubProjectLayout layout) {}

  private Layout lastLayout; // guarded by this

  /**
   * The sub-projects of {@code basis}'s files, their build files read through {@code source}:
   * remembered for the generation, and found again only when a build file that may make one was
   * added, removed or changed since the last time.
   */
  SubProjectLayout subProjects(Basis basis, ManifestSource source) throws SymdexException {
    synchronized (basis) {
      if (basis.subProjects != null) {
        return basis.subProjects;
      }
    }
    Map<String, Long> buildFiles = new TreeMap<>();
    basis.all().forEach((path, state) -> {
      if (SUB_PROJECT_FILES.contains(BuildFiles.fileName(path))) {
        buildFiles.put(path, state.hash().map(h -> h.value()).orElse(state.mtimeNanos() ^ (31 * state.size())));
      }
    });
    SubProjectLayout layout = null;
    synchronized (this) {
      if (remembers && lastLayout != null && lastLayout.buildFiles().equals(buildFiles)) {
        layout = lastLayout.layout();
      }
    }
    if (layout == null) {
      Map<String, FileState> all = basis.byPath();
      layout = SubProjectDetector.detect(basis.all().navigableKeySet(), path -> {
        FileState state = all.get(path);
        if (state == null) {
          return Optional.empty();
        }
        ManifestSource.Read read = source.read(path, state);
        return read.ok() ? Optional.of(read.text()) : Optional.empty();
      });
      if (remembers) {
        synchronized (this) {
          lastLayout = new Layout(buildFiles, layout);
        }
      }
    }
    synchronized (basis) {
      if (basis.subProjects == null) {
        basis.subProjects = layout;
      }
      return basis.subProjects;
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
    forgetGone(all);
    return built;
  }

  /**
   * Drops what is remembered of files no longer in the index once the memo holds more than twice
   * as many findings as there are files (a long-lived daemon sees files come and go).
   */
  private void forgetGone(NavigableMap<String, FileState> all) {
    if (found.size() > 2 * all.size() + FORGET_SLACK) {
      found.keySet().removeIf(k -> !all.containsKey(k.path()));
    }
    if (testCode.size() > 2 * all.size() + FORGET_SLACK) {
      testCode.keySet().removeIf(p -> !all.containsKey(p));
    }
  }

  /** Findings of files gone that may stay remembered beyond twice the files, before any is dropped. */
  static final int FORGET_SLACK = 1_000;

  /** Findings remembered (for tests). */
  int remembered() {
    return found.size();
  }

  private static boolean sameRanks(Optional<GraphRank.Ranks> a, Optional<GraphRank.Ranks> b) {
    return a.isPresent() ? b.isPresent() && a.get() == b.get() : b.isEmpty();
  }

  private ExploreMemo(boolean remembers) {
    this.remembers = remembers;
  }

  /**
   * What the memo holds, estimated from its counts (findings at 256 bytes each, paths at 96, and
   * the current basis at 400 bytes a file): for the daemon's memory cap, not a measurement.
   */
  public long estimatedBytes() {
    long files;
    synchronized (this) {
      files = basis == null ? 0 : basis.all().size();
    }
    return found.size() * 256L + testCode.size() * 96L + files * 400L;
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

  /** How one kind of finding about a file is made when the memo has none for its content. */
  @FunctionalInterface
  interface Loader<T> {
    T load() throws SymdexException;
  }

  /** True for a test file by its name, or a file under a test directory ({@link Explorer#inTestCode}), remembered per path. */
  boolean inTestCode(String path) {
    return remembers ? testCode.computeIfAbsent(path, Explorer::inTestCode) : Explorer.inTestCode(path);
  }

  /** The entry points of {@code path} at {@code state}'s content: remembered, or found by {@code finder} and remembered. */
  List<EntryPoint> entryPoints(String path, FileState state, Finder finder) throws SymdexException {
    return of("entry points", path, state, () -> List.copyOf(finder.find(path, state)));
  }

  /**
   * The finding of {@code kind} (a name that also says every parameter it depends on besides the
   * file's content) about {@code path} at {@code state}'s content: remembered, or made by {@code
   * loader} and remembered. Files without a content hash are never remembered. The value must be
   * immutable.
   */
  <T> T of(String kind, String path, FileState state, Loader<T> loader) throws SymdexException {
    return of(kind, path, state, loader, made -> true);
  }

  /** As {@link #of(String, String, FileState, Loader)}, remembering only what {@code keep} accepts (not a transient failure). */
  @SuppressWarnings("unchecked")
  <T> T of(String kind, String path, FileState state, Loader<T> loader, Predicate<T> keep) throws SymdexException {
    Optional<Long> hash = state.hash().map(h -> h.value());
    if (!remembers || hash.isEmpty()) {
      return loader.load();
    }
    Key key = new Key(kind, path);
    Found known = found.get(key);
    if (known != null && known.hash() == hash.get()) {
      return (T) known.value();
    }
    T made = loader.load();
    if (keep.test(made)) {
      found.put(key, new Found(hash.get(), made));
    }
    return made;
  }
}
