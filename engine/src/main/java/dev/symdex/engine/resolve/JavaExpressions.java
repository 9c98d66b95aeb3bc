package dev.symdex.engine.resolve;

import dev.symdex.engine.model.TypeFacts.Local;
import dev.symdex.engine.resolve.JavaTypes.Found;
import dev.symdex.engine.resolve.JavaTypes.Scope;
import dev.symdex.engine.resolve.JavaTypes.TypeRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Types a Java expression a call site writes as its receiver or an argument, when no call is part
 * of it: a literal, {@code this}, {@code super}, {@code Outer.this}, {@code new T(...)}, a cast,
 * a parenthesized expression, a name chain {@code a.b.c} (a local or parameter, a field in scope
 * or statically imported, a type, a package; then fields and member types) and an array element
 * {@code a.b[i]}. The answer is a {@link Receiver}: the types of the value (or of the type named,
 * for a static call), known-but-outside-the-tree, or unknown (an untyped lambda parameter, {@code
 * var}, an expression too complex). Per query: not thread-safe (the names and members it uses
 * cache).
 */
final class JavaExpressions {
  private static final Pattern NAME_CHAIN = Pattern.compile("[\\w$]+(\\.[\\w$]+)*");
  private static final Pattern ARRAY_ACCESS = Pattern.compile("([\\w$]+(?:\\.[\\w$]+)*)\\[[^\\[\\]]*]");

  /** What a receiver expression is: the types of its value, or of a type named for a static call. */
  record Receiver(List<JType> types, boolean known) {
    static final Receiver UNKNOWN = new Receiver(List.of(), false);
    static final Receiver EXTERNAL = new Receiver(List.of(), true);

    static Receiver of(List<JType> types) {
      return types == null ? UNKNOWN : new Receiver(types, true);
    }
  }

  private final JavaTypeNames names;
  private final JavaHierarchy hierarchy;
  private final JavaMembers members;

  JavaExpressions(JavaTypeNames names, JavaHierarchy hierarchy, JavaMembers members) {
    this.names = names;
    this.hierarchy = hierarchy;
    this.members = members;
  }

  /** The types whose members are in scope at a call, innermost first: anonymous classes, the class, its outer classes. */
  static List<List<JType>> enclosingTypes(Scope scope, JavaFile.Call c) {
    JavaFile f = scope.file();
    List<List<JType>> out = new ArrayList<>(3);
    for (int k : f.anonymousAround(c.line(), c.column())) {
      out.add(List.of(JType.of(new TypeRef(f.path, JavaFile.anonymousType(k)), List.of())));
    }
    for (String q = scope.type(); !q.isEmpty(); q = f.outer(q)) {
      out.add(List.of(JType.of(new TypeRef(f.path, q), List.of())));
    }
    return out;
  }

  /**
   * The type of expression {@code text} written at call {@code c}, {@code depth} levels into
   * nested expressions and calls (unknown past {@link JavaCallResolver#MAX_CHAIN}).
   */
  Receiver expression(Scope scope, JavaFile.Call c, String text, int depth) {
    JavaFile f = scope.file();
    if (text.isEmpty() || depth > JavaCallResolver.MAX_CHAIN) {
      return Receiver.UNKNOWN;
    }
    char first = text.charAt(0);
    if (first == '"' || first == '\'' || Character.isDigit(first)) {
      return Receiver.EXTERNAL;
    }
    if (text.equals("this")) {
      List<Integer> around = f.anonymousAround(c.line(), c.column());
      if (!around.isEmpty()) {
        return new Receiver(List.of(JType.of(new TypeRef(f.path, JavaFile.anonymousType(around.getFirst())), List.of())), true);
      }
      return scope.type().isEmpty() ? Receiver.UNKNOWN : new Receiver(List.of(JType.of(new TypeRef(f.path, scope.type()), List.of())), true);
    }
    if (text.equals("super")) {
      List<Integer> around = f.anonymousAround(c.line(), c.column());
      if (!around.isEmpty()) { // an anonymous class extends its type
        return Receiver.of(names.resolve(new Scope(f, f.typeAround(around.getFirst()), -1), f.anonymous.get(around.getFirst()).type()));
      }
      return scope.type().isEmpty() ? Receiver.UNKNOWN : new Receiver(hierarchy.superclass(new TypeRef(f.path, scope.type())), true);
    }
    if (text.endsWith(".class")) {
      return Receiver.EXTERNAL; // a Class
    }
    if (text.endsWith(".this") || text.endsWith(".super")) {
      return Receiver.of(names.resolve(scope, text.substring(0, text.lastIndexOf('.'))));
    }
    if (text.startsWith("new ")) {
      int end = text.length();
      for (char stop : new char[] {'(', '[', '{'}) {
        int at = text.indexOf(stop);
        if (at > 0 && at < end) {
          end = at;
        }
      }
      return Receiver.of(names.resolve(scope, text.substring(4, end)));
    }
    if (first == '(') {
      int close = matching(text, 0);
      if (close == text.length() - 1) {
        return expression(scope, c, text.substring(1, close).strip(), depth + 1); // (expr)
      }
      if (close > 0) {
        return Receiver.of(names.resolve(scope, text.substring(1, close))); // (T) expr
      }
      return Receiver.UNKNOWN;
    }
    if (NAME_CHAIN.matcher(text).matches()) {
      return chain(scope, c, text.split("\\."), false);
    }
    Matcher array = ARRAY_ACCESS.matcher(text);
    if (array.matches()) {
      return chain(scope, c, array.group(1).split("\\."), true);
    }
    return Receiver.UNKNOWN;
  }

