package dev.symdex.engine.resolve;

import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.TypeFacts.DefinitionTypes;
import dev.symdex.engine.model.TypeFacts.TypeParameter;
import dev.symdex.engine.resolve.JavaTypes.Found;
import dev.symdex.engine.resolve.JavaTypes.Member;
import dev.symdex.engine.resolve.JavaTypes.Scope;
import dev.symdex.engine.resolve.JavaTypes.Sources;
import dev.symdex.engine.resolve.JavaTypes.TypeRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The members of the tree's Java types as javac looks them up: methods by name and arity, fields
 * and enum constants by name, each from the nearest level of the {@link JavaHierarchy} that has
 * one; constructors by arity; and the type a field holds or a method returns, seen through the
 * owner's type arguments (resolved by {@link JavaTypeNames}). Answers are distinct, nearest level
 * first; a JDK type answering first is told apart ({@link Methods#outside}). Per query: not
 * thread-safe (the hierarchy and names it uses cache).
 */
final class JavaMembers {
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

  private final Sources sources;
  private final JavaTypeNames names;
  private final JavaHierarchy hierarchy;

  JavaMembers(Sources sources, JavaTypeNames names, JavaHierarchy hierarchy) {
    this.sources = sources;
    this.names = names;
    this.hierarchy = hierarchy;
  }

  Methods methods(List<JType> types, String name, int args) {
    return methods(types, name, args, m -> true);
  }

  /** As {@link #methods(List, String, int)}, counting only the methods {@code fits} accepts as applicable. */
  Methods methods(List<JType> types, String name, int args, Predicate<Found> fits) {
    List<Found> any = null;
    for (int depth = 0; depth < JavaHierarchy.MAX_LEVELS; depth++) {
      List<Found> found = new ArrayList<>(2);
      List<Found> named = new ArrayList<>(2);
      List<JType> outside = new ArrayList<>(1);
      boolean more = false;
      for (JType t : types) {
        List<List<JType>> levels = hierarchy.hierarchy(t);
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
    for (int depth = 0; depth < JavaHierarchy.MAX_LEVELS; depth++) {
      List<Found> found = new ArrayList<>(1);
      boolean more = false;
      for (JType t : types) {
        List<List<JType>> levels = hierarchy.hierarchy(t);
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
    return names.resolve(new Scope(f, owner, owner, -1, hierarchy.bindingsOf(found.owner())), dt.type());
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
    Map<String, JType> b = new HashMap<>(hierarchy.bindingsOf(found.owner()));
    for (TypeParameter p : dt.typeParameters()) {
      b.remove(p.name()); // the method's own type variables hide the class's
    }
    return names.resolve(new Scope(f, owner, owner, def, b), dt.type());
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
}
