package dev.symdex.engine.resolve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Java, by declared package and type name — never by path, since a file's directory need not
 * match its {@code package} line. {@code a.b.C} → a file named {@code C.java} that declares
 * {@code package a.b;} (a nested {@code a.b.C.Inner}: of those, the ones that define Inner);
 * {@code static a.b.C.m} and {@code static a.b.C.*} → C's file; {@code a.b.*} → the files that
 * declare package a.b (of the nearest directory, when several source roots share the package),
 * or, when a.b is a type ({@code import a.b.Outer.*}), its file. A type declared in a file of
 * another name (a second top-level class) is found through the files that define its name. An
 * import of a package some Java file declares whose type has no file is unresolved; others (the
 * JDK, dependencies, code generated at build time) are external.
 *
 * <p>Reads only definitions: the files named {@code C.java} that declare the package ({@link
 * ImportResolver.Definitions#filesNamedDefining}), and the files declaring a package only when
 * that is the answer (wildcards) or the type has no file of its name.
 */
final class JavaImports {
  private JavaImports() {}

  static ImportTarget resolve(String from, String text, ImportResolver.Definitions definitions) {
    boolean isStatic = text.startsWith("static ");
    String name = (isStatic ? text.substring(7) : text).replaceAll("\\s", "");
    boolean wildcard = name.endsWith(".*");
    if (wildcard) {
      name = name.substring(0, name.length() - 2);
    }
    String[] segs = name.split("\\.");
    if (wildcard && !isStatic) {
      List<String> files = javaFiles(definitions.filesDefining(name));
      if (!files.isEmpty()) {
        return ImportTarget.of(RepoFiles.nearest(from, files));
      }
    }
    List<String> files = typeFiles(from, segs, definitions);
    if (!files.isEmpty()) {
      return ImportTarget.of(files);
    }
    if (wildcard && !isStatic) {
      return ImportTarget.EXTERNAL; // a.b.* of a package no repo file declares (java.util.*)
    }
    // The package: a.b of a.b.C, static a.b.C.*, static a.b.C.m.
    int pkgLen = isStatic && !wildcard ? segs.length - 2 : segs.length - 1;
    return pkgLen >= 1 && declared(join(segs, pkgLen), definitions) ? ImportTarget.UNRESOLVED : ImportTarget.EXTERNAL;
  }

  /**
   * The files declaring the type that {@code segs} names or begins with ({@code a.b.C}, {@code
   * a.b.C.Inner}, {@code a.b.C.member}), nearest to {@code from} when several do; empty when none.
   * The longest prefix that is a declared package comes first.
   */
  static List<String> typeFiles(String from, String[] segs, ImportResolver.Definitions definitions) {
    for (int k = segs.length - 1; k >= 1; k--) {
      String pkg = join(segs, k);
      List<String> hits = definitions.filesNamedDefining(segs[k] + ".java", pkg);
      if (hits.isEmpty() && k >= 2 && declared(pkg, definitions)) {
        // No C.java declares the package: C may be a second top-level type of another file. (Not
        // for a one-name package: definitions are known by name only, and a field or method may
        // bear that name; a dotted name can only be a package.)
        hits = declaring(javaFiles(definitions.filesDefining(segs[k])), pkg, definitions);
      }
      if (hits.isEmpty()) {
        continue;
      }
      if (k + 1 < segs.length && hits.size() > 1) {
        // A nested type (or a member): the files that define it, when only some do.
        String nested = segs[k + 1];
        List<String> defining = hits.stream().filter(h -> definitions.defines(h, nested)).toList();
        if (!defining.isEmpty()) {
          hits = defining;
        }
      }
      return RepoFiles.nearest(from, hits);
    }
    return List.of();
  }

  /** Of {@code files}, those that declare package {@code pkg}. */
  static List<String> declaring(List<String> files, String pkg, ImportResolver.Definitions definitions) {
    List<String> out = new ArrayList<>();
    for (String f : files) {
      if (definitions.defines(f, pkg)) {
        out.add(f);
      }
    }
    return out;
  }

  /** True when a Java file of the repo declares this package. */
  private static boolean declared(String pkg, ImportResolver.Definitions definitions) {
    return !javaFiles(definitions.filesDefining(pkg)).isEmpty();
  }

  private static List<String> javaFiles(List<String> files) {
    return files.stream().filter(p -> p.endsWith(".java")).toList();
  }

  static String join(String[] segs, int n) {
    return String.join(".", Arrays.copyOf(segs, n));
  }
}
