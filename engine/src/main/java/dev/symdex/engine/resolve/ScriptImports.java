package dev.symdex.engine.resolve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * JavaScript and TypeScript: relative specifiers ({@code ./x}, {@code ../y}) with extension and
 * {@code index} lookup; {@code tsconfig.json}/{@code jsconfig.json} {@code paths} aliases and
 * {@code baseUrl}; workspace packages by their {@code package.json} name. Anything else (a
 * dependency, a Node built-in) is external.
 */
final class ScriptImports {
  private static final String[] EXTENSIONS = {".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"};

  private ScriptImports() {}

  static ImportTarget resolve(String from, String spec, RepoFiles repo, ProjectConfig config) {
    String dir = RepoFiles.parent(from);
    if (spec.startsWith("./") || spec.startsWith("../") || spec.equals(".") || spec.equals("..")) {
      String base = RepoFiles.join(dir, spec);
      List<String> hit = file(repo, base);
      if (!hit.isEmpty()) {
        return ImportTarget.of(hit);
      }
      // A directory that is not in the tree holds generated code (gen-js/ and the like).
      return base != null && (repo.isDirectory(base) || repo.isDirectory(RepoFiles.parent(base)))
          ? ImportTarget.UNRESOLVED : ImportTarget.EXTERNAL;
    }
    ProjectConfig.TsConfig ts = config.tsConfigFor(dir);
    if (ts != null) {
      for (ProjectConfig.Alias alias : ts.paths()) {
        String p = alias.pattern();
        boolean star = p.endsWith("*");
        String prefix = star ? p.substring(0, p.length() - 1) : p;
        if (star ? spec.startsWith(prefix) : spec.equals(p)) {
          String rest = star ? spec.substring(prefix.length()) : "";
          String base = ts.baseUrl() != null ? ts.baseUrl() : ts.dir();
          for (String target : alias.targets()) {
            String t = target.endsWith("*") ? target.substring(0, target.length() - 1) + rest : target;
            List<String> hit = file(repo, RepoFiles.join(base, t));
            if (!hit.isEmpty()) {
              return ImportTarget.of(hit);
            }
          }
          // A catch-all alias ("*", or targets in node_modules) also covers dependencies.
          boolean catchAll = p.equals("*") || alias.targets().stream().allMatch(t -> t.contains("node_modules"));
          if (!catchAll) {
            return ImportTarget.UNRESOLVED;
          }
        }
      }
      if (ts.baseUrl() != null) {
        List<String> hit = file(repo, RepoFiles.join(ts.baseUrl(), spec));
        if (!hit.isEmpty()) {
          return ImportTarget.of(hit);
        }
      }
    }
    String[] parts = spec.split("/");
    int nameParts = spec.startsWith("@") && parts.length > 1 ? 2 : 1;
    String pkg = String.join("/", Arrays.copyOf(parts, Math.min(nameParts, parts.length)));
    String pkgDir = config.npmPackages.get(pkg);
    if (pkgDir != null) {
      String rest = spec.length() > pkg.length() ? spec.substring(pkg.length() + 1) : "";
      List<String> entries = config.npmEntries.getOrDefault(pkg, List.of());
      List<String> hit = rest.isEmpty() ? packageEntry(repo, pkgDir, entries) : List.of();
      if (!rest.isEmpty()) {
        List<String> bases = new ArrayList<>(List.of(pkgDir, RepoFiles.join(pkgDir, "src"), RepoFiles.join(pkgDir, "lib")));
        entries.forEach(e -> {
          bases.add(e); // an entry may be a directory (main: "lib/thrift" with an index.js)
          bases.add(RepoFiles.parent(e));
        });
        for (String b : bases) {
          hit = file(repo, RepoFiles.join(b, rest));
          if (!hit.isEmpty()) {
            break;
          }
        }
      }
      return ImportTarget.orUnresolved(hit);
    }
    return ImportTarget.EXTERNAL;
  }

  private static List<String> packageEntry(RepoFiles repo, String dir, List<String> entries) {
    for (String entry : entries) {
      List<String> hit = file(repo, entry);
      if (!hit.isEmpty()) {
        return hit;
      }
    }
    for (String base : new String[] {"src/index", "index", "lib/index", "dist/index"}) {
      List<String> hit = file(repo, RepoFiles.join(dir, base));
      if (!hit.isEmpty()) {
        return hit;
      }
    }
    return List.of();
  }

  /** The file a specifier names: as is, with an extension, or as a directory's index. */
  static List<String> file(RepoFiles repo, String base) {
    if (base == null) {
      return List.of();
    }
    if (repo.exists(base)) {
      return List.of(base);
    }
    String stem = base.replaceFirst("\\.(m|c)?jsx?$", "");
    for (String candidate : new String[] {base, stem}) {
      for (String ext : EXTENSIONS) {
        if (repo.exists(candidate + ext)) {
          return List.of(candidate + ext);
        }
      }
    }
    for (String ext : EXTENSIONS) {
      String index = base.isEmpty() ? "index" + ext : base + "/index" + ext;
      if (repo.exists(index)) {
        return List.of(index);
      }
    }
    return List.of();
  }
}
