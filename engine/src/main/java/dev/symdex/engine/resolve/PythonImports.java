package dev.symdex.engine.resolve;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Python: {@code import a.b} and {@code from a.b import c} → {@code a/b.py} or {@code
 * a/b/__init__.py} under any package root (nearest to the importing file), preferring a submodule
 * {@code a/b/c.py} for a name that is one; relative imports ({@code from ..x import y}) from the
 * importing file's package. A module whose top-level package exists in the repo is in-repo
 * (unresolved if no file matches); others are external.
 */
final class PythonImports {
  private PythonImports() {}

  static List<ImportTarget> resolve(String from, String statement, RepoFiles repo) {
    String s = statement.replaceAll("[()\\\\]", " ").replaceAll("\\s+", " ").strip();
    List<ImportTarget> out = new ArrayList<>();
    if (s.startsWith("from ")) {
      int imp = s.indexOf(" import ");
      if (imp < 0) {
        return List.of(ImportTarget.UNRESOLVED);
      }
      String module = s.substring(5, imp).strip();
      List<String> names = names(s.substring(imp + 8));
      if (module.equals("__future__")) {
        return List.of(ImportTarget.EXTERNAL);
      }
      if (module.startsWith(".")) {
        int level = 0;
        while (level < module.length() && module.charAt(level) == '.') {
          level++;
        }
        String base = RepoFiles.parent(from);
        for (int i = 1; i < level; i++) {
          base = RepoFiles.parent(base);
        }
        String rest = module.substring(level).replace('.', '/');
        String dir = rest.isEmpty() ? base : RepoFiles.join(base, rest);
        Set<String> targets = new LinkedHashSet<>();
        for (String n : names) {
          List<String> sub = exact(repo, RepoFiles.join(dir, n));
          targets.addAll(sub.isEmpty() ? exact(repo, dir) : sub);
        }
        if (targets.isEmpty()) {
          targets.addAll(exact(repo, dir));
        }
        return List.of(ImportTarget.orUnresolved(new ArrayList<>(targets)));
      }
      Set<String> targets = new LinkedHashSet<>();
      for (String n : names) {
        List<String> sub = module(from, module + "." + n, repo);
        targets.addAll(sub.isEmpty() ? module(from, module, repo) : sub);
      }
      if (names.isEmpty()) { // from m import *
        targets.addAll(module(from, module, repo));
      }
      out.add(inRepo(module, repo) ? ImportTarget.orUnresolved(new ArrayList<>(targets)) : ImportTarget.orExternal(new ArrayList<>(targets)));
      return out;
    }
    if (s.startsWith("import ")) {
      for (String m : names(s.substring(7))) {
        List<String> t = module(from, m, repo);
        out.add(inRepo(m, repo) ? ImportTarget.orUnresolved(t) : ImportTarget.orExternal(t));
      }
      return out;
    }
    return List.of(ImportTarget.UNRESOLVED);
  }

  /** {@code a as b, c} → {@code [a, c]}. */
  private static List<String> names(String list) {
    List<String> out = new ArrayList<>();
    for (String part : list.split(",")) {
      String n = part.strip().split(" ")[0];
      if (!n.isEmpty() && !n.equals("*")) {
        out.add(n);
      }
    }
    return out;
  }

  /**
   * Files for a dotted module anywhere in the repo, nearest to {@code from}; when the full name
   * has no file (os.path is an alias inside os), the longest prefix that has one.
   */
  private static List<String> module(String from, String dotted, RepoFiles repo) {
    String[] segs = dotted.split("\\.");
    for (int k = segs.length; k >= 1; k--) {
      String path = String.join("/", java.util.Arrays.copyOf(segs, k));
      List<String> hits = new ArrayList<>(repo.withSuffix(path + ".py"));
      hits.addAll(repo.withSuffix(path + ".pyi"));
      hits.addAll(repo.withSuffix(path + "/__init__.py"));
      if (!hits.isEmpty()) {
        return RepoFiles.nearest(from, hits);
      }
    }
    return List.of();
  }

  /** Files for a module at exactly {@code path} (no extension). */
  private static List<String> exact(RepoFiles repo, String path) {
    if (path == null) {
      return List.of();
    }
    for (String c : new String[] {path + ".py", path + ".pyi", path + "/__init__.py", path + "/__init__.pyi"}) {
      if (repo.exists(c)) {
        return List.of(c);
      }
    }
    return List.of();
  }

  private static boolean inRepo(String dotted, RepoFiles repo) {
    String top = dotted.split("\\.")[0];
    // A Python module or package of that name (C extension modules and other dirs do not count).
    return !repo.withSuffix(top + ".py").isEmpty() || !repo.withSuffix(top + "/__init__.py").isEmpty()
        || !repo.withSuffix(top + ".pyi").isEmpty();
  }
}
