package dev.symdex.engine.query.explore;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.explore.ExploreMap.BuildSystem;
import dev.symdex.engine.query.explore.ExploreMap.ChangeDigest;
import dev.symdex.engine.query.explore.ExploreMap.EntryPoint;
import dev.symdex.engine.query.explore.ExploreMap.Identity;
import dev.symdex.engine.query.explore.ExploreMap.LanguageShare;
import dev.symdex.engine.query.explore.ExploreMap.Manifest;
import dev.symdex.engine.query.explore.ExploreMap.Module;
import dev.symdex.engine.query.explore.ExploreMap.ModuleApi;
import dev.symdex.engine.query.explore.ExploreMap.TestMap;
import dev.symdex.engine.query.explore.ExploreMap.TestedFile;
import dev.symdex.engine.query.explore.ExploreMap.TypeGraph;
import dev.symdex.engine.query.rank.GraphRank;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Builds the layers of an {@link ExploreMap} from one {@link Searcher}'s snapshot, the project's
 * files on disk and git: L0 identity, L1 entry points, L2 modules ranked by centrality (see {@link
 * ModuleFinder} for what a module is), L3 API surface of the top modules, L4 type graph, L5
 * dependency manifests, L6 test map and change digest. Manifests, the few source files that
 * confirm an entry point and those whose signatures L3 shows are read from disk under {@code
 * root}, only when the index knows them (so ignored and vendored files do not count), at most 1 MB
 * each; one that cannot be read or parsed is listed with its reason, never thrown.
 *
 * <p>A pure function of the snapshot, those files and git: the same index gives the same map. Use
 * it on the searcher's thread, while the searcher is open.
 */
public final class Explorer {
  private final Searcher searcher;
  private final ManifestSource source;
  private final Centrality centrality;
  private final ExploreMemo memo;

  /**
   * An explorer over {@code searcher} (not owned) for the project at {@code root}, ranking files
   * with a graph built for the call ({@link Centrality#builtPerCall()}), remembering nothing.
   */
  public Explorer(Searcher searcher, Path root) {
    this(searcher, root, Centrality.builtPerCall(), ExploreMemo.NONE);
  }

  /** An explorer that takes the files' centrality from {@code centrality} (asked at most once per map), remembering nothing. */
  public Explorer(Searcher searcher, Path root, Centrality centrality) {
    this(searcher, root, centrality, ExploreMemo.NONE);
  }

  /**
   * An explorer that takes the files' centrality from {@code centrality} and keeps what it finds
   * per file content in the project's {@code memo} (see {@link ExploreMemo}).
   */
  public Explorer(Searcher searcher, Path root, Centrality centrality, ExploreMemo memo) {
    this.searcher = searcher;
    this.source = new ManifestSource(root);
    this.centrality = centrality;
    this.memo = memo;
  }

  /** The whole project's map with the default caps. */
  public ExploreMap explore() throws SymdexException {
    return explore(Optional.empty(), Caps.DEFAULTS);
  }

  /** The full map ({@link Detail#FULL}) of the project or of {@code focus}, without a {@code since} digest. */
  public ExploreMap explore(Optional<String> focus, Caps caps) throws SymdexException {
    return explore(focus, Detail.FULL, Optional.empty(), caps);
  }

  /**
   * The map of the project, or of the neighbourhood of {@code focus} when given: a path (a file
   * or a directory, relative to the root) or else a symbol name (see {@link Focus}). Under a focus,
   * identity counts the focused files, manifests and build files are those of the directories
   * holding them, entry points those in them (a manifest's own only when it is one of them), and
   * the test map the pairs with a side in them; modules count only their focused files, the API
   * surface and the type graph read only focused files, and the digest lists only their changes.
   * Layers past {@code detail} are left empty (and cost nothing). {@code since}, when given, adds
   * the changes since that revision to the digest.
   *
   * @throws SymdexException.CorruptIndex when the index is damaged
   * @throws SymdexException.Cancelled when the searcher was cancelled
   * @throws SymdexException.InvalidQuery when {@code since} is a revision git does not know
   */
  public ExploreMap explore(Optional<String> focus, Detail detail, Optional<String> since, Caps caps) throws SymdexException {
    return explore(focus, Optional.empty(), detail, since, caps);
  }

