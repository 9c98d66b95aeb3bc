package dev.symdex.engine.query.explore;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.explore.SubProjectLayout.SubProject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The sub-projects of one indexed root (a monorepo's Maven modules, Gradle projects, workspaces,
 * Go modules, crates, Bazel packages, Python projects; see {@link SubProjectDetector}): their
 * layout, and what each holds and which others it imports from. Build files are read from disk
 * under the root as Explore reads manifests ({@link ManifestSource}). Both are kept in the
 * project's {@link ExploreMemo} for the index generation (the layout as long as no build file
 * changes), so asking again while nothing changed costs a lookup. Use on the searcher's thread.
 */
public final class SubProjects {
  /**
   * One sub-project and what it holds.
   *
   * @param subProject which one
   * @param files the indexed files that belong to it (parsed or not)
   * @param languages its parsed files per language id, most first (ties by language)
   * @param dependsOn the other sub-projects its files import files of (the index's resolved
   *     imports), most imports first (ties by path)
   */
  public record Summary(SubProject subProject, int files, Map<String, Integer> languages, List<Uses> dependsOn) {
    public Summary {
      Objects.requireNonNull(subProject, "subProject");
      languages = Collections.unmodifiableMap(new LinkedHashMap<>(languages));
      dependsOn = List.copyOf(dependsOn);
    }
  }

  /** A sub-project another one imports from, and how many resolved import edges (file to file) lead there. */
  public record Uses(SubProject subProject, int imports) {}

  private SubProjects() {}

  /** The sub-projects of the project at {@code root} as {@code searcher}'s snapshot indexes it, kept in {@code memo}. */
  public static SubProjectLayout layout(Searcher searcher, Path root, ExploreMemo memo) throws SymdexException {
    return memo.subProjects(memo.basis(searcher.snapshot()), new ManifestSource(root));
  }

  /** Every sub-project of {@code layout}'s project with its files, languages and dependencies, by path; kept in {@code memo}. */
  public static List<Summary> summaries(Searcher searcher, Path root, ExploreMemo memo) throws SymdexException {
    IndexSnapshot snapshot = searcher.snapshot();
    ExploreMemo.Basis basis = memo.basis(snapshot);
    SubProjectLayout layout = memo.subProjects(basis, new ManifestSource(root));
    return basis.summaries(() -> summarize(layout, basis.all(), snapshot));
  }

  /** What each of {@code layout}'s sub-projects holds of {@code files}, with the import edges {@code snapshot} resolved. */
  static List<Summary> summarize(SubProjectLayout layout, Map<String, FileState> files, IndexSnapshot snapshot) throws SymdexException {
    Map<SubProject, int[]> counts = new HashMap<>();
    Map<SubProject, Map<String, Integer>> languages = new HashMap<>();
    Map<SubProject, Map<SubProject, Integer>> edges = new HashMap<>();
    int seen = 0;
    for (Map.Entry<String, FileState> e : files.entrySet()) {
      Optional<SubProject> owner = layout.ownerOf(e.getKey());
      if (owner.isEmpty()) {
        continue;
      }
      SubProject from = owner.get();
      counts.computeIfAbsent(from, k -> new int[1])[0]++;
      if (e.getValue().language().isEmpty()) {
        continue;
      }
      languages.computeIfAbsent(from, k -> new TreeMap<>()).merge(e.getValue().language().get().id(), 1, Integer::sum);
      if (++seen % 1024 == 0) {
        snapshot.checkCancelled();
      }
      for (String target : snapshot.importedBy(e.getKey())) {
        Optional<SubProject> to = layout.ownerOf(target);
        if (to.isPresent() && !to.get().equals(from)) {
          edges.computeIfAbsent(from, k -> new HashMap<>()).merge(to.get(), 1, Integer::sum);
        }
      }
    }
    List<Summary> out = new ArrayList<>();
    for (SubProject p : layout.subProjects()) {
      Map<String, Integer> langs = new LinkedHashMap<>();
      languages.getOrDefault(p, Map.of()).entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .forEach(l -> langs.put(l.getKey(), l.getValue()));
      List<Uses> uses = edges.getOrDefault(p, Map.of()).entrySet().stream()
          .map(u -> new Uses(u.getKey(), u.getValue()))
          .sorted(Comparator.comparingInt(Uses::imports).reversed().thenComparing(u -> u.subProject().path()))
          .toList();
      out.add(new Summary(p, counts.getOrDefault(p, new int[1])[0], langs, uses));
    }
    return out;
  }
}
