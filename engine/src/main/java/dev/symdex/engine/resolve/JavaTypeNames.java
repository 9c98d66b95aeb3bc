package dev.symdex.engine.resolve;

import dev.symdex.engine.model.TypeFacts.DefinitionTypes;
import dev.symdex.engine.model.TypeFacts.TypeParameter;
import dev.symdex.engine.resolve.JavaTypes.Scope;
import dev.symdex.engine.resolve.JavaTypes.Sources;
import dev.symdex.engine.resolve.JavaTypes.TypeRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a Java type name as a file writes it, in a {@link Scope}, to the type definitions of
 * the tree it names, as javac looks it up: type variables (by their binding, else their bound),
 * member types declared or inherited outward from the use, the file's own types, single-type,
 * static and on-demand imports, the package, fully qualified names. A name that names no type of
 * the tree is external (the JDK, a dependency, a primitive); one that cannot be told is null.
 * Inherited member types are looked up through the {@link Supertypes} given (the hierarchy, which
 * itself resolves supertypes here). Nested resolutions are bounded. Per query: not thread-safe,
 * caches the top-level types of each package it reads.
 */
final class JavaTypeNames {
  /** A type's hierarchy: the type, then its supertypes level by level ({@link JavaHierarchy#hierarchy}). */
  interface Supertypes {
    List<List<JType>> levels(JType t);
  }

  /** Files read per simple type name, at most: a name defined in more files is searched in these. */
  static final int MAX_FILES_PER_NAME = 64;
  /** Nested resolutions (a bound, a supertype, an inherited member type) before giving up. */
  private static final int MAX_NESTING = 24;

  private static final Set<String> PRIMITIVES =
      Set.of("byte", "short", "int", "long", "float", "double", "char", "boolean", "void", "var");

  private final Sources sources;
  private final Supertypes supertypes;
  private final Map<String, List<TypeRef>> inPackage = new HashMap<>();
  /**
   * The package of each file read while looking for a type in a package ({@link #NOT_JAVA} for a
   * file that is not Java), so that a file of another package is skipped without reading it again.
   */
  private final Map<String, String> packageOf = new HashMap<>();
  private static final String NOT_JAVA = "\u0000";
  private int nesting;

  JavaTypeNames(Sources sources, Supertypes supertypes) {
    this.sources = sources;
    this.supertypes = supertypes;
  }

  /**
   * The types {@code written} names in {@code scope}, with their type arguments: a type outside
   * the tree (the JDK, a dependency, a primitive, an array) is one not {@link JType#inTree}; null
   * when it cannot be told.
   */
  List<JType> resolve(Scope scope, String written) {
    String t = written.strip();
    if (t.isEmpty() || t.equals("?")) {
      return null;
    }
    if (t.startsWith("?extends") || t.startsWith("?super")) {
      return resolve(scope, t.substring(t.startsWith("?extends") ? 8 : 6));
    }
    if (t.startsWith("? ")) {
      return resolve(scope, t.replaceFirst("^\\?\\s*(extends|super)\\s+", ""));
    }
    if (t.endsWith("[]")) {
      List<JType> element = resolve(scope, t.substring(0, t.length() - 2));
      return List.of(JType.array(element == null || element.isEmpty() ? JType.UNKNOWN : element.getFirst()));
    }
    if (t.endsWith("...")) {
      return resolve(scope, t.substring(0, t.length() - 3) + "[]");
    }
    String raw = WrittenTypes.erase(t);
    if (PRIMITIVES.contains(raw)) {
      return List.of(JType.external(raw, List.of()));
    }
    if (nesting > MAX_NESTING) {
      return null;
    }
    nesting++;
    try {
      if (raw.indexOf('.') < 0) {
        JType bound = scope.bindings().get(raw);
        if (bound != null) {
          return bound.isUnknown() ? null : List.of(bound);
        }
        String b = typeVariable(scope, raw);
        if (b != null) {
          return b.isEmpty() ? List.of(JType.external("Object", List.of())) : resolve(withoutMethod(scope), b);
        }
      }
      List<String> argTexts = WrittenTypes.typeArguments(t);
      List<JType> args = new ArrayList<>(argTexts.size());
      for (String a : argTexts) {
        List<JType> r = resolve(scope, a);
        args.add(r == null || r.isEmpty() ? JType.UNKNOWN : r.getFirst());
      }
      List<TypeRef> refs = refs(scope, raw);
      if (refs.isEmpty()) {
        return List.of(JType.external(WrittenTypes.withoutPackage(raw), args));
      }
      List<JType> out = new ArrayList<>(refs.size());
      for (TypeRef r : refs) {
        out.add(JType.of(r, args));
      }
      return out;
    } finally {
      nesting--;
    }
  }

