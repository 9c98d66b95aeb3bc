package dev.symdex.engine.resolve;

import dev.symdex.engine.model.TypeFacts.DefinitionTypes;
import dev.symdex.engine.model.TypeFacts.TypeParameter;
import dev.symdex.engine.resolve.JavaTypes.Found;
import dev.symdex.engine.resolve.JavaTypes.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Overload resolution, as far as the argument types are known: a candidate one of whose
 * parameters cannot take its argument is dropped, and of those left the most specific win (as
 * javac chooses between {@code f(Object)} and {@code f(String)}). An argument or parameter whose
 * type is not known fits anything. Per query: not thread-safe.
 */
final class JavaOverloads {
  /** Whether a value of one type can be passed for a parameter of another. */
  enum Fit { YES, NO, MAYBE }

  /** The type of {@code null}. */
  static final JType NULL = JType.external("null", List.of());

  private static final List<String> NUMERIC = List.of("byte", "short", "char", "int", "long", "float", "double");
  private static final Map<String, String> BOXES = Map.of("byte", "Byte", "short", "Short", "char", "Character", "int", "Integer",
      "long", "Long", "float", "Float", "double", "Double", "boolean", "Boolean");
  private static final Set<String> STRING_SUPERS = Set.of("String", "CharSequence", "Comparable", "Serializable", "Object");
  private static final Set<String> BOX_SUPERS = Set.of("Number", "Comparable", "Serializable", "Object");

  private final JavaTypeNames names;
  private final JavaHierarchy hierarchy;
  private final Map<Found, List<JType>> parameters = new HashMap<>();

  JavaOverloads(JavaTypeNames names, JavaHierarchy hierarchy) {
    this.names = names;
    this.hierarchy = hierarchy;
  }

  /**
   * The candidates that fit {@code args} (null entries: unknown), most specific first kept; all of
   * them when none fits (the arguments were typed wrong).
   */
  List<Found> select(List<Found> candidates, List<JType> args) {
    // No argument typed tells nothing, but no argument at all picks the method that takes none
    // over one that takes varargs (javac's first phase).
    if (candidates.isEmpty() || !args.isEmpty() && args.stream().allMatch(a -> a == null)) {
      return candidates;
    }
    List<Found> fit = new ArrayList<>(candidates.size());
    for (Found c : candidates) {
      if (fits(c, args) != Fit.NO) {
        fit.add(c);
      }
    }
    if (fit.isEmpty()) {
      return candidates;
    }
    if (fit.size() > 1) {
      // javac tries methods applicable without spreading varargs first.
      List<Found> strict = fit.stream().filter(c -> !spreads(c, args)).toList();
      if (!strict.isEmpty()) {
        fit = strict;
      }
    }
    if (fit.size() == 1) {
      return fit;
    }
    List<Found> best = new ArrayList<>(fit.size());
    for (Found c : fit) {
      boolean beaten = false;
      for (Found d : fit) {
        if (d != c && moreSpecific(d, c, args.size()) && !moreSpecific(c, d, args.size())) {
          beaten = true;
          break;
        }
      }
      if (!beaten) {
        best.add(c);
      }
    }
    return best.isEmpty() ? fit : best;
  }

  /** Whether a call with {@code args} reaches varargs method {@code c} only by spreading them (not passing an array). */
  private static boolean spreads(Found c, List<JType> args) {
    DefinitionTypes dt = c.member().file().types[c.member().def()];
    if (dt == null || !dt.varargs()) {
      return false;
    }
    if (args.size() != dt.parameters().size()) {
      return true;
    }
    JType last = args.getLast();
    return last != null && !last.isUnknown() && !last.name().equals("[]") && last != NULL;
  }

  /** Whether {@code c} can take {@code args}: NO when one of them surely does not fit. */
  Fit fits(Found c, List<JType> args) {
    List<JType> params = parameters(c);
    DefinitionTypes dt = c.member().file().types[c.member().def()];
    if (params == null || dt == null) {
      return Fit.MAYBE;
    }
    boolean varargs = dt.varargs();
    int p = params.size();
    Fit all = Fit.YES;
    for (int i = 0; i < args.size(); i++) {
      JType a = args.get(i);
      if (a == null) {
        all = Fit.MAYBE;
        continue;
      }
      Fit f;
      if (varargs && i >= p - 1) {
        JType element = params.get(p - 1);
        f = assignable(a, element);
        if (f == Fit.NO && args.size() == p && element != null) {
          f = assignable(a, JType.array(element)); // an array passed for the varargs
        }
      } else if (i < p) {
        f = assignable(a, params.get(i));
      } else {
        f = Fit.NO;
      }
      if (f == Fit.NO) {
        return Fit.NO;
      }
      if (f == Fit.MAYBE) {
        all = Fit.MAYBE;
      }
    }
    return all;
  }

