package dev.symdex.engine.resolve;

import dev.symdex.engine.model.TypeFacts.DefinitionTypes;
import dev.symdex.engine.resolve.JavaTypes.Scope;
import dev.symdex.engine.resolve.JavaTypes.Sources;
import dev.symdex.engine.resolve.JavaTypes.TypeRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The class hierarchy of the tree's Java types as used: a type's direct supertypes with its type
 * arguments put in (the supertypes as written, resolved by {@link JavaTypeNames}; a type outside
 * the tree as far as {@link JdkTypes} knows it), its whole hierarchy level by level, and the
 * bindings of its type variables. Walks are bounded ({@link #MAX_LEVELS} levels of at most {@link
 * #MAX_TYPES_PER_LEVEL} types) and stop at cycles. Per query: not thread-safe, caches each
 * hierarchy and remembers the types one of whose supertypes could not be resolved.
 */
final class JavaHierarchy {
  /** Levels of a hierarchy walked, and types per level. */
  static final int MAX_LEVELS = 12;
  static final int MAX_TYPES_PER_LEVEL = 32;

  private final Sources sources;
  private final JavaTypeNames names;
  private final Map<JType, List<List<JType>>> supertypes = new HashMap<>();
  private final Set<JType> unresolved = new HashSet<>();

  JavaHierarchy(Sources sources, JavaTypeNames names) {
    this.sources = sources;
    this.names = names;
  }

  /** Type variables of tree type {@code t} bound to its arguments (none for a raw use). */
  Map<String, JType> bindingsOf(JType t) {
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
      List<JType> s = names.resolve(new Scope(f, around, -1), f.anonymous.get(anonymous).type());
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
    Scope scope = new Scope(f, f.outer(t.ref().type()), t.ref().type(), -1, bindingsOf(t));
    List<JType> out = new ArrayList<>(2);
    if (!dt.superclass().isEmpty()) {
      List<JType> s = names.resolve(scope, dt.superclass());
      if (s != null) {
        out.addAll(s);
      } else {
        unresolved.add(t);
      }
    }
    for (String i : dt.interfaces()) {
      List<JType> s = names.resolve(scope, i);
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
    List<JType> s = names.resolve(new Scope(f, f.outer(t.type()), t.type(), -1, Map.of()), dt.superclass());
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
}