  /** Index of the parenthesis closing the one at {@code open}, or -1. */
  private static int matching(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '(') {
        depth++;
      } else if (ch == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code a.b.c}: a local, a field in scope, {@code this}, a type, or a package; then fields or
   * member types. With {@code element}, the value is an array and its element type is wanted
   * ({@code a.b[i]}).
   */
  private Receiver chain(Scope scope, JavaFile.Call c, String[] segs, boolean element) {
    JavaFile f = scope.file();
    String head = segs[0];
    List<JType> cur;
    Local local = f.local(head, c.line(), c.column());
    if (local != null) {
      if (local.type().isEmpty()) {
        return Receiver.UNKNOWN; // an untyped lambda parameter, var
      }
      cur = names.resolve(scope, local.type());
    } else if (head.equals("this") && segs.length > 1) {
      Receiver self = expression(scope, c, "this", 0);
      if (!self.known()) {
        return Receiver.UNKNOWN;
      }
      cur = self.types();
    } else {
      List<Found> field = fieldInScope(scope, c, head);
      if (field.isEmpty()) {
        field = staticallyImportedFields(f, head);
      }
      if (!field.isEmpty()) {
        cur = valueTypes(field);
      } else {
        List<TypeRef> type = Character.isUpperCase(head.charAt(0)) ? names.refs(scope, head) : List.of();
        if (!type.isEmpty()) {
          cur = JType.rawTypes(type);
        } else {
          // A package: the longest prefix that names a type.
          for (int k = segs.length; k >= 2; k--) {
            List<TypeRef> q = names.qualified(f.path, Arrays.copyOf(segs, k));
            if (!q.isEmpty()) {
              return chainRest(JType.rawTypes(q), segs, k, element);
            }
          }
          return Character.isUpperCase(head.charAt(0)) ? Receiver.EXTERNAL : Receiver.UNKNOWN;
        }
      }
    }
    if (cur == null) {
      return Receiver.UNKNOWN;
    }
    return chainRest(cur, segs, 1, element);
  }

  private Receiver chainRest(List<JType> start, String[] segs, int from, boolean element) {
    List<JType> cur = start;
    for (int k = from; k < segs.length; k++) {
      if (cur.stream().noneMatch(JType::inTree)) {
        return Receiver.EXTERNAL;
      }
      List<Found> field = members.fields(cur, segs[k]);
      if (!field.isEmpty()) {
        cur = valueTypes(field);
        if (cur == null) {
          return Receiver.UNKNOWN;
        }
        continue;
      }
      List<JType> nested = names.memberTypes(cur, segs[k]);
      if (nested.isEmpty()) {
        return Receiver.UNKNOWN; // a field inherited from outside the tree
      }
      cur = nested;
    }
    if (element) {
      List<JType> elements = new ArrayList<>(cur.size());
      for (JType t : cur) {
        if (!t.name().equals("[]") || t.arg(0).isUnknown()) {
          return Receiver.UNKNOWN;
        }
        elements.add(t.arg(0));
      }
      cur = elements;
    }
    return new Receiver(cur, true);
  }

  private List<JType> valueTypes(List<Found> fields) {
    Set<JType> out = new LinkedHashSet<>();
    for (Found m : fields) {
      List<JType> t = members.typeOf(m);
      if (t == null) {
        return null;
      }
      out.addAll(t);
    }
    return List.copyOf(out);
  }

  /** Fields named {@code name} a file imports statically (one by name, then on demand). */
  private List<Found> staticallyImportedFields(JavaFile f, String name) {
    for (String imp : f.staticImports) {
      if (imp.endsWith("." + name)) {
        String[] segs = imp.split("\\.");
        List<JType> owner = JType.rawTypes(names.qualified(f.path, Arrays.copyOf(segs, segs.length - 1)));
        List<Found> found = owner.isEmpty() ? List.of() : members.fields(owner, name);
        if (!found.isEmpty()) {
          return found;
        }
      }
    }
    for (String imp : f.staticOnDemandImports) {
      List<JType> owner = JType.rawTypes(names.qualified(f.path, imp.split("\\.")));
      List<Found> found = owner.isEmpty() ? List.of() : members.fields(owner, name);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  /** Fields named {@code name} in scope at a call: of the anonymous classes around it, the class, its outer classes. */
  private List<Found> fieldInScope(Scope scope, JavaFile.Call c, String name) {
    for (List<JType> t : enclosingTypes(scope, c)) {
      List<Found> m = members.fields(t, name);
      if (!m.isEmpty()) {
        return m;
      }
    }
    return List.of();
  }
}
