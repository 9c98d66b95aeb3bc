package dev.symdex.engine.model;

/** What a reference does with the name. Codes are stored on disk (2 bits). */
public enum ReferenceKind {
  OTHER(0, "reference"),
  CALL(1, "call"),
  TYPE(2, "type"),
  IMPORT(3, "import");

  private final int code;
  private final String label;

  ReferenceKind(int code, String label) {
    this.code = code;
    this.label = label;
  }

  public int code() {
    return code;
  }

  /** Shown to users as a result's kind. */
  public String label() {
    return label;
  }

  public static ReferenceKind fromCode(int code) {
    return values()[code & 3];
  }
}
