package dev.symdex.engine.resolve;

import dev.symdex.engine.model.TypeFacts.CallKind;
import dev.symdex.engine.model.TypeFacts.CallShape;
import dev.symdex.engine.resolve.JavaExpressions.Receiver;
import dev.symdex.engine.resolve.JavaTypes.Found;
import dev.symdex.engine.resolve.JavaTypes.Member;
import dev.symdex.engine.resolve.JavaTypes.Scope;
import dev.symdex.engine.resolve.JavaTypes.TypeRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a Java call site as javac attributes it, from what the index knows: by its kind (a
 * method call, {@code new T(...)}, {@code this(...)}, {@code super(...)}, an enum constant), the
 * type of its receiver ({@link JavaCallOperands}: a local, parameter or field, {@code this},
 * {@code super}, a type name for a static call, {@code new T()}, a cast, the return type of a
 * receiver call), the methods found through the class hierarchy ({@link JavaMembers}), the
 * argument count and types against each candidate's parameters ({@link JavaOverloads}), static
 * imports, and for an unqualified call the enclosing class, its supertypes and outer classes.
 * Constructors: {@code new T(...)}, {@code this(...)}, {@code super(...)} and enum constants reach
 * T's constructors (T itself when it declares none).
 *
 * <p>A call whose receiver has a type outside the tree resolves to nothing (it calls the JDK or a
 * dependency); one whose receiver cannot be typed (an untyped lambda parameter, a generic type
 * variable's member, an expression too complex) is {@link Resolution#unknown()}, left to the name
 * tiers. Bounded: receiver chains are followed {@link #MAX_CHAIN} deep, hierarchies as {@link
 * JavaHierarchy} bounds them. Each call is resolved once per query. Per query: not thread-safe.
 */
final class JavaCallResolver {
  /** Calls followed into a receiver or argument chain ({@code a().b().c()}), and expressions nested, at most. */
  static final int MAX_CHAIN = 8;

  /**
   * What a call resolves to: {@code known} false when its receiver could not be typed; when true,
   * {@code targets} are its candidates (empty: it calls no definition of the tree).
   */
  record Resolution(boolean known, List<Found> targets, String how, List<JType> outside) {
    static Resolution unknown() {
      return new Resolution(false, List.of(), "", null);
    }

    static Resolution of(List<Found> targets, String how) {
      return new Resolution(true, targets, how, null);
    }

    static Resolution of(JavaMembers.Methods m, String how) {
      return new Resolution(true, m.found(), how, m.outside());
    }
  }

  private final JavaTypeNames names;
  private final JavaHierarchy hierarchy;
  private final JavaMembers members;
  private final JavaOverloads overloads;
  private final JavaExpressions expressions;
  private final JavaCallOperands operands;
  /** Resolutions made so far, by file and call index (a call is resolved once per query). */
  private final Map<JavaFile, Resolution[]> resolved = new IdentityHashMap<>();

  JavaCallResolver(JavaTypes types) {
    this.names = types.names();
    this.hierarchy = types.hierarchy();
    this.members = types.members();
    this.overloads = new JavaOverloads(names, hierarchy);
    this.expressions = new JavaExpressions(names, hierarchy, members);
    this.operands = new JavaCallOperands(this::resolve, names, members, expressions);
  }

  /** The definitions call {@code index} of {@code file} may reach. */
  Resolution resolve(JavaFile file, int index) {
    return resolve(file, index, 0);
  }

  /** As {@link #resolve(JavaFile, int)}, {@code depth} calls into a receiver or argument chain (cached up to {@link #MAX_CHAIN}). */
  private Resolution resolve(JavaFile f, int index, int depth) {
    Resolution[] done = resolved.computeIfAbsent(f, k -> new Resolution[k.calls.size()]);
    if (done[index] != null) {
      return done[index];
    }
    Resolution r = compute(f, index, depth);
    if (depth <= MAX_CHAIN) {
      done[index] = r;
    }
    return r;
  }

  private Resolution compute(JavaFile f, int index, int depth) {
    JavaFile.Call c = f.calls.get(index);
    CallShape shape = c.shape();
    if (shape == null || depth > MAX_CHAIN) {
      return Resolution.unknown();
    }
    String enclosing = f.enclosingType(c.caller());
    int method = c.caller() >= 0 && f.kinds[c.caller()].isCallable() ? c.caller() : -1;
    Scope scope = scope(f, c, enclosing, method);
    int args = shape.arguments();
    switch (shape.kind()) {
      case NEW -> {
        String written = c.receiver();
        List<JType> t;
        if (written.isEmpty() || WrittenTypes.erase(written).endsWith(c.callee())) {
          t = names.resolve(scope, written.isEmpty() ? c.callee() : written); // new T(), new a.B.T()
        } else { // outer.new Inner()
          Receiver outer = expressions.expression(scope, c, written.strip(), depth);
          t = !outer.known() ? null : names.memberTypes(outer.types(), c.callee());
        }
        return t == null ? Resolution.unknown() : Resolution.of(select(constructors(t, args), scope, c, depth), "constructor");
      }
      case THIS, ENUM_CONSTANT -> {
        String type = shape.kind() == CallKind.THIS ? enclosing : f.outer(f.qualified(c.caller()));
        return type.isEmpty() ? Resolution.unknown()
            : Resolution.of(select(constructors(List.of(JType.of(new TypeRef(f.path, type), List.of())), args), scope, c, depth), "constructor");
      }
      case SUPER -> {
        return enclosing.isEmpty() ? Resolution.unknown()
            : Resolution.of(select(constructors(hierarchy.superclass(new TypeRef(f.path, enclosing)), args), scope, c, depth), "constructor");
      }
      default -> {
        if (c.receiver().isEmpty()) {
          return unqualified(scope, c, args, depth);
        }
        Receiver r = operands.receiver(scope, c, shape, depth);
        if (!r.known()) {
          return Resolution.unknown();
        }
        return r.types().isEmpty() ? Resolution.of(List.of(), "typed") : Resolution.of(methods(r.types(), scope, c, depth), "typed");
      }
    }
  }

  /** The scope of a call: its enclosing type and method, and the anonymous classes around it. */
  private Scope scope(JavaFile f, JavaFile.Call c, String enclosing, int method) {
    String local = c.caller() >= 0 ? f.qualified(c.caller()) : "";
    Scope outer = new Scope(f, enclosing, local, method, Map.of());
    List<Integer> anonymous = f.anonymousAround(c.line(), c.column());
    if (anonymous.isEmpty()) {
      return outer;
    }
    List<TypeRef> around = new ArrayList<>(anonymous.size());
    for (int k : anonymous) {
      around.add(new TypeRef(f.path, JavaFile.anonymousType(k)));
    }
    return new Scope(f, enclosing, local, method, Map.of(), around);
  }

  private List<Found> constructors(List<JType> ts, int args) {
    List<Found> out = new ArrayList<>(2);
    for (JType t : ts) {
      if (t.inTree()) {
        for (Member m : members.constructors(t.ref(), args)) {
          out.add(new Found(m, t));
        }
      }
    }
    return out;
  }

  /**
   * {@code m(...)}: the anonymous classes around the call, then the enclosing class and its outer
   * classes, each with its supertypes; then static imports.
   */
  private Resolution unqualified(Scope scope, JavaFile.Call c, int args, int depth) {
    JavaFile f = scope.file();
    for (List<JType> t : JavaExpressions.enclosingTypes(scope, c)) {
      JavaMembers.Methods m = methods(t, scope, c, depth);
      if (!m.found().isEmpty()) {
        return Resolution.of(m, "scope");
      }
    }
    // A single static import shadows the on-demand ones, whether it names a method of the tree or not.
    for (String imp : f.staticImports) {
      if (imp.endsWith("." + c.callee())) {
        String[] segs = imp.split("\\.");
        List<JType> owner = JType.rawTypes(names.qualified(f.path, Arrays.copyOf(segs, segs.length - 1)));
        JavaMembers.Methods m = owner.isEmpty() ? null : methods(owner, scope, c, depth);
        if (m != null && !m.found().isEmpty()) {
          return Resolution.of(m, "static-import");
        }
        if (owner.isEmpty()) {
          return Resolution.of(List.of(), "static-import");
        }
      }
    }
    for (String imp : f.staticOnDemandImports) {
      List<JType> owner = JType.rawTypes(names.qualified(f.path, imp.split("\\.")));
      JavaMembers.Methods m = owner.isEmpty() ? null : methods(owner, scope, c, depth);
      if (m != null && !m.found().isEmpty()) {
        return Resolution.of(m, "static-import");
      }
    }
    // Not a method of the tree in scope: inherited from outside, statically imported from outside.
    return Resolution.of(List.of(), "scope");
  }

  /**
   * The methods a call reaches on {@code on}: by name and arity through the hierarchy, then by the
   * argument types (a level whose candidates none fit is passed over).
   */
  private JavaMembers.Methods methods(List<JType> on, Scope scope, JavaFile.Call c, int depth) {
    int args = c.shape().arguments();
    JavaMembers.Methods m = members.methods(on, c.callee(), args);
    if (m.found().isEmpty() || args < 0) {
      return m;
    }
    if (args == 0) { // f() over f(T...)
      return new JavaMembers.Methods(overloads.select(m.found(), List.of()), m.outside());
    }
    List<JType> argTypes = operands.argumentTypes(scope, c, depth);
    if (argTypes.stream().allMatch(a -> a == null)) {
      return m;
    }
    boolean anyFits = m.found().stream().anyMatch(x -> overloads.fits(x, argTypes) != JavaOverloads.Fit.NO);
    if (!anyFits) {
      JavaMembers.Methods deeper = members.methods(on, c.callee(), args, x -> overloads.fits(x, argTypes) != JavaOverloads.Fit.NO);
      if (!deeper.found().isEmpty()) {
        m = deeper;
      }
    }
    return new JavaMembers.Methods(overloads.select(m.found(), argTypes), m.outside());
  }

  /** Of several constructors, those that fit the call's argument types. */
  private List<Found> select(List<Found> candidates, Scope scope, JavaFile.Call c, int depth) {
    if (candidates.size() <= 1 || c.shape().arguments() < 0 || c.shape().argumentList().size() != c.shape().arguments()) {
      return candidates;
    }
    return overloads.select(candidates, operands.argumentTypes(scope, c, depth));
  }
}
