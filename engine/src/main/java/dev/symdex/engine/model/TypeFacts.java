package dev.symdex.engine.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a file says about types, for resolving its calls by the receiver's type: declared types of
 * definitions, supertypes, parameters, local variables, anonymous class bodies, and the shape of
 * each call (argument count, a receiver that is itself a call). Filled for Java; empty for the
 * other languages. Types are kept as written, without blanks or annotations ({@code
 * Map<String,Foo>}, {@code a.b.C[]}); a pure function of the file's content, like the rest of
 * {@link FileFacts}.
 *
 * @param definitions type facts of definitions, by ascending definition index (only those that
 *     have some)
 * @param locals local variables and parameters, in source order
 * @param anonymous anonymous class bodies ({@code new T() {...}}, an enum constant's body), in
 *     source order
 * @param calls one shape per call site of the file, in the same order, or none at all
 */
public record TypeFacts(List<DefinitionTypes> definitions, List<Local> locals, List<Anonymous> anonymous, List<CallShape> calls) {
  public static final TypeFacts EMPTY = new TypeFacts(List.of(), List.of(), List.of(), List.of());

  public TypeFacts {
    definitions = List.copyOf(definitions);
    locals = List.copyOf(locals);
    anonymous = List.copyOf(anonymous);
    calls = List.copyOf(calls);
    for (int i = 1; i < definitions.size(); i++) {
      if (definitions.get(i).definition() <= definitions.get(i - 1).definition()) {
        throw new IllegalArgumentException("definition types out of order");
      }
    }
  }

  public boolean isEmpty() {
    return definitions.isEmpty() && locals.isEmpty() && anonymous.isEmpty() && calls.isEmpty();
  }

  /**
   * Type facts of one definition.
   *
   * @param definition index into the file's definitions
   * @param type declared type: a method's return type, a field's type; empty when none
   * @param parameters a method's or constructor's (or record's) parameter types, in order; for
   *     varargs the last is the element type
   * @param varargs the last parameter is variable-arity
   * @param superclass a class's {@code extends} type; empty when none
   * @param interfaces {@code implements} (an interface's {@code extends}) types, in order
   * @param typeParameters type variables the definition declares
   */
  public record DefinitionTypes(int definition, String type, List<String> parameters, boolean varargs, String superclass,
      List<String> interfaces, List<TypeParameter> typeParameters) {
    public DefinitionTypes {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(superclass, "superclass");
      parameters = List.copyOf(parameters);
      interfaces = List.copyOf(interfaces);
      typeParameters = List.copyOf(typeParameters);
      if (definition < 0) {
        throw new IllegalArgumentException("definition " + definition);
      }
    }
  }

  /** A type variable and its first bound (empty: none). */
  public record TypeParameter(String name, String bound) {
    public TypeParameter {
      Objects.requireNonNull(bound, "bound");
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("type parameter name is empty");
      }
    }
  }

  /**
   * A local variable or parameter, visible from its name to the end of its scope (the block,
   * statement, method or lambda that declares it).
   *
   * @param type declared type, empty when inferred (an untyped lambda parameter, {@code var})
   */
  public record Local(String name, String type, int line, int column, int endLine, int endColumn) {
    public Local {
      Objects.requireNonNull(type, "type");
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("local name is empty");
      }
      checkSpan(line, column, endLine, endColumn);
    }
  }

  /** An anonymous class body, from its opening to its closing brace, and the type it extends or implements. */
  public record Anonymous(String type, int line, int column, int endLine, int endColumn) {
    public Anonymous {
      if (type == null || type.isEmpty()) {
        throw new IllegalArgumentException("anonymous class type is empty");
      }
      checkSpan(line, column, endLine, endColumn);
    }
  }

  /** What a call site is. */
  public enum CallKind {
    /** {@code m(...)}, {@code a.m(...)}. */
    METHOD,
    /** {@code new T(...)}, with or without a class body. */
    NEW,
    /** {@code this(...)} in a constructor. */
    THIS,
    /** {@code super(...)} in a constructor. */
    SUPER,
    /** An enum constant: an implicit call of the enum's constructor. */
    ENUM_CONSTANT,
    /** A method reference {@code T::m}. */
    REFERENCE;

    private static final CallKind[] BY_CODE = values();

    public int code() {
      return ordinal();
    }

    public static Optional<CallKind> fromCode(int code) {
      return code >= 0 && code < BY_CODE.length ? Optional.of(BY_CODE[code]) : Optional.empty();
    }
  }

  /**
   * The shape of one call.
   *
   * @param kind what the call is
   * @param arguments its argument count; -1 when unknown (a method reference)
   * @param receiverCall index (in the file's calls) of the call whose result is the receiver
   *     ({@code a().b()}, {@code new A().b()}); -1 when the receiver is not a call
   * @param argumentList one per argument when {@code arguments > 0}, else empty
   */
  public record CallShape(CallKind kind, int arguments, int receiverCall, List<Argument> argumentList) {
    public CallShape {
      Objects.requireNonNull(kind, "kind");
      argumentList = List.copyOf(argumentList);
      if (arguments < -1 || receiverCall < -1) {
        throw new IllegalArgumentException("bad call shape " + arguments + " " + receiverCall);
      }
      if (!argumentList.isEmpty() && argumentList.size() != arguments) {
        throw new IllegalArgumentException(argumentList.size() + " arguments listed for " + arguments);
      }
    }

    /** A shape without arguments listed. */
    public CallShape(CallKind kind, int arguments, int receiverCall) {
      this(kind, arguments, receiverCall, List.of());
    }
  }

  /**
   * What an argument is, as far as its type goes: the call it is ({@code f(g())}, {@code f(new
   * T())}), or a short text: a literal's kind ({@code ""} for a string, {@code 'c'}, {@code 1L},
   * {@code true}, {@code null}), a name ({@code a.b}, {@code this}, {@code T.class}) or a cast's
   * type ({@code (T)}); empty for anything else.
   *
   * @param call index in the file's calls, or -1
   */
  public record Argument(String text, int call) {
    public static final Argument UNKNOWN = new Argument("", -1);

    public Argument {
      Objects.requireNonNull(text, "text");
      if (call < -1) {
        throw new IllegalArgumentException("argument call " + call);
      }
    }
  }

  private static void checkSpan(int line, int column, int endLine, int endColumn) {
    if (line < 1 || column < 1 || endLine < line || endColumn < 1) {
      throw new IllegalArgumentException("bad span " + line + ":" + column + "-" + endLine + ":" + endColumn);
    }
  }
}
