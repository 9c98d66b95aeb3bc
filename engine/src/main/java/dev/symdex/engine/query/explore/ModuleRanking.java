package dev.symdex.engine.query.explore;

import dev.symdex.engine.model.FileState;
import dev.symdex.engine.query.explore.ExploreMap.Module;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** L2: the modules of a project, most central first. Stateless. */
final class ModuleRanking {
  private ModuleRanking() {}

  /**
   * The modules of {@code modules} holding a file of {@code files} (the focused ones), each with
   * those files' count, languages and summed rank; ordered by centrality, then files, then path.
   */
  static List<Module> rank(ModuleFinder.Modules modules, Map<String, FileState> files, FileRanks ranks) {
    List<Module> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> m : modules.files().entrySet()) {
      int count = 0;
      double centrality = 0;
      Map<String, Integer> languages = new TreeMap<>();
      for (String path : m.getValue()) { // path order: a fixed sum
        FileState state = files.get(path);
        if (state == null) {
          continue;
        }
        count++;
        centrality += ranks.of(path);
        state.language().ifPresent(l -> languages.merge(l.id(), 1, Integer::sum));
      }
      if (count > 0) {
        List<String> byFiles = languages.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .map(Map.Entry::getKey).toList();
        out.add(new Module(m.getKey(), modules.kinds().get(m.getKey()), count, byFiles, centrality));
      }
    }
    out.sort(Comparator.comparingDouble(Module::centrality).reversed().thenComparing(Comparator.comparingInt(Module::files).reversed())
        .thenComparing(Module::path));
    return out;
  }
}
