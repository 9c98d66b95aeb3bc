package dev.symdex.engine.resolve;

import java.util.List;
import java.util.Map;

/**
 * Go: an import path under a module declared by a {@code go.mod} in the repo → that package
 * directory's non-test {@code .go} files. The standard library tree ({@code module std}) resolves
 * paths without a dot in the first element; {@code vendor/} directories are searched. Anything
 * else is external.
 */
final class GoImports {
  private GoImports() {}

  static ImportTarget resolve(String from, String path, RepoFiles repo, ProjectConfig config) {
    String best = null;
    for (String module : config.goModules.keySet()) {
      if ((path.equals(module) || path.startsWith(module + "/")) && (best == null || module.length() > best.length())) {
        best = module;
      }
    }
    if (best != null) {
      String dir = RepoFiles.join(config.goModules.get(best), path.substring(best.length()).replaceFirst("^/", ""));
      // A package of the module whose directory is not in the tree (generated at build time) is
      // not the repo's own code as checked in: external, as for any other missing package.
      return dir == null || !repo.isDirectory(dir) ? ImportTarget.EXTERNAL : ImportTarget.orUnresolved(packageFiles(repo, dir));
    }
    String first = path.split("/")[0];
    if (!first.contains(".")) {
      for (Map.Entry<String, String> m : config.goModules.entrySet()) {
        if (m.getKey().equals("std")) {
          List<String> files = packageFiles(repo, RepoFiles.join(m.getValue(), path));
          if (!files.isEmpty()) {
            return ImportTarget.of(files);
          }
        }
      }
    }
    for (String dir = RepoFiles.parent(from); ; dir = RepoFiles.parent(dir)) {
      List<String> files = packageFiles(repo, RepoFiles.join(dir, "vendor/" + path));
      if (!files.isEmpty()) {
        return ImportTarget.of(files);
      }
      if (dir.isEmpty()) {
        break;
      }
    }
    return ImportTarget.EXTERNAL;
  }

  private static List<String> packageFiles(RepoFiles repo, String dir) {
    if (dir == null) {
      return List.of();
    }
    return repo.filesIn(dir).stream().filter(p -> p.endsWith(".go") && !p.endsWith("_test.go")).toList();
  }
}
