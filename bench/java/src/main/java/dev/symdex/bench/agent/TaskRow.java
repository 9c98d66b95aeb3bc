package dev.symdex.bench.agent;

import dev.symdex.bench.context.ContextTask;
import java.util.List;

/**
 * One task's tokens, both ways.
 *
 * @param task the task
 * @param ids what the grep agent searched for
 * @param grepOutputTokens tokens of every search's output
 * @param matched files any search printed
 * @param read files opened whole from those, in order, until the truth was complete
 * @param readTokens tokens of the files in {@code read}
 * @param missed truth files no search printed, read whole at the end
 * @param missedTokens their tokens
 * @param sessionTokens tokens of the SessionStart context (0 when the hook prints none)
 * @param planTokens tokens of the prompt's Plan context (0 when the hook prints none)
 * @param packedTruth truth files the Plan's packing holds in any rendering (outline, spans or whole)
 * @param wholeTruth truth files the Plan's packing holds whole
 * @param extraTokens tokens of the truth files outside the packing, read whole
 * @param strictExtraTokens tokens of the truth files not packed whole, read whole
 */
record TaskRow(ContextTask task, Identifiers ids, int grepOutputTokens, int matched, List<String> read, long readTokens,
    List<String> missed, long missedTokens, int sessionTokens, int planTokens, List<String> packedTruth, List<String> wholeTruth,
    long extraTokens, long strictExtraTokens) {
  TaskRow {
    read = List.copyOf(read);
    missed = List.copyOf(missed);
    packedTruth = List.copyOf(packedTruth);
    wholeTruth = List.copyOf(wholeTruth);
  }

  /** Tokens of the grep agent: searches' output, files read from them, then the truth files they missed. */
  long grepTotal() {
    return grepOutputTokens + readTokens + missedTokens;
  }

  /** Tokens of the symdex agent: both hooks' contexts, then the truth files outside the packing. */
  long symdexTotal() {
    return sessionTokens + planTokens + extraTokens;
  }

  /** As {@link #symdexTotal}, reading every truth file the packing does not hold whole. */
  long symdexStrictTotal() {
    return sessionTokens + planTokens + strictExtraTokens;
  }

  /** Share of the truth files the Plan's packing holds. */
  double planRecall() {
    return (double) packedTruth.size() / task.truth().size();
  }

  /** True when the grep agent reached every truth file from its searches. */
  boolean reached() {
    return missed.isEmpty();
  }

  /** True when the symdex agent had to read a truth file the packing does not hold. */
  boolean extraRead() {
    return packedTruth.size() < task.truth().size();
  }
}
