package dev.symdex.engine.resolve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Python, as the import system would find modules on the import path — never by a path suffix
 * anywhere in the tree. {@code import a.b} and {@code from a.b import c} → {@code R/a/b/__init__.py}
 * or {@code R/a/b.py} (a package before a module, as Python's finder; stubs {@code .pyi} last)
 * under a <b>package root</b> R, preferring a submodule {@code a/b/c.py} for a name that is one;
 * when the full name has no file ({@code os.path}, an attribute of os), its longest prefix that has
 * one. Relative imports ({@code from ..x import y}) from the importing file's package.
 *
 * <p>The package roots of an importing file F:
 *
 * <ol>
 *   <li>F's own root: its directory, or the directory above its package (the first ancestor
 *       without an {@code __init__.py}) — what running F, or F's package, puts on the path;
 *   <li>the declared roots: the repo root, {@code src}, and those the build files declare
 *       ({@link PythonLayout}); a package a build file maps ({@code package_dir={'thrift':
 *       'src'}}) is found in its directory only;
 *   <li>a directory that holds the imported top-level package itself ({@code X/a/__init__.py}
 *       with no {@code X/__init__.py}): a package imported by its full dotted name; or a portion
 *       of a namespace package (PEP 420, no {@code __init__.py}) holding the next name as a
 *       regular package ({@code X/google/auth/__init__.py} for {@code google.auth}).
 * </ol>
 *
 * A module of the Python 3 standard library ({@link PythonStdlib}) is resolved only under 1 and 2
 * (a root that holds that exact top-level name, as a run would see it first); otherwise it is
 * external, however many same-named files the tree has ({@code pkg/util/typing.py} is {@code
 * pkg.util.typing}, not {@code typing}). A module built into the interpreter ({@code sys}, {@code
 * gc}) is always external: Python finds it before it looks at any directory. An import none of
 * the roots holds is external, or unresolved when a root holds its top-level name as a directory
 * (the repo's, but no file).
 *
 * <p>Reads: files by path suffix (then kept only under a root), {@code __init__.py} files by
 * exact path, root directories; all through {@link RepoFiles}.
 */
final class PythonImports {
  private PythonImports() {}

  /** Module file forms under a root, in the order Python's finder tries them; stubs last. */
  private static final String[] FORMS = {"/__init__.py", ".py", "/__init__.pyi", ".pyi"};

  static List<ImportTarget> resolve(String from, String statement, RepoFiles repo, ProjectConfig config) {
    String own = ownRoot(from, repo);
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
        return List.of(relative(from, module, names, repo));
      }
      Set<String> targets = new LinkedHashSet<>();
      for (String n : names) {
        List<String> sub = module(from, own, module + "." + n, repo, config);
        targets.addAll(sub.isEmpty() ? module(from, own, module, repo, config) : sub);
      }
      if (names.isEmpty()) { // from m import *
        targets.addAll(module(from, own, module, repo, config));
      }
      out.add(targets.isEmpty() ? missing(own, module, repo, config) : ImportTarget.of(new ArrayList<>(targets)));
      return out;
    }
    if (s.startsWith("import ")) {
      for (String m : names(s.substring(7))) {
        List<String> t = module(from, own, m, repo, config);
        out.add(t.isEmpty() ? missing(own, m, repo, config) : ImportTarget.of(t));
      }
      return out;
    }
    return List.of(ImportTarget.UNRESOLVED);
  }

  private static ImportTarget relative(String from, String module, List<String> names, RepoFiles repo) {
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
    return ImportTarget.orUnresolved(new ArrayList<>(targets));
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
   * Files of dotted module {@code dotted} under {@code from}'s package roots: the full name, else
   * its longest prefix that has a file; under F's own root if that has it, else the roots nearest
   * to {@code from}. Empty when no root has even the top-level name.
   */
  private static List<String> module(String from, String own, String dotted, RepoFiles repo, ProjectConfig config) {
    String[] segs = dotted.split("\\.");
    String top = segs[0];
    if (PythonStdlib.isBuiltin(top)) {
      return List.of(); // found before any root is looked at
    }
    String mapped = config.pythonPackages.get(top);
    Roots roots = new Roots(own, top, segs.length > 1 ? segs[1] : null, repo, config);
    for (int k = segs.length; k >= 1; k--) {
      String path = String.join("/", Arrays.copyOf(segs, k));
      if (mapped != null) { // the package is that directory, wherever it is
        String rest = k == 1 ? "" : String.join("/", Arrays.copyOfRange(segs, 1, k));
        List<String> hit = exact(repo, rest.isEmpty() ? mapped : RepoFiles.join(mapped, rest));
        if (!hit.isEmpty()) {
          return hit;
        }
        continue;
      }
      List<String> underOwn = new ArrayList<>();
      List<String> others = new ArrayList<>();
      Set<String> rootsSeen = new LinkedHashSet<>();
      for (String form : FORMS) {
        for (String hit : repo.withSuffix(path + form)) {
          String root = hit.length() == (path + form).length() ? "" : hit.substring(0, hit.length() - (path + form).length() - 1);
          if (rootsSeen.contains(root) || !roots.accepts(root)) {
            continue; // one file per root: the first form found there is what Python imports
          }
          rootsSeen.add(root);
          (root.equals(own) ? underOwn : others).add(hit);
        }
      }
      if (!underOwn.isEmpty()) {
        return underOwn;
      }
      if (!others.isEmpty()) {
        others.sort(null);
        return RepoFiles.nearest(from, others);
      }
    }
    return List.of();
  }

  /**
   * The status of an import no root has a file for: unresolved when it is the repo's (a mapped
   * package, or a top-level directory under one of {@code from}'s own or declared roots: a
   * namespace package, or a module generated at build time), else external.
   */
  private static ImportTarget missing(String own, String dotted, RepoFiles repo, ProjectConfig config) {
    String top = dotted.split("\\.")[0];
    if (config.pythonPackages.containsKey(top)) {
      return ImportTarget.UNRESOLVED;
    }
    if (PythonStdlib.contains(top)) {
      return ImportTarget.EXTERNAL;
    }
    Roots roots = new Roots(own, top, null, repo, config);
    for (String r : roots.fixed()) {
      String dir = RepoFiles.join(r, top);
      if (dir != null && repo.isDirectory(dir)) {
        return ImportTarget.UNRESOLVED;
      }
    }
    return ImportTarget.EXTERNAL;
  }

  /** The package roots of one import of one file (see the class comment). */
  private static final class Roots {
    final String own;
    private final String top;
    private final String second; // the name after top, or null
    private final boolean stdlib;
    private final RepoFiles repo;
    private final ProjectConfig config;

    Roots(String own, String top, String second, RepoFiles repo, ProjectConfig config) {
      this.own = own;
      this.top = top;
      this.second = second;
      this.stdlib = PythonStdlib.contains(top);
      this.repo = repo;
      this.config = config;
    }

    /** The own root and the declared roots. */
    List<String> fixed() {
      Set<String> out = new LinkedHashSet<>();
      out.add(own);
      out.add("");
      out.add("src");
      out.addAll(config.pythonRoots);
      return new ArrayList<>(out);
    }

    boolean accepts(String root) {
      if (root.equals(own) || root.isEmpty() || root.equals("src") || config.pythonRoots.contains(root)) {
        return true;
      }
      // A directory holding the imported package itself, and not a package: standard-library
      // names excepted (a vendored or shadowing copy is not on the path before the real one).
      if (stdlib || repo.exists(root + "/__init__.py")) {
        return false;
      }
      // The package itself, or a namespace portion (no __init__.py) holding the next name as a
      // regular package: X/google/auth/__init__.py for google.auth.
      return repo.exists(root + "/" + top + "/__init__.py")
          || second != null && repo.exists(root + "/" + top + "/" + second + "/__init__.py");
    }
  }

  /**
   * The importing file's own root: its directory, or the first directory above it without an
   * {@code __init__.py} (above its package).
   */
  private static String ownRoot(String from, RepoFiles repo) {
    String d = RepoFiles.parent(from);
    while (!d.isEmpty() && repo.exists(d + "/__init__.py")) {
      d = RepoFiles.parent(d);
    }
    return d;
  }

  /** Files for a module at exactly {@code path} (no extension). */
  private static List<String> exact(RepoFiles repo, String path) {
    if (path == null) {
      return List.of();
    }
    for (String c : new String[] {path + "/__init__.py", path + ".py", path + "/__init__.pyi", path + ".pyi"}) {
      if (repo.exists(c)) {
        return List.of(c);
      }
    }
    return List.of();
  }
}
