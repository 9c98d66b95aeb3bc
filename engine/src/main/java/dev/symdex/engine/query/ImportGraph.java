package dev.symdex.engine.query;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.store.UncheckedCorruptIndex;
import dev.symdex.engine.codec.FactsView;
import dev.symdex.engine.model.Import;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.resolve.ImportResolver;
import dev.symdex.engine.resolve.ImportTarget;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resolved import graph of one snapshot, both ways, as the writer stores it (tables {@code
 * imports} and {@code importers}, kept current in every change's transaction — see {@code
 * ImportEdges}). A view over the snapshot: making one costs nothing; use it on the snapshot's
 * thread while the snapshot is open.
 */
public final class ImportGraph {
  /** A file reached from the start of a {@link #dependents} walk, {@code depth} imports away. */
  public record Dependent(String path, int depth, String via) {}

  /** One import of a file, resolved. */
  public record ResolvedImport(int line, String text, ImportTarget target) {}

  private final IndexSnapshot snapshot;

  ImportGraph(IndexSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  public long generation() {
    return snapshot.generation();
  }

  /** The repo files {@code path}'s imports resolve to (itself excluded), sorted. */
  public List<String> imported(String path) throws SymdexException.CorruptIndex {
    return snapshot.importedBy(path);
  }

  /** The imports of {@code path}, each resolved (in the file's order); empty when not indexed. */
  static List<ResolvedImport> imports(IndexSnapshot s, ImportResolver resolver, String path) throws SymdexException {
    Optional<FileState> state = s.file(path);
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
    try {
      for (Import imp : raw) {
        for (ImportTarget t : resolver.resolve(path, language, imp, s.definitionsByName())) {
          out.add(new ResolvedImport(imp.line(), imp.text(), t));
        }
      }
    } catch (UncheckedCorruptIndex e) {
      throw e.getCause();
    }
    return out;
  }

  /**
   * Files that import {@code path}, directly (depth 1) or through others, up to {@code maxDepth}
   * imports away ({@code 0}: no bound): what may be affected when {@code path} changes. Breadth
   * first, each file once at its smallest depth, by depth then path; {@code via} is the file it
   * imports on the way. At most {@code limit}; the boolean says whether more were cut.
   */
  public Map.Entry<List<Dependent>, Boolean> dependents(String path, int maxDepth, int limit) throws SymdexException.CorruptIndex {
    Map<String, Dependent> seen = new LinkedHashMap<>();
    ArrayDeque<Dependent> queue = new ArrayDeque<>();
    queue.add(new Dependent(path, 0, ""));
    List<Dependent> out = new ArrayList<>();
    while (!queue.isEmpty()) {
      Dependent d = queue.poll();
      if (maxDepth > 0 && d.depth() >= maxDepth) {
        continue;
      }
      for (String importer : snapshot.importersOf(d.path())) {
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
