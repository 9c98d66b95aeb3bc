package dev.symdex.engine.resolve;

import java.util.List;
import java.util.Map;

/**
 * The Java types of the index, as call resolution needs them, for one query: the values the
 * resolution speaks in ({@link TypeRef}, {@link Member}, {@link Found}, {@link Scope}), the files
 * it reads ({@link Sources}), and its three parts, wired to one another over one set of caches:
 * {@link #names} (a type name as written, resolved in scope to the type definitions it names),
 * {@link #hierarchy} (supertypes and type-variable bindings) and {@link #members} (methods, fields
 * and constructors found through the hierarchy). A name that names no type of the tree is
 * external (the JDK, a dependency). Every walk is bounded. Per query: not thread-safe, caches what
 * it reads.
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

  private final JavaTypeNames names;
  private final JavaHierarchy hierarchy;
  private final JavaMembers members;

  JavaTypes(Sources sources) {
    // Names and the hierarchy need each other: a supertype is a name, and a name in scope may be a
    // member type inherited from a supertype.
    this.names = new JavaTypeNames(sources, this::levels);
    this.hierarchy = new JavaHierarchy(sources, names);
    this.members = new JavaMembers(sources, names, hierarchy);
  }

  /** Type names resolved in scope. */
  JavaTypeNames names() {
    return names;
  }

  /** Supertypes and type-variable bindings. */
  JavaHierarchy hierarchy() {
    return hierarchy;
  }

  /** Methods, fields and constructors, and the types they hold and return. */
  JavaMembers members() {
    return members;
  }

  private List<List<JType>> levels(JType t) {
    return hierarchy.hierarchy(t);
  }
}
