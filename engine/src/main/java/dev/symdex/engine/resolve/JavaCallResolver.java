package dev.symdex.engine.resolve;

import dev.symdex.engine.model.TypeFacts.Argument;
import dev.symdex.engine.model.TypeFacts.CallKind;
import dev.symdex.engine.model.TypeFacts.CallShape;
import dev.symdex.engine.model.TypeFacts.Local;
import dev.symdex.engine.resolve.JavaTypes.Found;
import dev.symdex.engine.resolve.JavaTypes.Member;
import dev.symdex.engine.resolve.JavaTypes.Scope;
import dev.symdex.engine.resolve.JavaTypes.TypeRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a Java call site as javac attributes it, from what the index knows: the receiver's
 * declared type (a local, parameter or field, {@code this}, {@code super}, a type name for a
 * static call, {@code new T()}, a cast, the return type of a receiver call), the class hierarchy,
 * the argument count against each candidate's parameters, static imports, and for an unqualified
 * call the enclosing class, its supertypes and outer classes. Constructors: {@code new T(...)},
 * {@code this(...)}, {@code super(...)} and enum constants reach T's constructors (T itself when
 * it declares none).
 *
 * <p>A call whose receiver has a type outside the tree resolves to nothing (it calls the JDK or a
 * dependency); one whose receiver cannot be typed (an untyped lambda parameter, a generic type
 * variable's member, an expression too complex) is {@link Resolution#unknown()}, left to the name
 * tiers. Bounded: receiver chains are followed {@link #MAX_CHAIN} deep, hierarchies as {@link
 * JavaHierarchy} bounds them. Per query: not thread-safe.
 */
final class JavaCallResolver {
  static final int MAX_CHAIN = 8;
  /** JDK methods {@code <A extends Annotation> A m(Class<A>)}. */
  private static final Set<String> ANNOTATION_GETTERS = Set.of("getAnnotation", "getDeclaredAnnotation");

  private static final Pattern NAME_CHAIN = Pattern.compile("[\\w$]+(\\.[\\w$]+)*");
  private static final Pattern ARRAY_ACCESS = Pattern.compile("([\\w$]+(?:\\.[\\w$]+)*)\\[[^\\[\\]]*]");

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

  /** What a receiver expression is: the types of its value, or of a type named for a static call. */
  private record Receiver(List<JType> types, boolean known) {
    static final Receiver UNKNOWN = new Receiver(List.of(), false);
    static final Receiver EXTERNAL = new Receiver(List.of(), true);

    static Receiver of(List<JType> types) {
      return types == null ? UNKNOWN : new Receiver(types, true);
    }
  }

  private final JavaTypeNames names;
  private final JavaHierarchy hierarchy;
  private final JavaMembers members;
  private final JavaOverloads overloads;
  /** Resolutions made so far, by file and call index (a call is resolved once per query). */
  private final Map<JavaFile, Resolution[]> resolved = new IdentityHashMap<>();

  JavaCallResolver(JavaTypes types) {
    this.names = types.names();
    this.hierarchy = types.hierarchy();
    this.members = types.members();
    this.overloads = new JavaOverloads(names, hierarchy);
  }

  /** The definitions call {@code index} of {@code file} may reach. */
  Resolution resolve(JavaFile file, int index) {
    return resolve(file, index, 0);
  }

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
          Receiver outer = expression(scope, c, written.strip(), depth);
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
        Receiver r = receiver(scope, c, shape, depth);
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
    for (List<JType> t : enclosingTypes(scope, c)) {
      JavaMembers.Methods m = methods(t, scope, c, depth);
      if (!m.found().isEmpty()) {
        return Resolution.of(m, "scope");
      }
    }
    // A single static import shadows the on-demand ones, whether it names a method of the tree or not.
    for (String imp : f.staticImports) {
      if (imp.endsWith("." + c.callee())) {
        String[] segs = imp.split("\\.");
        List<JType> owner = raw(names.qualified(f.path, Arrays.copyOf(segs, segs.length - 1)));
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
      List<JType> owner = raw(names.qualified(f.path, imp.split("\\.")));
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
    List<JType> argTypes = argumentTypes(scope, c, depth);
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
    return overloads.select(candidates, argumentTypes(scope, c, depth));
  }

  /** The type of each argument of a call (null where unknown). */
  private List<JType> argumentTypes(Scope scope, JavaFile.Call c, int depth) {
    List<JType> out = new ArrayList<>(c.shape().argumentList().size());
    for (Argument a : c.shape().argumentList()) {
      out.add(argumentType(scope, c, a, depth));
    }
    return out;
  }

  private JType argumentType(Scope scope, JavaFile.Call c, Argument a, int depth) {
    if (a.call() >= 0) {
      JavaFile.Call call = scope.file().calls.get(a.call());
      if (call.shape() == null || call.shape().kind() == CallKind.REFERENCE || depth >= MAX_CHAIN) {
        return null;
      }
      Receiver r = returned(resolve(scope.file(), a.call(), depth + 1), scope, call, depth + 1);
      return r.known() && r.types().size() == 1 ? r.types().getFirst() : null;
    }
    String t = a.text();
    switch (t) {
      case "" -> {
        return null;
      }
      case "\"\"" -> {
        return JType.external("String", List.of());
      }
      case "'c'" -> {
        return JType.external("char", List.of());
      }
      case "1" -> {
        return JType.external("int", List.of());
      }
      case "1L" -> {
        return JType.external("long", List.of());
      }
      case "1F" -> {
        return JType.external("float", List.of());
      }
      case "1D" -> {
        return JType.external("double", List.of());
      }
      case "true", "false" -> {
        return JType.external("boolean", List.of());
      }
      case "null" -> {
        return JavaOverloads.NULL;
      }
      default -> {
        if (t.endsWith(".class")) {
          return JType.external("Class", List.of());
        }
        if (t.startsWith("(") && t.endsWith(")")) {
          List<JType> cast = names.resolve(scope, t.substring(1, t.length() - 1));
          return cast == null || cast.size() != 1 ? null : cast.getFirst();
        }
        Receiver r = expression(scope, c, t, depth + 1);
        return r.known() && r.types().size() == 1 ? r.types().getFirst() : null;
      }
    }
  }

  /** What a resolved call returns, as a receiver. */
  private Receiver returned(Resolution r, Scope scope, JavaFile.Call call, int depth) {
    if (!r.known()) {
      return Receiver.UNKNOWN;
    }
    if (r.targets().isEmpty()) {
      return r.outside() != null ? new Receiver(r.outside(), true) : Receiver.UNKNOWN;
    }
    Set<JType> out = new LinkedHashSet<>();
    for (Found m : r.targets()) {
      List<JType> t = inferred(m, scope, call, depth);
      if (t == null) {
        t = members.returnType(m);
      }
      if (t == null) {
        return Receiver.UNKNOWN;
      }
      out.addAll(t);
    }
    return new Receiver(List.copyOf(out), true);
  }

  /**
   * What a generic method returns when its return type is one of its own type variables, given
   * as the type of a parameter: the argument's type ({@code <T> T checkNotNull(T ref)}); else
   * null.
   */
  private List<JType> inferred(Found m, Scope scope, JavaFile.Call call, int depth) {
    var dt = m.member().file().types[m.member().def()];
    if (dt == null || call.shape() == null || call.shape().argumentList().isEmpty()) {
      return null;
    }
    String ret = dt.type();
    if (dt.typeParameters().stream().noneMatch(p -> p.name().equals(ret))) {
      return null;
    }
    int param = dt.parameters().indexOf(ret);
    int classOf = dt.parameters().indexOf("Class<" + ret + ">"); // <T> T get(Class<T> type): get(X.class) is an X
    if (param < 0 && classOf < 0 || Math.max(param, classOf) >= call.shape().argumentList().size()) {
      return null;
    }
    Scope at = new Scope(scope.file(), scope.file().enclosingType(call.caller()),
        call.caller() >= 0 ? scope.file().qualified(call.caller()) : "", scope.method(), Map.of(), scope.around());
    if (param < 0) {
      return classLiteral(at, call.shape().argumentList().get(classOf));
    }
    JType a = argumentType(at, call, call.shape().argumentList().get(param), depth);
    return a == null || a == JavaOverloads.NULL ? null : List.of(a);
  }

  /** The type a class literal argument ({@code X.class}) names; null for any other argument. */
  private List<JType> classLiteral(Scope scope, Argument a) {
    String t = a.text();
    if (a.call() >= 0 || !t.endsWith(".class")) {
      return null;
    }
    List<JType> type = names.resolve(scope, t.substring(0, t.length() - ".class".length()));
    return type == null || type.size() != 1 ? null : type;
  }

  /**
   * What a call of the JDK's {@code <A extends Annotation> A getAnnotation(Class<A>)} (on a
   * Class, Method, Field, javax.lang.model Element, ...) returns: the annotation type its class
   * literal names; null for any other call.
   */
  private List<JType> annotationOf(Scope scope, JavaFile.Call call) {
    CallShape shape = call.shape();
    if (!ANNOTATION_GETTERS.contains(call.callee()) || shape == null || shape.argumentList().size() != 1) {
      return null;
    }
    return classLiteral(scope, shape.argumentList().getFirst());
  }

  private static List<JType> raw(List<TypeRef> refs) {
    List<JType> out = new ArrayList<>(refs.size());
    for (TypeRef r : refs) {
      out.add(JType.of(r, List.of()));
    }
    return out;
  }

  /** The types whose members are in scope at a call, innermost first: anonymous classes, the class, its outer classes. */
  private List<List<JType>> enclosingTypes(Scope scope, JavaFile.Call c) {
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

  /** The type of a call's receiver. */
  private Receiver receiver(Scope scope, JavaFile.Call c, CallShape shape, int depth) {
    if (shape.receiverCall() >= 0) {
      Resolution r = resolve(scope.file(), shape.receiverCall(), depth + 1);
      if (r.known() && r.targets().isEmpty() && r.outside() == null) {
        List<JType> annotation = annotationOf(scope, scope.file().calls.get(shape.receiverCall()));
        // else a call outside the tree, whose result is of no type the tree knows
        return annotation != null ? new Receiver(annotation, true) : Receiver.EXTERNAL;
      }
      return returned(r, scope, scope.file().calls.get(shape.receiverCall()), depth + 1);
    }
    return expression(scope, c, c.receiver().strip(), depth);
  }

  private Receiver expression(Scope scope, JavaFile.Call c, String text, int depth) {
    JavaFile f = scope.file();
    if (text.isEmpty() || depth > MAX_CHAIN) {
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
          cur = raw(type);
        } else {
          // A package: the longest prefix that names a type.
          for (int k = segs.length; k >= 2; k--) {
            List<TypeRef> q = names.qualified(f.path, Arrays.copyOf(segs, k));
            if (!q.isEmpty()) {
              return chainRest(raw(q), segs, k, element);
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
        List<JType> owner = raw(names.qualified(f.path, Arrays.copyOf(segs, segs.length - 1)));
        List<Found> found = owner.isEmpty() ? List.of() : members.fields(owner, name);
        if (!found.isEmpty()) {
          return found;
        }
      }
    }
    for (String imp : f.staticOnDemandImports) {
      List<JType> owner = raw(names.qualified(f.path, imp.split("\\.")));
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
