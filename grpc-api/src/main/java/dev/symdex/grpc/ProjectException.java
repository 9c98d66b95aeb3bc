package dev.symdex.grpc;

/**
 * A project request that cannot be met; {@link Statuses} maps each {@link Reason} to one code.
 * The message is meant for users.
 */
public final class ProjectException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** No project has that id or root: NOT_FOUND. */
    NOT_FOUND,
    /** That root is a project already: ALREADY_EXISTS. */
    ALREADY_EXISTS,
    /** Not a directory, or inside or around another project: INVALID_ARGUMENT. */
    INVALID_ROOT,
    /** The request cannot apply here (removing the default project; a single-project server): FAILED_PRECONDITION. */
    NOT_ALLOWED
  }

  private final Reason reason;

  public ProjectException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