  /** Whether every parameter of {@code a} (for {@code n} arguments) can be passed to {@code b}'s. */
  private boolean moreSpecific(Found a, Found b, int n) {
    List<JType> pa = parameters(a);
    List<JType> pb = parameters(b);
    if (pa == null || pb == null) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      JType x = at(pa, i);
      JType y = at(pb, i);
      if (x == null || y == null || assignable(x, y) != Fit.YES) {
        return false;
      }
    }
    return true;
  }

  private static JType at(List<JType> params, int i) {
    return params.isEmpty() ? null : params.get(Math.min(i, params.size() - 1));
  }

  /** The parameter types of a method or constructor as seen through its owner (null entries: unknown), or null. */
  List<JType> parameters(Found c) {
    if (parameters.containsKey(c)) {
      return parameters.get(c);
    }
    JavaFile f = c.member().file();
    int def = c.member().def();
    DefinitionTypes dt = f.types[def];
    List<JType> out = null;
    if (dt != null) {
      Map<String, JType> bindings = new HashMap<>(hierarchy.bindingsOf(c.owner()));
      for (TypeParameter tp : dt.typeParameters()) {
        bindings.remove(tp.name());
      }
      String owner = f.enclosingType(def);
      Scope scope = new Scope(f, owner, owner, def, bindings);
      out = new ArrayList<>(dt.parameters().size());
      for (String p : dt.parameters()) {
        List<JType> t = names.resolve(scope, p);
        out.add(t == null || t.isEmpty() ? null : t.getFirst());
      }
    }
    parameters.put(c, out);
    return out;
  }

  /** Whether a value of type {@code a} can be passed for a parameter of type {@code p}. */
  Fit assignable(JType a, JType p) {
    if (a == null || p == null || a.isUnknown() || p.isUnknown()) {
      return Fit.MAYBE;
    }
    boolean ap = isPrimitive(a);
    boolean pp = isPrimitive(p);
    if (a == NULL || a.name().equals("null") && !a.inTree()) {
      return pp ? Fit.NO : Fit.YES;
    }
    if (!p.inTree() && p.name().equals("Object")) {
      return Fit.YES;
    }
    if (ap && pp) {
      return widens(a.name(), p.name()) ? Fit.YES : Fit.NO;
    }
    if (ap) { // boxing
      String box = BOXES.get(a.name());
      return !p.inTree() && (p.name().equals(box) || BOX_SUPERS.contains(p.name()) && !a.name().equals("boolean")
          || p.name().equals("Comparable") || p.name().equals("Serializable")) ? Fit.YES : Fit.NO;
    }
    if (pp) { // unboxing
      if (a.inTree()) {
        return Fit.NO;
      }
      String unboxed = unbox(a.name());
      return unboxed == null ? (a.name().equals("String") || a.name().equals("[]") ? Fit.NO : Fit.MAYBE)
          : widens(unboxed, p.name()) ? Fit.YES : Fit.NO;
    }
    if (a.name().equals("[]") || p.name().equals("[]")) {
      if (!a.name().equals("[]") || !p.name().equals("[]")) {
        return !p.inTree() && (p.name().equals("Cloneable") || p.name().equals("Serializable")) ? Fit.YES : Fit.NO;
      }
      JType ea = a.arg(0);
      JType ep = p.arg(0);
      if (isPrimitive(ea) || isPrimitive(ep)) {
        return ea.isUnknown() || ep.isUnknown() ? Fit.MAYBE : ea.name().equals(ep.name()) ? Fit.YES : Fit.NO;
      }
      return assignable(ea, ep);
    }
    return reference(a, p);
  }

  private Fit reference(JType a, JType p) {
    if (!a.inTree()) {
      if (p.inTree()) {
        return Fit.NO; // nothing outside the tree extends a type of the tree
      }
      if (a.name().equals(p.name()) || simple(a.name()).equals(simple(p.name()))) {
        return Fit.YES;
      }
      if (a.name().equals("String")) {
        return STRING_SUPERS.contains(p.name()) ? Fit.YES : Fit.NO;
      }
      if (unbox(a.name()) != null) {
        return BOX_SUPERS.contains(p.name()) ? Fit.YES : Fit.NO;
      }
      for (List<JType> level : hierarchy.hierarchy(a)) {
        for (JType s : level) {
          if (simple(s.name()).equals(simple(p.name()))) {
            return Fit.YES;
          }
        }
      }
      // Both known to the JDK table: its hierarchy between them is complete.
      return JdkTypes.knows(a) && JdkTypes.knows(p) ? Fit.NO : Fit.MAYBE;
    }
    boolean outside = false;
    for (List<JType> level : hierarchy.hierarchy(a)) {
      for (JType s : level) {
        if (p.inTree() ? p.ref().equals(s.ref()) : !s.inTree() && simple(s.name()).equals(simple(p.name()))) {
          return Fit.YES;
        }
        outside |= !s.inTree();
      }
    }
    // A supertype outside the tree may be (or extend) the parameter's type.
    return outside && !p.inTree() ? Fit.MAYBE : incomplete(a) ? Fit.MAYBE : Fit.NO;
  }

  /** Whether {@code a}'s hierarchy may be cut short (a supertype not resolved, the walk bounded). */
  private boolean incomplete(JType a) {
    return hierarchy.hierarchy(a).size() >= JavaHierarchy.MAX_LEVELS || hierarchy.unresolvedSupertypes(a);
  }

  private static String simple(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }

  private static boolean isPrimitive(JType t) {
    return !t.inTree() && (BOXES.containsKey(t.name()));
  }

  private static String unbox(String name) {
    for (Map.Entry<String, String> e : BOXES.entrySet()) {
      if (e.getValue().equals(name)) {
        return e.getKey();
      }
    }
    return null;
  }

  /** Primitive widening (or identity). */
  private static boolean widens(String from, String to) {
    if (from.equals(to)) {
      return true;
    }
    if (from.equals("boolean") || to.equals("boolean")) {
      return false;
    }
    if (from.equals("char")) {
      return NUMERIC.indexOf(to) >= NUMERIC.indexOf("int");
    }
    if (to.equals("char")) {
      return false;
    }
    return NUMERIC.indexOf(from) < NUMERIC.indexOf(to);
  }
}