  /**
   * As {@link #explore(Optional, Detail, Optional, Caps)}, narrowed to the files of sub-project
   * {@code scope} when given (its name or directory, see {@link SubProjectLayout#resolve}): the
   * map is then that of a focus holding exactly the sub-project's files (under a focus too, the
   * focused ones among them), and its notes say which sub-project.
   *
   * @throws SymdexException.InvalidQuery also when {@code scope} names no sub-project
   */
  public ExploreMap explore(Optional<String> focus, Optional<String> scope, Detail detail, Optional<String> since, Caps caps)
      throws SymdexException {
    IndexSnapshot snapshot = searcher.snapshot();
    ExploreMemo.Basis basis = memo.basis(snapshot);
    Map<String, FileState> all = basis.all();
    String asked = focus.map(Focus::normalize).orElse("");
    NavigableSet<String> inFocus = asked.isEmpty() ? basis.all().navigableKeySet() : Focus.neighbourhood(asked, all.keySet(), snapshot);
    List<String> scopeNotes = new ArrayList<>();
    if (scope.isPresent()) {
      SubProjectLayout layout = memo.subProjects(basis, source);
      SubProjectLayout.SubProject sub = layout.resolve(scope.get());
      Predicate<String> within = layout.within(sub);
      NavigableSet<String> narrowed = new TreeSet<>();
      for (String p : inFocus) {
        if (within.test(p)) {
          narrowed.add(p);
        }
      }
      inFocus = narrowed;
      scopeNotes.add("scope: sub-project " + sub.name() + " (" + sub.buildSystem() + ", " + sub.path() + ")");
    }
    boolean whole = asked.isEmpty() && scope.isEmpty();
    Map<String, FileState> files = whole ? basis.byPath() : new HashMap<>();
    if (!whole) {
      for (String p : inFocus) {
        FileState s = all.get(p);
        if (s != null) {
          files.put(p, s);
        }
      }
    }
    snapshot.checkCancelled();

    List<Manifest> manifests = new ArrayList<>();
    List<EntryPoint> entries = new ArrayList<>(new EntryPointFinder(snapshot, source, memo).find(files, basis.named("__main__.py")));
    Map<String, List<String>> buildFiles = new TreeMap<>();
    Manifests reader = new Manifests(source);
    for (Map.Entry<String, String> b : basis.buildFiles().entrySet()) {
      String path = b.getKey();
      if (!(inFocus.contains(path) || Focus.governs(BuildFiles.dir(path), inFocus))) {
        continue;
      }
      FileState state = all.get(path);
      buildFiles.computeIfAbsent(b.getValue(), k -> new ArrayList<>()).add(path);
      Optional<String> kind = BuildFiles.manifestKind(path);
      if (kind.isPresent()) {
        snapshot.checkCancelled();
        Manifests.Read read = memo.of("manifest " + kind.get() + " " + caps.dependencies(), path, state,
            () -> reader.read(path, kind.get(), state, caps.dependencies()), r -> !ManifestSource.transientFailure(r.manifest().skipped()));
        manifests.add(read.manifest());
        if (inFocus.contains(path)) {
          entries.addAll(read.parsed().entryPoints());
        }
      }
    }
    // What runs the project before what runs its tests: a capped list shows the former first.
    Map<String, Boolean> testCode = new HashMap<>();
    entries.forEach(e -> testCode.computeIfAbsent(e.path(), memo::inTestCode));
    entries.sort(Comparator.comparing((EntryPoint e) -> testCode.get(e.path())).thenComparing(EntryPoint::path)
        .thenComparingInt(EntryPoint::line).thenComparing(EntryPoint::kind).thenComparing(EntryPoint::why));

    Identity identity = identity(snapshot.head(), files, buildFiles, caps);
    Section<EntryPoint> entryPoints = Section.of(entries, caps.entryPoints());
    if (!detail.includes(Detail.MAP)) {
      return new ExploreMap(asked, detail, identity, entryPoints, Section.empty(), Section.empty(), TypeGraph.EMPTY, Section.empty(),
          new TestMap(Section.empty(), Section.empty()), ChangeDigest.NONE, scopeNotes);
    }
    Optional<GraphRank.Ranks> centralities = centrality.ranks(searcher);
    FileRanks ranks = basis.ranks(centralities);
    ModuleFinder.Modules modules = basis.modules();
    List<Module> ranked = whole ? basis.rankedModules(centralities) : ModuleRanking.rank(modules, files, ranks);
    TestMap tests = testMap(basis, files, inFocus, caps);
    NavigableSet<String> shown = inFocus;
    ChangeDigest changes = ChangeDigestReader.read(searcher, since, path -> shown.contains(path) || whole
        || (scope.isEmpty() && (path.equals(asked) || path.startsWith(asked + "/"))), caps);
    List<ModuleApi> api = List.of();
    TypeGraph types = TypeGraph.EMPTY;
    if (detail.includes(Detail.FULL)) {
      api = new ApiSurface(snapshot, source, memo).of(ranked, files, ranks, module -> basis.mostCentralIn(module, centralities), caps);
      types = new TypeGraphReader(snapshot, basis.typeEdges()).read(files, basis.mostCentralFirst(centralities), caps);
    }
    return new ExploreMap(asked, detail, identity, entryPoints, Section.of(ranked, caps.modules()), Section.of(api, caps.apiModules()),
        types, Section.of(manifests, caps.manifests()), tests, changes,
        Stream.concat(scopeNotes.stream(), centralities.isPresent() ? Stream.<String>empty()
            : Stream.of(ExploreMap.CENTRALITY_PENDING)).toList());
  }

