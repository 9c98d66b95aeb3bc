package dev.symdex.engine.model;

import java.util.Optional;

/**
 * The shared vocabulary of definition kinds, across languages. Codes are stored on disk: never
 * reuse or renumber one. Labels are also the suffixes of {@code @definition.<label>} captures in
 * the query files.
 */
public enum DefinitionKind {
  CLASS(1, "class", Shape.TYPE),
  INTERFACE(2, "interface", Shape.TYPE),
  ENUM(3, "enum", Shape.TYPE),
  RECORD(4, "record", Shape.TYPE),
  ANNOTATION(5, "annotation", Shape.TYPE),
  METHOD(6, "method", Shape.CALLABLE),
  CONSTRUCTOR(7, "constructor", Shape.CALLABLE),
  FIELD(8, "field", Shape.VALUE),
  FUNCTION(9, "function", Shape.CALLABLE),
  VARIABLE(10, "variable", Shape.VALUE),
  CONSTANT(11, "constant", Shape.VALUE),
  STRUCT(12, "struct", Shape.TYPE),
  TRAIT(13, "trait", Shape.TYPE),
  TYPE_ALIAS(14, "type", Shape.VALUE),
  MODULE(15, "module", Shape.NAMESPACE),
  MACRO(16, "macro", Shape.VALUE),
  UNION(17, "union", Shape.TYPE),
  PROPERTY(18, "property", Shape.VALUE),
  /**
   * A Rust impl block: named by its trait ({@code impl Display for Point}) or, inherent, by its type
   * ({@code impl Point}); its container is the type. Holds no members of its own: the items in it
   * are the type's.
   */
  IMPL(19, "impl", Shape.VALUE);

  private enum Shape { TYPE, CALLABLE, VALUE, NAMESPACE }

  private final int code;
  private final String label;
  private final Shape shape;

  DefinitionKind(int code, String label, Shape shape) {
    this.code = code;
    this.label = label;
    this.shape = shape;
  }

  public int code() {
    return code;
  }

  /** Lower-case name shown to users ({@code "method"}). Also the suffix of query captures. */
  public String label() {
    return label;
  }

  /** True for kinds that name a type and hold members (class, interface, struct, ...). */
  public boolean isType() {
    return shape == Shape.TYPE;
  }

  /** True for kinds whose body runs code: the callers of call sites. */
  public boolean isCallable() {
    return shape == Shape.CALLABLE;
  }

  /** True for kinds that may enclose other definitions (types, callables, modules). */
  public boolean canContain() {
    return shape != Shape.VALUE;
  }

  public static Optional<DefinitionKind> fromCode(int code) {
    return code >= 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
  }

  /** Each constant at its code (read per stored row: no {@code values()} copy, no search). */
  private static final DefinitionKind[] BY_CODE = Codes.byCode(values(), DefinitionKind::code);

  public static Optional<DefinitionKind> fromLabel(String label) {
    for (DefinitionKind k : values()) {
      if (k.label.equals(label)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
