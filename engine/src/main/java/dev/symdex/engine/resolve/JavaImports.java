package dev.symdex.engine.resolve;

import java.util.ArrayList;
import java.util.List;

/**
 * Java: {@code a.b.C} (and nested {@code a.b.C.Inner}) → the file {@code .../a/b/C.java} under any
 * source root; {@code a.b.*} → the package directory's files; {@code static a.b.C.m} → C's file.
 * An import whose package exists in the repo but whose class file does not is unresolved; other
 * imports are external.
 */
final class JavaImports {
  private JavaImports() {}

  static ImportTarget resolve(String from, String text, RepoFiles repo) {
    boolean isStatic = text.startsWith("static ");
    String name = isStatic ? text.substring(7).strip() : text.strip();
    boolean wildcard = name.endsWith(".*");
    if (wildcard) {
      name = name.substring(0, name.length() - 2);
    }
    String[] segs = name.split("\\.");
    if (wildcard && !isStatic) {
      List<String> dirs = repo.dirsWithSuffix(String.join("/", segs));
      // Of the package's directories (one per source root), the nearest that holds Java files.
      List<String> withJava = dirs.stream().filter(d -> repo.filesIn(d).stream().anyMatch(p -> p.endsWith(".java"))).toList();
      List<String> files = new ArrayList<>();
      for (String d : RepoFiles.nearest(from, withJava)) {
        repo.filesIn(d).stream().filter(p -> p.endsWith(".java")).forEach(files::add);
      }
      return dirs.isEmpty() ? ImportTarget.EXTERNAL : ImportTarget.orUnresolved(files);
    }
    // The longest prefix that names a file: a.b.C.Inner.member -> a/b/C.java
    for (int k = segs.length; k >= 1; k--) {
      String candidate = String.join("/", java.util.Arrays.copyOf(segs, k)) + ".java";
      List<String> hits = repo.withSuffix(candidate);
      if (!hits.isEmpty()) {
        return ImportTarget.of(RepoFiles.nearest(from, hits));
      }
    }
    // The package: drop the class (and, for a single static import, the member too).
    int pkgLen = isStatic && !wildcard ? segs.length - 2 : segs.length - 1;
    if (pkgLen >= 1 && !repo.dirsWithSuffix(String.join("/", java.util.Arrays.copyOf(segs, pkgLen))).isEmpty()) {
      return ImportTarget.UNRESOLVED;
    }
    return ImportTarget.EXTERNAL;
  }
}
