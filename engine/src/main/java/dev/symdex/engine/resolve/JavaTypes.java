package dev.symdex.engine.resolve;

import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.TypeFacts.DefinitionTypes;
import dev.symdex.engine.model.TypeFacts.TypeParameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The Java types of the index, as call resolution needs them: a type name as written in a file
 * resolved to the type definitions it names (nested types, imports, the package, on-demand
 * imports, fully qualified names, type variables by their bound), supertypes, and members found
 * through the hierarchy. A name that names no type of the tree is external (the JDK, a
 * dependency). Every walk is bounded. Per query: not thread-safe, caches what it reads.
 */
final class JavaTypes {
  /** The files of the index, read as {@link JavaFile}s. */
  interface Sources {
    /** Java files defining {@code name} (any kind), sorted. */
    List<String> filesDefining(String name);

    /** The file at {@code path} when it is an indexed Java file, else null. */
    JavaFile file(String path);
  }

  /** A type definition of the tree: its file, and its dotted name in that file. */
  record TypeRef(String path, String type) {}

  /** A member definition (method, constructor, field, type) and the file that declares it. */
  record Member(JavaFile file, int def) {}

  /** A member found on a type as used ({@code owner}, with its type arguments). */
  record Found(Member member, JType owner) {}

  /**
   * Where a name is resolved: a file, the type enclosing the use (dotted name in the file; empty
   * at top level), the innermost definition enclosing it (dotted; local classes are declared in
   * methods), the enclosing method (definition index, -1 for none), and type variables bound to
   * types (a member seen through a parameterized type).
   */
  record Scope(JavaFile file, String type, String local, int method, Map<String, JType> bindings, List<TypeRef> around) {
    Scope(JavaFile file, String type, String local, int method, Map<String, JType> bindings) {
      this(file, type, local, method, bindings, List.of());
    }

    Scope(JavaFile file, String type, int method) {
      this(file, type, type, method, Map.of());
    }
  }

  /** Files read per simple type name, at most: a name defined in more files is searched in these. */
  static final int MAX_FILES_PER_NAME = 64;
  /** Levels of a hierarchy walked, and types per level. */
  static final int MAX_LEVELS = 12;
  static final int MAX_TYPES_PER_LEVEL = 32;
  /** Nested resolutions (a bound, a supertype, an inherited member type) before giving up. */
  private static final int MAX_NESTING = 24;

  private static final Set<String> PRIMITIVES =
      Set.of("byte", "short", "int", "long", "float", "double", "char", "boolean", "void", "var");

  private final Sources sources;
  private final Map<String, List<TypeRef>> inPackage = new HashMap<>();
  private final Map<JType, List<List<JType>>> supertypes = new HashMap<>();
  private final Set<JType> unresolved = new HashSet<>();
  private int nesting;

  JavaTypes(Sources sources) {
    this.sources = sources;
  }

