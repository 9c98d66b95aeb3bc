package dev.symdex.engine.resolve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Java: {@code a.b.C} (and nested {@code a.b.C.Inner}) → the file {@code .../a/b/C.java} under any
 * source root; {@code a.b.*} → the package directory's files; {@code static a.b.C.m} → C's file.
 * An import of a package some repo file declares ({@code package a.b;}) whose class has no file is
 * unresolved; other imports (the JDK, dependencies, code generated at build time) are external.
 */
final class JavaImports {
  private JavaImports() {}

  static ImportTarget resolve(String from, String text, RepoFiles repo, ImportResolver.Definitions definitions) {
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
      return !files.isEmpty() ? ImportTarget.of(files)
          : declared(String.join(".", segs), definitions) ? ImportTarget.UNRESOLVED : ImportTarget.EXTERNAL;
    }
    // The longest prefix that names a file: a.b.C.Inner.member -> a/b/C.java
    for (int k = segs.length; k >= 1; k--) {
      String candidate = String.join("/", Arrays.copyOf(segs, k)) + ".java";
      List<String> hits = repo.withSuffix(candidate);
      if (!hits.isEmpty()) {
        return ImportTarget.of(RepoFiles.nearest(from, hits));
      }
    }
    // The package: drop the class (and, for a single static import, the member too).
    int pkgLen = isStatic && !wildcard ? segs.length - 2 : segs.length - 1;
    return pkgLen >= 1 && declared(String.join(".", Arrays.copyOf(segs, pkgLen)), definitions)
        ? ImportTarget.UNRESOLVED : ImportTarget.EXTERNAL;
  }

  /** True when a Java file of the repo declares this package. */
  private static boolean declared(String pkg, ImportResolver.Definitions definitions) {
    return definitions.filesDefining(pkg).stream().anyMatch(p -> p.endsWith(".java"));
  }
}
