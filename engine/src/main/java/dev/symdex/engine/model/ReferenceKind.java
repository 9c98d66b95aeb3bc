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

  private static final ReferenceKind[] BY_CODE = values(); // read per stored row: one copy, not one per call

  public static ReferenceKind fromCode(int code) {
    return BY_CODE[code & 3];
  }
}
