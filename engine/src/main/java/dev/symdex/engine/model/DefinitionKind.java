package dev.symdex.engine.model;

import java.util.Optional;

/**
 * The shared vocabulary of definition kinds, across languages. Codes are stored on disk: never
 * reuse or renumber one.
 */
public enum DefinitionKind {
  CLASS(1, "class", true),
  INTERFACE(2, "interface", true),
  ENUM(3, "enum", true),
  RECORD(4, "record", true),
  ANNOTATION(5, "annotation", true),
  METHOD(6, "method", false),
  CONSTRUCTOR(7, "constructor", false),
  FIELD(8, "field", false),
  FUNCTION(9, "function", false),
  VARIABLE(10, "variable", false),
  CONSTANT(11, "constant", false);

  private final int code;
  private final String label;
  private final boolean type;

  DefinitionKind(int code, String label, boolean type) {
    this.code = code;
    this.label = label;
    this.type = type;
  }

  public int code() {
    return code;
  }

  /** Lower-case name shown to users ({@code "method"}). Also the suffix of query captures. */
  public String label() {
    return label;
  }

  /** True for kinds that contain other definitions and name a type (class, interface, ...). */
  public boolean isType() {
    return type;
  }

  /** True for kinds whose body runs code: the callers of call sites. */
  public boolean isCallable() {
    return this == METHOD || this == CONSTRUCTOR || this == FUNCTION;
  }

  public static Optional<DefinitionKind> fromCode(int code) {
    for (DefinitionKind k : values()) {
      if (k.code == code) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  public static Optional<DefinitionKind> fromLabel(String label) {
    for (DefinitionKind k : values()) {
      if (k.label.equals(label)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
