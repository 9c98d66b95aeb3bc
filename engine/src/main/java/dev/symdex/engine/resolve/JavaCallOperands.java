package dev.symdex.engine.resolve;

import dev.symdex.engine.model.TypeFacts.Argument;
import dev.symdex.engine.model.TypeFacts.CallKind;
import dev.symdex.engine.model.TypeFacts.CallShape;
import dev.symdex.engine.resolve.JavaCallResolver.Resolution;
import dev.symdex.engine.resolve.JavaExpressions.Receiver;
import dev.symdex.engine.resolve.JavaTypes.Found;
import dev.symdex.engine.resolve.JavaTypes.Scope;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Types the operands of a Java call: its receiver and each of its arguments. An operand that is
 * itself a call ({@code a().b()}, {@code f(g())}) is resolved through {@link Calls} and typed by
 * what its targets return (a generic method's type variable inferred from its argument, {@code
 * getAnnotation(X.class)} an X); any other is a {@link JavaExpressions expression}. Argument texts
 * are the extractor's ({@link Argument}): a literal's kind, a name, a cast's type. Per query: not
 * thread-safe.
 */
final class JavaCallOperands {
  /** The calls of a file, resolved (each once per query). */
  interface Calls {
    /** Resolves call {@code index} of {@code file}, {@code depth} calls into a receiver or argument chain. */
    Resolution resolve(JavaFile file, int index, int depth);
  }

  /** JDK methods {@code <A extends Annotation> A m(Class<A>)}. */
  private static final Set<String> ANNOTATION_GETTERS = Set.of("getAnnotation", "getDeclaredAnnotation");

  private final Calls calls;
  private final JavaTypeNames names;
  private final JavaMembers members;
  private final JavaExpressions expressions;

  JavaCallOperands(Calls calls, JavaTypeNames names, JavaMembers members, JavaExpressions expressions) {
    this.calls = calls;
    this.names = names;
    this.members = members;
    this.expressions = expressions;
  }

  /** The type of a call's receiver. */
  Receiver receiver(Scope scope, JavaFile.Call c, CallShape shape, int depth) {
    if (shape.receiverCall() >= 0) {
      Resolution r = calls.resolve(scope.file(), shape.receiverCall(), depth + 1);
      if (r.known() && r.targets().isEmpty() && r.outside() == null) {
        List<JType> annotation = annotationOf(scope, scope.file().calls.get(shape.receiverCall()));
        // else a call outside the tree, whose result is of no type the tree knows
        return annotation != null ? new Receiver(annotation, true) : Receiver.EXTERNAL;
      }
      return returned(r, scope, scope.file().calls.get(shape.receiverCall()), depth + 1);
    }
    return expressions.expression(scope, c, c.receiver().strip(), depth);
  }

  /** The type of each argument of a call (null where unknown). */
  List<JType> argumentTypes(Scope scope, JavaFile.Call c, int depth) {
    List<JType> out = new ArrayList<>(c.shape().argumentList().size());
    for (Argument a : c.shape().argumentList()) {
      out.add(argumentType(scope, c, a, depth));
    }
    return out;
  }

  private JType argumentType(Scope scope, JavaFile.Call c, Argument a, int depth) {
    if (a.call() >= 0) {
      JavaFile.Call call = scope.file().calls.get(a.call());
      if (call.shape() == null || call.shape().kind() == CallKind.REFERENCE || depth >= JavaCallResolver.MAX_CHAIN) {
        return null;
      }
      Receiver r = returned(calls.resolve(scope.file(), a.call(), depth + 1), scope, call, depth + 1);
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
        Receiver r = expressions.expression(scope, c, t, depth + 1);
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
}