  JavaFile file(String path) {
    return sources.file(path);
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
    String raw = erase(t);
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
      List<String> argTexts = typeArguments(t);
      List<JType> args = new ArrayList<>(argTexts.size());
      for (String a : argTexts) {
        List<JType> r = resolve(scope, a);
        args.add(r == null || r.isEmpty() ? JType.UNKNOWN : r.getFirst());
      }
      List<TypeRef> refs = refs(scope, raw);
      if (refs.isEmpty()) {
        return List.of(JType.external(externalName(raw), args));
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

  /** {@code Map.Entry} → {@code Map.Entry}: the name without its package. */
  private static String externalName(String raw) {
    String[] segs = raw.split("\\.");
    int k = 0;
    while (k < segs.length - 1 && !segs[k].isEmpty() && Character.isLowerCase(segs[k].charAt(0))) {
      k++;
    }
    return String.join(".", Arrays.copyOfRange(segs, k, segs.length));
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

  /** The type arguments of {@code written}, as written ({@code Map<K,List<V>>} → {@code K}, {@code List<V>}). */
  static List<String> typeArguments(String written) {
    int lt = written.indexOf('<');
    if (lt < 0) {
      return List.of();
    }
    List<String> out = new ArrayList<>(2);
    int depth = 0;
    int start = lt + 1;
    for (int i = lt; i < written.length(); i++) {
      char c = written.charAt(i);
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth--;
        if (depth == 0) {
          String a = written.substring(start, i).strip();
          if (!a.isEmpty()) {
            out.add(a);
          }
          return out;
        }
      } else if (c == ',' && depth == 1) {
        out.add(written.substring(start, i).strip());
        start = i + 1;
      }
    }
    return out;
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
      if (f.typeIndex.containsKey(q + "." + name)) {
        return List.of(new TypeRef(f.path, q + "." + name));
      }
      if (f.typeIndex.containsKey(q)) {
        if (q.equals(name) || q.endsWith("." + name)) {
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
      if (imp.equals(name) || imp.endsWith("." + name)) {
        return qualified(f.path, imp.split("\\."));
      }
    }
    for (String imp : f.staticImports) { // import static a.B.Nested: a member type
      if (imp.endsWith("." + name)) {
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
  List<TypeRef> inPackage(String pkg, String name, String fromPath) {
    List<TypeRef> all = inPackage.computeIfAbsent(pkg + "\u0000" + name, k -> {
      List<String> files = new ArrayList<>(sources.filesDefining(name));
      // A public top-level type lives in its own file: read those first.
      files.sort(Comparator.comparing(p -> !p.endsWith("/" + name + ".java") && !p.equals(name + ".java")));
      List<TypeRef> out = new ArrayList<>();
      for (String p : files.subList(0, Math.min(files.size(), MAX_FILES_PER_NAME))) {
        JavaFile g = sources.file(p);
        if (g != null && g.pkg().equals(pkg) && g.typeIndex.containsKey(name)) {
          out.add(new TypeRef(p, name));
        }
      }
      return out;
    });
    return nearest(fromPath, all);
  }

  /** Of several types, those whose files are nearest to {@code fromPath} (fewest directory steps). */
  static List<TypeRef> nearest(String fromPath, List<TypeRef> types) {
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
  static int distance(String a, String b) {
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
    List<List<JType>> levels = hierarchy(JType.of(t, List.of()));
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

  /** Type variables of tree type {@code t} bound to its arguments (none for a raw use). */
  Map<String, JType> bindingsOf(JType t) {
    return bindings(t);
  }

  /** Whether a declared supertype of {@code t}'s hierarchy could not be resolved. */
  boolean unresolvedSupertypes(JType t) {
    for (List<JType> level : hierarchy(t)) {
      for (JType x : level) {
        if (unresolved.contains(x)) {
          return true;
        }
      }
    }
    return false;
  }

  private Map<String, JType> bindings(JType t) {
    if (!t.inTree() || t.args().isEmpty()) {
      return Map.of();
    }
    JavaFile f = sources.file(t.ref().path());
    Integer def = f == null ? null : f.typeIndex.get(t.ref().type());
    DefinitionTypes dt = def == null ? null : f.types[def];
    if (dt == null || dt.typeParameters().size() != t.args().size()) {
      return Map.of();
    }
    Map<String, JType> b = new HashMap<>();
    for (int i = 0; i < t.args().size(); i++) {
      b.put(dt.typeParameters().get(i).name(), t.args().get(i));
    }
    return b;
  }

  /**
   * The direct supertypes of {@code t}, with {@code t}'s type arguments put in: its superclass
   * first. Types outside the tree are included (as far as {@link JdkTypes} knows theirs).
   */
  List<JType> directSupertypes(JType t) {
    if (!t.inTree()) {
      return JdkTypes.supertypes(t);
    }
    JavaFile f = sources.file(t.ref().path());
    int anonymous = JavaFile.anonymousIndex(t.ref().type());
    if (anonymous >= 0) { // an anonymous class: the type it extends or implements
      if (f == null) {
        return List.of();
      }
      String around = f.typeAround(anonymous);
      List<JType> s = resolve(new Scope(f, around, -1), f.anonymous.get(anonymous).type());
      if (s == null) {
        unresolved.add(t);
      }
      return s == null ? List.of() : s;
    }
    Integer def = f == null ? null : f.typeIndex.get(t.ref().type());
    DefinitionTypes dt = def == null ? null : f.types[def];
    if (dt == null) {
      return List.of();
    }
    Scope scope = new Scope(f, f.outer(t.ref().type()), t.ref().type(), -1, bindings(t));
    List<JType> out = new ArrayList<>(2);
    if (!dt.superclass().isEmpty()) {
      List<JType> s = resolve(scope, dt.superclass());
      if (s != null) {
        out.addAll(s);
      } else {
        unresolved.add(t);
      }
    }
    for (String i : dt.interfaces()) {
      List<JType> s = resolve(scope, i);
      if (s != null) {
        out.addAll(s);
      } else {
        unresolved.add(t);
      }
    }
    return out;
  }

  /** The superclass of tree type {@code t} (as a raw type), or empty (none, or outside the tree). */
  List<JType> superclass(TypeRef t) {
    JavaFile f = sources.file(t.path());
    Integer def = f == null ? null : f.typeIndex.get(t.type());
    DefinitionTypes dt = def == null ? null : f.types[def];
    if (dt == null || dt.superclass().isEmpty()) {
      return List.of();
    }
    List<JType> s = resolve(new Scope(f, f.outer(t.type()), t.type(), -1, Map.of()), dt.superclass());
    return s == null ? List.of() : s;
  }

  /** {@code t}, then its supertypes level by level (each definition once), bounded. */
  List<List<JType>> hierarchy(JType t) {
    List<List<JType>> cached = supertypes.get(t);
    if (cached != null) {
      return cached;
    }
    supertypes.put(t, List.of(List.of(t))); // while it is computed: a cycle stops here
    List<List<JType>> levels = new ArrayList<>();
    Set<JType> seen = new LinkedHashSet<>();
    List<JType> level = List.of(t);
    seen.add(t.raw());
    while (!level.isEmpty() && levels.size() < MAX_LEVELS) {
      levels.add(level);
      List<JType> next = new ArrayList<>();
      for (JType x : level) {
        for (JType s : directSupertypes(x)) {
          if (seen.add(s.raw()) && next.size() < MAX_TYPES_PER_LEVEL) {
            next.add(s);
          }
        }
      }
      level = next;
    }
    List<List<JType>> out = List.copyOf(levels);
    supertypes.put(t, out);
    return out;
  }

  /**
   * Methods named {@code name} a call with {@code args} arguments (-1: any) reaches on {@code
   * types}.
   *
   * @param found the tree's methods of the nearest level of the hierarchy that has one of that
   *     arity (when none has: of the nearest level that has the name at all)
   * @param outside what the call returns when a type outside the tree answers it first (as far as
   *     {@link JdkTypes} knows), else null
   */
  record Methods(List<Found> found, List<JType> outside) {}

  Methods methods(List<JType> types, String name, int args) {
    return methods(types, name, args, m -> true);
  }

  /** As {@link #methods(List, String, int)}, counting only the methods {@code fits} accepts as applicable. */
  Methods methods(List<JType> types, String name, int args, Predicate<Found> fits) {
    List<Found> any = null;
    for (int depth = 0; depth < MAX_LEVELS; depth++) {
      List<Found> found = new ArrayList<>(2);
      List<Found> named = new ArrayList<>(2);
      List<JType> outside = new ArrayList<>(1);
      boolean more = false;
      for (JType t : types) {
        List<List<JType>> levels = hierarchy(t);
        if (depth >= levels.size()) {
          continue;
        }
        more = true;
        for (JType x : levels.get(depth)) {
          if (!x.inTree()) {
            JType r = JdkTypes.returns(x, name);
            if (r != null) {
              outside.add(r);
            }
            continue;
          }
          JavaFile f = sources.file(x.ref().path());
          if (f == null) {
            continue;
          }
          for (int m : f.members(x.ref().type(), name)) {
            if (f.kinds[m] == DefinitionKind.METHOD) {
              Found candidate = new Found(new Member(f, m), x);
              named.add(candidate);
              if (applicable(f.types[m], args) && fits.test(candidate)) {
                found.add(candidate);
              }
            }
          }
        }
      }
      if (!found.isEmpty()) {
        return new Methods(distinct(found), null);
      }
      if (!outside.isEmpty()) {
        return new Methods(List.of(), outside);
      }
      if (any == null && !named.isEmpty()) {
        any = named;
      }
      if (!more) {
        break;
      }
    }
    return new Methods(any == null ? List.of() : distinct(any), null);
  }

  /** Fields (and enum constants) named {@code name} of {@code types}, from the nearest level that has one. */
  List<Found> fields(List<JType> types, String name) {
    for (int depth = 0; depth < MAX_LEVELS; depth++) {
      List<Found> found = new ArrayList<>(1);
      boolean more = false;
      for (JType t : types) {
        List<List<JType>> levels = hierarchy(t);
        if (depth >= levels.size()) {
          continue;
        }
        more = true;
        for (JType x : levels.get(depth)) {
          JavaFile f = x.inTree() ? sources.file(x.ref().path()) : null;
          if (f == null) {
            continue;
          }
          for (int m : f.members(x.ref().type(), name)) {
            if (f.kinds[m] == DefinitionKind.FIELD || f.kinds[m] == DefinitionKind.CONSTANT) {
              found.add(new Found(new Member(f, m), x));
            }
          }
        }
      }
      if (!found.isEmpty()) {
        return distinct(found);
      }
      if (!more) {
        break;
      }
    }
    return List.of();
  }

  /**
   * The constructors of {@code t} a call with {@code args} arguments may reach; the type itself
   * when it declares none (its default constructor, an interface of an anonymous class).
   */
  List<Member> constructors(TypeRef t, int args) {
    JavaFile f = sources.file(t.path());
    Integer def = f == null ? null : f.typeIndex.get(t.type());
    if (def == null) {
      return List.of();
    }
    List<Member> all = new ArrayList<>(2);
    List<Member> fit = new ArrayList<>(2);
    for (int m : f.members(t.type(), f.names[def])) {
      if (f.kinds[m] == DefinitionKind.CONSTRUCTOR) {
        all.add(new Member(f, m));
        if (applicable(f.types[m], args)) {
          fit.add(new Member(f, m));
        }
      }
    }
    return all.isEmpty() ? List.of(new Member(f, def)) : fit.isEmpty() ? all : fit;
  }

  /** The type of a field's value (an enum constant's: its enum), seen through its owner; null when unknown. */
  List<JType> typeOf(Found found) {
    JavaFile f = found.member().file();
    int def = found.member().def();
    String owner = f.enclosingType(def);
    DefinitionTypes dt = f.types[def];
    if (dt == null || dt.type().isEmpty()) {
      return f.kinds[def] == DefinitionKind.CONSTANT && !owner.isEmpty() ? List.of(JType.of(new TypeRef(f.path, owner), List.of())) : null;
    }
    return resolve(new Scope(f, owner, owner, -1, bindings(found.owner())), dt.type());
  }

  /** The type a call of a method returns, seen through its owner; null when unknown. */
  List<JType> returnType(Found found) {
    JavaFile f = found.member().file();
    int def = found.member().def();
    DefinitionKind k = f.kinds[def];
    String owner = f.enclosingType(def);
    if (k.isType()) {
      return List.of(JType.of(new TypeRef(f.path, f.qualified(def)), List.of()));
    }
    if (k == DefinitionKind.CONSTRUCTOR) {
      return owner.isEmpty() ? null : List.of(JType.of(new TypeRef(f.path, owner), List.of()));
    }
    DefinitionTypes dt = f.types[def];
    if (dt == null || dt.type().isEmpty()) {
      return null;
    }
    Map<String, JType> b = new HashMap<>(bindings(found.owner()));
    for (TypeParameter p : dt.typeParameters()) {
      b.remove(p.name()); // the method's own type variables hide the class's
    }
    return resolve(new Scope(f, owner, owner, def, b), dt.type());
  }

  private static boolean applicable(DefinitionTypes types, int args) {
    if (args < 0 || types == null) {
      return true;
    }
    int p = types.parameters().size();
    return types.varargs() ? args >= p - 1 : args == p;
  }

  private static <T> List<T> distinct(List<T> members) {
    return members.size() <= 1 ? members : List.copyOf(new LinkedHashSet<>(members));
  }

  /**
   * A written type without type arguments or annotations: {@code Map.Entry<K,V>} → {@code
   * Map.Entry}, {@code ? extends Foo} → {@code Foo}; arrays keep their brackets.
   */
  static String erase(String written) {
    StringBuilder b = new StringBuilder(written.length());
    int depth = 0;
    for (int i = 0; i < written.length(); i++) {
      char c = written.charAt(i);
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth = Math.max(0, depth - 1);
      } else if (depth == 0 && !Character.isWhitespace(c)) {
        b.append(c);
      }
    }
    String t = b.toString();
    if (t.startsWith("?extends")) {
      t = t.substring(8);
    } else if (t.startsWith("?")) {
      t = "";
    }
    return t;
  }
}