  private static Scope withoutMethod(Scope s) {
    return new Scope(s.file(), s.type(), s.local(), -1, s.bindings(), s.around());
  }

  /** The type definitions of the tree a raw (erased) type name names in scope; empty when none. */
  List<TypeRef> refs(Scope scope, String raw) {
    String[] segs = raw.split("\\.");
    List<TypeRef> first = simple(scope, segs[0]);
    if (!first.isEmpty()) {
      return members(first, segs, 1);
    }
    return segs.length > 1 ? qualified(scope.file().path, segs) : List.of();
  }

  /** {@code a.b.C.D} as a fully qualified name: the package, then the type and its member types. */
  List<TypeRef> qualified(String fromPath, String[] segs) {
    for (int k = 1; k < segs.length; k++) {
      List<TypeRef> top = inPackage(String.join(".", Arrays.copyOf(segs, k)), segs[k], fromPath);
      if (!top.isEmpty()) {
        return members(top, segs, k + 1);
      }
    }
    return List.of();
  }

  private List<TypeRef> members(List<TypeRef> types, String[] segs, int from) {
    List<TypeRef> cur = types;
    for (int k = from; k < segs.length && !cur.isEmpty(); k++) {
      cur = memberType(cur, segs[k]);
    }
    return cur;
  }

  /** A simple type name in scope: nested and inherited member types outward, the file, imports, the package. */
  private List<TypeRef> simple(Scope scope, String name) {
    JavaFile f = scope.file();
    String dotName = "." + name;
    for (TypeRef a : scope.around()) {
      List<TypeRef> m = memberType(List.of(a), name);
      if (!m.isEmpty()) {
        return m;
      }
    }
    // Outward from the innermost definition around the use: types declared in it (member types,
    // local classes of a method), a type's own name, member types it inherits.
    String start = scope.local().isEmpty() ? scope.type() : scope.local();
    for (String q = start; !q.isEmpty(); q = q.substring(0, Math.max(0, q.lastIndexOf('.')))) {
      if (f.typeIndex.containsKey(q + dotName)) {
        return List.of(new TypeRef(f.path, q + dotName));
      }
      if (f.typeIndex.containsKey(q)) {
        if (q.equals(name) || q.endsWith(dotName)) {
          return List.of(new TypeRef(f.path, q));
        }
        List<TypeRef> inherited = inheritedMemberType(new TypeRef(f.path, q), name);
        if (!inherited.isEmpty()) {
          return inherited;
        }
      }
    }
    if (f.typeIndex.containsKey(name)) {
      return List.of(new TypeRef(f.path, name));
    }
    for (String imp : f.singleImports) {
      if (imp.equals(name) || imp.endsWith(dotName)) {
        return qualified(f.path, imp.split("\\."));
      }
    }
    for (String imp : f.staticImports) { // import static a.B.Nested: a member type
      if (imp.endsWith(dotName)) {
        List<TypeRef> t = qualified(f.path, imp.split("\\."));
        if (!t.isEmpty()) {
          return t;
        }
      }
    }
    List<TypeRef> same = inPackage(f.pkg(), name, f.path);
    if (!same.isEmpty()) {
      return same;
    }
    for (String imp : f.onDemandImports) {
      List<TypeRef> hits = inPackage(imp, name, f.path);
      if (hits.isEmpty()) {
        List<TypeRef> owner = qualified(f.path, imp.split("\\."));
        hits = owner.isEmpty() ? List.of() : memberType(owner, name);
      }
      if (!hits.isEmpty()) {
        return hits;
      }
    }
    for (String imp : f.staticOnDemandImports) {
      List<TypeRef> owner = qualified(f.path, imp.split("\\."));
      List<TypeRef> hits = owner.isEmpty() ? List.of() : memberType(owner, name);
      if (!hits.isEmpty()) {
        return hits;
      }
    }
    return List.of();
  }

