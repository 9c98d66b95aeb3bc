package dev.symdex.grpc;

import dev.symdex.engine.Quote;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.store.UncheckedCorruptIndex;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The one table that maps engine (and project) errors to gRPC status codes. Messages of engine errors are meant
 * for users; anything unexpected becomes INTERNAL with no internals in its text.
 */
public final class Statuses {
  private Statuses() {}

  /**
   * Longest status message sent: messages quote input through {@link Quote} (at most
   * {@value Quote#MAX_BYTES} bytes of it), and this caps whatever is around it.
   */
  static final int MAX_DESCRIPTION_CHARS = 1024;

  public static StatusRuntimeException toStatus(Throwable t) {
    Status status = switch (t) {
      case SymdexException.InvalidQuery e -> Status.INVALID_ARGUMENT.withDescription(e.getMessage());
      case SymdexException.NotFound e -> Status.NOT_FOUND.withDescription(e.getMessage());
      case SymdexException.Stale e -> Status.FAILED_PRECONDITION.withDescription(e.getMessage());
      case SymdexException.Cancelled e -> Status.CANCELLED.withDescription(e.getMessage());
      case SymdexException.IndexNotReady e -> Status.UNAVAILABLE.withDescription(e.getMessage());
      case SymdexException.CorruptIndex e -> Status.DATA_LOSS.withDescription(e.getMessage());
      case UncheckedCorruptIndex e -> Status.DATA_LOSS.withDescription(e.getMessage());
      case SymdexException.FormatTooOld e -> Status.FAILED_PRECONDITION.withDescription(e.getMessage());
      case SymdexException.FormatTooNew e -> Status.FAILED_PRECONDITION.withDescription(e.getMessage());
      case SymdexException.StorageFailure e -> Status.UNAVAILABLE.withDescription(e.getMessage());
      case SymdexException.Indexing e -> Status.FAILED_PRECONDITION.withDescription(e.getMessage());
      case SymdexException.TimedOut e -> Status.DEADLINE_EXCEEDED.withDescription(e.getMessage());
      case SymdexException.Exhausted e -> Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage());
      case ProjectException e -> switch (e.reason()) {
        case NOT_FOUND -> Status.NOT_FOUND.withDescription(e.getMessage());
        case ALREADY_EXISTS -> Status.ALREADY_EXISTS.withDescription(e.getMessage());
        case INVALID_ROOT -> Status.INVALID_ARGUMENT.withDescription(e.getMessage());
        case NOT_ALLOWED -> Status.FAILED_PRECONDITION.withDescription(e.getMessage());
      };
      case InterruptedException e -> Status.CANCELLED.withDescription("interrupted");
      case StatusRuntimeException e -> e.getStatus();
      default -> Status.INTERNAL.withDescription("internal error");
    };
    String d = status.getDescription();
    if (d != null && d.length() > MAX_DESCRIPTION_CHARS) {
      status = status.withDescription(d.substring(0, MAX_DESCRIPTION_CHARS) + "...");
    }
    return status.withCause(t).asRuntimeException();
  }

  /** A request refused before it reached the service (limits, malformed bytes): INVALID_ARGUMENT. */
  static Status refusedRequest(String problem) {
    return Status.INVALID_ARGUMENT.withDescription(problem);
  }

  /** A call without the right bearer token: UNAUTHENTICATED. */
  static Status unauthenticated(String why) {
    return Status.UNAUTHENTICATED.withDescription(why);
  }

  /** Too many calls in flight for one scope: RESOURCE_EXHAUSTED (retry later). */
  static Status tooManyCalls(String why) {
    return Status.RESOURCE_EXHAUSTED.withDescription(why);
  }

  /**
   * A read that stopped early because its call ended: DEADLINE_EXCEEDED when the deadline passed,
   * else CANCELLED (its partial answer must not pass for a whole one).
   */
  static StatusRuntimeException stopped(boolean deadlinePassed, String why) {
    return (deadlinePassed ? Status.DEADLINE_EXCEEDED.withDescription(why + ": its deadline passed")
        : Status.CANCELLED.withDescription(why)).asRuntimeException();
  }

  /** A call the pool would not take: UNAVAILABLE while the daemon stops, else RESOURCE_EXHAUSTED. */
  static StatusRuntimeException notTaken(boolean stopping) {
    return (stopping ? Status.UNAVAILABLE.withDescription("the daemon is stopping")
        : Status.RESOURCE_EXHAUSTED.withDescription("the daemon is busy: try again")).asRuntimeException();
  }

  /** A subscription whose project was removed: NOT_FOUND. */
  static StatusRuntimeException projectRemoved() {
    return Status.NOT_FOUND.withDescription("the project was removed").asRuntimeException();
  }
}
