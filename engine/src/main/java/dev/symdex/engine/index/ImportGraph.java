package dev.symdex.engine.index;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsView;
import dev.symdex.engine.model.Import;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.resolve.ImportResolver;
import dev.symdex.engine.resolve.ImportTarget;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The resolved import graph of one index generation, both ways: which repo files a file imports
 * and which files import it. Built once per generation (every import of every file resolved,
 * reading only the imports of each stored facts value); immutable and thread-safe afterwards.
 */
public final class ImportGraph {
  /** A file reached from the start of a {@link #dependents} walk, {@code depth} imports away. */
  public record Dependent(String path, int depth, String via) {}

  /** One import of a file, resolved. */
  public record ResolvedImport(int line, String text, ImportTarget target) {}

  private final long generation;
  private final Map<String, List<String>> importers;
  private final Map<String, List<String>> imported;
  private final int filesResolved;

  private ImportGraph(long generation, Map<String, List<String>> importers, Map<String, List<String>> imported, int filesResolved) {
    this.generation = generation;
    this.importers = importers;
    this.imported = imported;
    this.filesResolved = filesResolved;
  }

  /** How many files' imports were resolved to make this graph (all of them, or just the changed ones). */
  int filesResolved() {
    return filesResolved;
  }

  public long generation() {
    return generation;
  }

  static ImportGraph build(IndexSnapshot s, ImportResolver resolver) throws SymdexException {
    Map<String, TreeSet<String>> reverse = new HashMap<>();
    List<String> paths = new ArrayList<>();
    List<Language> languages = new ArrayList<>();
    s.forEachFile((path, state) -> {
      if (state.status().isIndexed()) {
        paths.add(path);
        languages.add(state.language().orElseThrow());
      }
      return true;
    });
    Map<String, List<String>> forward = new HashMap<>(paths.size() * 2);
    for (int i = 0; i < paths.size(); i++) {
      String from = paths.get(i);
      List<String> targets = targets(s, resolver, from, languages.get(i));
      if (!targets.isEmpty()) {
        forward.put(from, targets);
      }
      for (String to : targets) {
        reverse.computeIfAbsent(to, k -> new TreeSet<>()).add(from);
      }
    }
    Map<String, List<String>> frozen = new HashMap<>(reverse.size() * 2);
    reverse.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return new ImportGraph(s.generation(), frozen, forward, paths.size());
  }

  /** The distinct repo files {@code from} imports (itself excluded), sorted. */
  private static List<String> targets(IndexSnapshot s, ImportResolver resolver, String from, Language language) throws SymdexException {
    TreeSet<String> out = new TreeSet<>();
    for (ResolvedImport r : resolve(s, resolver, from, language)) {
      for (String to : r.target().paths()) {
        if (!to.equals(from)) {
          out.add(to);
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * This graph carried to {@code s}'s generation, where only the content of {@code modified}
   * changed (no file came or went, no package or module declaration moved: the caller checks).
   * Only those files are resolved again, and where their imports resolve as before nothing else
   * is touched (early cutoff): O(changed files + their old and new targets), plus a shallow copy
   * of the reverse map's table.
   */
  ImportGraph carriedTo(IndexSnapshot s, ImportResolver resolver, java.util.Collection<String> modified) throws SymdexException {
    Map<String, List<String>> forward = new HashMap<>(imported);
    Map<String, List<String>> reverse = new HashMap<>(importers);
    int resolved = 0;
    for (String path : modified) {
      Optional<dev.symdex.engine.model.FileState> st = s.file(path);
      List<String> now = st.isPresent() && st.get().status().isIndexed()
          ? targets(s, resolver, path, st.get().language().orElseThrow()) : List.of();
      resolved++;
      List<String> before = forward.getOrDefault(path, List.of());
      if (now.equals(before)) {
        continue; // early cutoff: nobody's dependents change
      }
      if (now.isEmpty()) {
        forward.remove(path);
      } else {
        forward.put(path, now);
      }
      for (String to : before) {
        if (!now.contains(to)) {
          List<String> rest = new ArrayList<>(reverse.getOrDefault(to, List.of()));
          rest.remove(path);
          if (rest.isEmpty()) {
            reverse.remove(to);
          } else {
            reverse.put(to, List.copyOf(rest));
          }
        }
      }
      for (String to : now) {
        if (!before.contains(to)) {
          TreeSet<String> more = new TreeSet<>(reverse.getOrDefault(to, List.of()));
          more.add(path);
          reverse.put(to, List.copyOf(more));
        }
      }
    }
    return new ImportGraph(s.generation(), reverse, forward, resolved);
  }

  /** The imports of {@code path}, each resolved (in the file's order); empty when not indexed. */
  static List<ResolvedImport> imports(IndexSnapshot s, ImportResolver resolver, String path) throws SymdexException {
    Optional<dev.symdex.engine.model.FileState> state = s.file(path);
    if (state.isEmpty() || !state.get().status().isIndexed()) {
      return List.of();
    }
    return resolve(s, resolver, path, state.get().language().orElseThrow());
  }

  private static List<ResolvedImport> resolve(IndexSnapshot s, ImportResolver resolver, String path, Language language)
      throws SymdexException {
    Optional<FactsView> view = s.factsView(path);
    if (view.isEmpty()) {
      return List.of();
    }
    List<Import> raw = new ArrayList<>();
    view.get().imports((text, line) -> raw.add(new Import(text, line)));
    List<ResolvedImport> out = new ArrayList<>();
    for (Import imp : raw) {
      for (ImportTarget t : resolver.resolve(path, language, imp, s::filesDefining)) {
        out.add(new ResolvedImport(imp.line(), imp.text(), t));
      }
    }
    return out;
  }

  /**
   * Files that import {@code path}, directly (depth 1) or through others, up to {@code maxDepth}
   * imports away ({@code 0}: no bound): what may be affected when {@code path} changes. Breadth
   * first, each file once at its smallest depth, by depth then path; {@code via} is the file it
   * imports on the way. At most {@code limit}; the boolean says whether more were cut.
   */
  public Map.Entry<List<Dependent>, Boolean> dependents(String path, int maxDepth, int limit) {
    Map<String, Dependent> seen = new LinkedHashMap<>();
    ArrayDeque<Dependent> queue = new ArrayDeque<>();
    queue.add(new Dependent(path, 0, ""));
    List<Dependent> out = new ArrayList<>();
    while (!queue.isEmpty()) {
      Dependent d = queue.poll();
      if (maxDepth > 0 && d.depth() >= maxDepth) {
        continue;
      }
      for (String importer : importers.getOrDefault(d.path(), List.of())) {
        if (importer.equals(path) || seen.containsKey(importer)) {
          continue;
        }
        Dependent next = new Dependent(importer, d.depth() + 1, d.path());
        seen.put(importer, next);
        if (out.size() == limit) {
          return Map.entry(out, true);
        }
        out.add(next);
        queue.add(next);
      }
    }
    return Map.entry(out, false);
  }
}