  private static Identity identity(String head, Map<String, FileState> files, Map<String, List<String>> buildFiles, Caps caps) {
    long bytes = 0;
    Map<Language, long[]> byLanguage = new TreeMap<>();
    for (FileState s : files.values()) {
      bytes += s.size();
      if (s.language().isPresent()) {
        long[] fb = byLanguage.computeIfAbsent(s.language().get(), k -> new long[2]);
        fb[0]++;
        fb[1] += s.size();
      }
    }
    List<LanguageShare> shares = new ArrayList<>();
    byLanguage.forEach((l, fb) -> shares.add(new LanguageShare(l.id(), (int) fb[0], fb[1])));
    List<LanguageShare> byFiles = shares.stream()
        .sorted(Comparator.comparingInt(LanguageShare::files).reversed().thenComparing(LanguageShare::language)).toList();
    List<LanguageShare> byBytes = shares.stream()
        .sorted(Comparator.comparingLong(LanguageShare::bytes).reversed().thenComparing(LanguageShare::language)).toList();
    List<BuildSystem> systems = new ArrayList<>();
    buildFiles.forEach((name, paths) -> systems.add(new BuildSystem(name, paths.stream()
        .sorted(Comparator.comparingLong((String p) -> p.chars().filter(c -> c == '/').count()).thenComparing(p -> p)).toList())));
    return new Identity(head, files.size(), bytes, Section.of(byFiles, caps.languages()), Section.of(byBytes, caps.languages()),
        Section.of(systems, caps.buildSystems()));
  }

  private TestMap testMap(ExploreMemo.Basis basis, Map<String, FileState> files, Set<String> inFocus, Caps caps)
      throws SymdexException {
    TestMapper.Result r = basis.tests(this::repoImports);
    List<TestedFile> tested = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : r.tested().entrySet()) {
      boolean focused = inFocus.contains(e.getKey()) || e.getValue().stream().anyMatch(inFocus::contains);
      if (focused) {
        tested.add(new TestedFile(e.getKey(), Section.of(List.copyOf(e.getValue()), caps.testsPerFile())));
      }
    }
    List<String> unmatched = r.unmatched().stream().filter(files::containsKey).toList();
    return new TestMap(Section.of(tested, caps.testedFiles()), Section.of(unmatched, caps.unmatchedTests()));
  }

  /** The repo files {@code path}'s imports resolve to, as the index stores them (kept current by every change), sorted. */
  private List<String> repoImports(String path) throws SymdexException {
    return searcher.snapshot().importedBy(path);
  }

  /** Directory names that hold test code. */
  private static final Set<String> TEST_DIRECTORIES = Set.of("test", "tests", "testing", "__tests__", "spec", "specs", "testdata");

  /** True for a test file by its name, or a file under a test directory. */
  static boolean inTestCode(String path) {
    if (TestMapper.isTest(path)) {
      return true;
    }
    String[] segments = path.split("/");
    for (int i = 0; i < segments.length - 1; i++) {
      if (TEST_DIRECTORIES.contains(segments[i].toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }
}
