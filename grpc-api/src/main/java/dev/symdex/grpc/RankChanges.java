package dev.symdex.grpc;

import dev.symdex.proto.v1.PlanRanks;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One subscriber's view of a task's top files: the last top it was sent, and how a new one differs
 * from it. Not thread-safe: the caller serializes its use.
 */
final class RankChanges {
  private List<String> last;
  private long generation = -1;

  /** The generation of the last top given to {@link #next} (-1 before the first). */
  long generation() {
    return generation;
  }

  /**
   * Records {@code top} (best first) as of {@code generation}. Returns the change to send: on the
   * first call the whole top (every file added); later, only when a file entered, left or moved
   * within the top.
   */
  Optional<PlanRanks> next(long generation, List<String> top) {
    this.generation = generation;
    List<String> before = last;
    last = List.copyOf(top);
    if (before != null && before.equals(top)) {
      return Optional.empty();
    }
    PlanRanks.Builder b = PlanRanks.newBuilder().addAllTop(top);
    List<String> old = before == null ? List.of() : before;
    Set<String> was = new HashSet<>(old);
    Set<String> now = new HashSet<>(top);
    for (int i = 0; i < top.size(); i++) {
      String p = top.get(i);
      if (!was.contains(p)) {
        b.addAdded(p);
      } else if (old.indexOf(p) != i) {
        b.addMoved(p);
      }
    }
    for (String p : old) {
      if (!now.contains(p)) {
        b.addRemoved(p);
      }
    }
    return Optional.of(b.build());
  }
}
