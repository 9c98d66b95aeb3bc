package dev.symdex.engine.resolve;

import java.util.ArrayList;
import java.util.List;

/**
 * Rust: {@code mod x;} → {@code x.rs} or {@code x/mod.rs} beside the declaring module; {@code use}
 * paths starting with {@code crate::}, {@code super::} or {@code self::} (and groups {@code
 * a::{b, c::d}}) → the deepest module file along the path, from the crate root ({@code src/lib.rs}
 * or {@code src/main.rs} under the nearest {@code Cargo.toml}). Other paths ({@code std::},
 * dependencies) are external unless their first segment is a module of the current crate.
 */
final class RustImports {
  private RustImports() {}

  static List<ImportTarget> resolve(String from, String text, RepoFiles repo, ProjectConfig config) {
    String t = text.strip().replaceAll("\\s+", " ");
    if (t.startsWith("extern crate")) {
      return List.of(ImportTarget.EXTERNAL);
    }
    String mod = t.replaceFirst("^(pub(\\([^)]*\\))? )?mod ", "");
    if (!mod.equals(t) || t.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      String name = mod.replaceAll("[; ].*$", "");
      List<String> hit = moduleFile(repo, moduleDir(from), name);
      if (!hit.isEmpty() || !mod.equals(t)) {
        return List.of(ImportTarget.orUnresolved(hit));
      }
    }
    List<ImportTarget> out = new ArrayList<>();
    for (String path : expand(t.replaceFirst("^(pub(\\([^)]*\\))? )?use ", "").replaceAll(";$", ""))) {
      out.add(usePath(from, path, repo, config));
    }
    return out;
  }

  private static ImportTarget usePath(String from, String path, RepoFiles repo, ProjectConfig config) {
    String[] segs = path.replaceFirst(" as .*$", "").split("::");
    if (segs.length == 0) {
      return ImportTarget.UNRESOLVED;
    }
    String dir;
    String file;
    int i = 1;
    switch (segs[0]) {
      case "crate" -> {
        String crate = crateSrc(from, repo, config);
        file = root(repo, crate);
        dir = crate;
      }
      case "self" -> {
        dir = moduleDir(from);
        file = from;
      }
      case "super" -> {
        dir = RepoFiles.parent(moduleDir(from));
        file = moduleFileOf(repo, moduleDir(from));
        while (i < segs.length && segs[i].equals("super")) {
          dir = RepoFiles.parent(dir);
          i++;
        }
      }
      default -> {
        List<String> local = moduleFile(repo, moduleDir(from), segs[0]);
        if (local.isEmpty()) {
          return ImportTarget.EXTERNAL;
        }
        file = local.get(0);
        dir = RepoFiles.join(moduleDir(from), segs[0]);
      }
    }
    for (; i < segs.length; i++) {
      List<String> next = moduleFile(repo, dir, segs[i]);
      if (next.isEmpty()) {
        break; // an item inside the module file reached so far
      }
      file = next.get(0);
      dir = RepoFiles.join(dir, segs[i]);
    }
    return file == null || !repo.exists(file) ? ImportTarget.UNRESOLVED : ImportTarget.of(List.of(file));
  }

  /** {@code a::{b, c::{d, e}}} → {@code a::b, a::c::d, a::c::e}. */
  static List<String> expand(String tree) {
    List<String> out = new ArrayList<>();
    String s = tree.replace(" ", "");
    int brace = s.indexOf('{');
    if (brace < 0) {
      out.add(s);
      return out;
    }
    String prefix = s.substring(0, brace);
    String inner = s.substring(brace + 1, s.lastIndexOf('}') < 0 ? s.length() : s.lastIndexOf('}'));
    int depth = 0;
    int start = 0;
    for (int k = 0; k <= inner.length(); k++) {
      char c = k < inner.length() ? inner.charAt(k) : ',';
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      } else if (c == ',' && depth == 0) {
        String part = inner.substring(start, k);
        start = k + 1;
        if (part.isEmpty()) {
          continue;
        }
        if (part.equals("self")) {
          out.add(prefix.endsWith("::") ? prefix.substring(0, prefix.length() - 2) : prefix);
        } else {
          out.addAll(expand(prefix + part));
        }
      }
    }
    return out;
  }

  /** Directory holding the submodules of the module defined by {@code file}. */
  private static String moduleDir(String file) {
    String name = file.substring(file.lastIndexOf('/') + 1);
    String dir = RepoFiles.parent(file);
    if (name.equals("mod.rs") || name.equals("lib.rs") || name.equals("main.rs")) {
      return dir;
    }
    return RepoFiles.join(dir, name.replaceFirst("\\.rs$", ""));
  }

  private static List<String> moduleFile(RepoFiles repo, String dir, String name) {
    for (String c : new String[] {RepoFiles.join(dir, name + ".rs"), RepoFiles.join(dir, name + "/mod.rs")}) {
      if (c != null && repo.exists(c)) {
        return List.of(c);
      }
    }
    return List.of();
  }

  private static String moduleFileOf(RepoFiles repo, String moduleDir) {
    String parent = RepoFiles.parent(moduleDir);
    String name = moduleDir.substring(moduleDir.lastIndexOf('/') + 1);
    List<String> f = moduleFile(repo, parent, name);
    return f.isEmpty() ? root(repo, moduleDir) : f.get(0);
  }

  private static String crateSrc(String from, RepoFiles repo, ProjectConfig config) {
    String crate = config.crateFor(RepoFiles.parent(from));
    if (crate != null) {
      String src = RepoFiles.join(crate, "src");
      if (root(repo, src) == null && (repo.exists(RepoFiles.join(crate, "lib.rs")) || repo.exists(RepoFiles.join(crate, "main.rs")))) {
        return crate; // [lib] path = "lib.rs": the crate root file sits next to Cargo.toml (rustc's own crates)
      }
      return src;
    }
    // No Cargo.toml (crates built by another build system, e.g. Linux's rust/): the crate root is
    // the nearest directory above the file that holds a lib.rs or main.rs, else the nearest src/.
    for (String d = RepoFiles.parent(from); ; d = RepoFiles.parent(d)) {
      if (repo.exists(RepoFiles.join(d, "lib.rs")) || repo.exists(RepoFiles.join(d, "main.rs"))) {
        return d;
      }
      if (d.isEmpty()) {
        break;
      }
    }
    String d = RepoFiles.parent(from);
    while (!d.isEmpty() && !d.endsWith("src") && !d.equals("src")) {
      d = RepoFiles.parent(d);
    }
    return d;
  }

  private static String root(RepoFiles repo, String dir) {
    for (String c : new String[] {"lib.rs", "main.rs", "mod.rs"}) {
      String p = RepoFiles.join(dir, c);
      if (p != null && repo.exists(p)) {
        return p;
      }
    }
    return null;
  }
}