  /**
   * Top-level types {@code name} of package {@code pkg}, nearest to {@code fromPath} first (a
   * package in several source roots: the nearest copy).
   */
  private List<TypeRef> inPackage(String pkg, String name, String fromPath) {
    List<TypeRef> all = inPackage.computeIfAbsent(pkg + "\u0000" + name, k -> {
      List<String> files = new ArrayList<>(sources.filesDefining(name));
      // A public top-level type lives in its own file: read those first.
      files.sort(Comparator.comparing(p -> !p.endsWith("/" + name + ".java") && !p.equals(name + ".java")));
      List<TypeRef> out = new ArrayList<>();
      for (String p : files.subList(0, Math.min(files.size(), MAX_FILES_PER_NAME))) {
        String known = packageOf.get(p);
        if (known != null && !known.equals(pkg)) {
          continue;
        }
        JavaFile g = sources.file(p);
        packageOf.put(p, g == null ? NOT_JAVA : g.pkg());
        if (g != null && g.pkg().equals(pkg) && g.typeIndex.containsKey(name)) {
          out.add(new TypeRef(p, name));
        }
      }
      return out;
    });
    return nearest(fromPath, all);
  }

  /** Of several types, those whose files are nearest to {@code fromPath} (fewest directory steps). */
  private static List<TypeRef> nearest(String fromPath, List<TypeRef> types) {
    if (types.size() <= 1) {
      return types;
    }
    int best = Integer.MAX_VALUE;
    List<TypeRef> out = new ArrayList<>(1);
    for (TypeRef t : types) {
      int d = distance(fromPath, t.path());
      if (d < best) {
        best = d;
        out.clear();
      }
      if (d == best) {
        out.add(t);
      }
    }
    return out;
  }

  /** Directory steps from the directory of {@code a} to that of {@code b}. */
  private static int distance(String a, String b) {
    String[] x = a.split("/");
    String[] y = b.split("/");
    int common = 0;
    while (common < x.length - 1 && common < y.length - 1 && x[common].equals(y[common])) {
      common++;
    }
    return (x.length - 1 - common) + (y.length - 1 - common);
  }

  /** The bound of type variable {@code name} in scope ("" for none), or null when it is not one. */
  private String typeVariable(Scope scope, String name) {
    JavaFile f = scope.file();
    if (scope.method() >= 0) {
      String b = bound(f.types[scope.method()], name);
      if (b != null) {
        return b;
      }
    }
    for (String q = scope.type(); !q.isEmpty(); q = f.outer(q)) {
      String b = bound(f.types[f.typeIndex.get(q)], name);
      if (b != null) {
        return b;
      }
    }
    return null;
  }

  private static String bound(DefinitionTypes types, String name) {
    if (types != null) {
      for (TypeParameter p : types.typeParameters()) {
        if (p.name().equals(name)) {
          return p.bound();
        }
      }
    }
    return null;
  }

  /** Member types {@code name} of the tree types among {@code types}, declared or inherited (as raw types). */
  List<JType> memberTypes(List<JType> types, String name) {
    List<TypeRef> refs = new ArrayList<>(types.size());
    for (JType t : types) {
      if (t.inTree()) {
        refs.add(t.ref());
      }
    }
    List<JType> out = new ArrayList<>(1);
    for (TypeRef r : memberType(refs, name)) {
      out.add(JType.of(r, List.of()));
    }
    return out;
  }

  /** Member types {@code name} of {@code types}, declared or inherited. */
  List<TypeRef> memberType(List<TypeRef> types, String name) {
    List<TypeRef> out = new ArrayList<>(1);
    for (TypeRef t : types) {
      JavaFile f = sources.file(t.path());
      if (f != null && f.typeIndex.containsKey(t.type() + "." + name)) {
        out.add(new TypeRef(t.path(), t.type() + "." + name));
      } else {
        out.addAll(inheritedMemberType(t, name));
      }
    }
    return out;
  }

  private List<TypeRef> inheritedMemberType(TypeRef t, String name) {
    List<List<JType>> levels = supertypes.levels(JType.of(t, List.of()));
    for (int i = 1; i < levels.size(); i++) {
      List<TypeRef> out = new ArrayList<>(1);
      for (JType x : levels.get(i)) {
        TypeRef s = x.ref();
        JavaFile f = s == null ? null : sources.file(s.path());
        if (f != null && f.typeIndex.containsKey(s.type() + "." + name)) {
          out.add(new TypeRef(s.path(), s.type() + "." + name));
        }
      }
      if (!out.isEmpty()) {
        return out;
      }
    }
    return List.of();
  }
}
