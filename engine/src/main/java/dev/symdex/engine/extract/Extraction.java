package dev.symdex.engine.extract;

import dev.symdex.engine.model.FileFacts;
import java.util.Optional;

/**
 * Outcome of extracting one file.
 *
 * @param facts the facts; empty when extraction gave up
 * @param lossy true when invalid UTF-8 was replaced before parsing
 * @param failure why extraction gave up (empty on success)
 * @param overBudget true when it gave up because the facts would pass the per-file memory budget
 *     (false for a time-out or a parser failure)
 * @param partial why the facts are incomplete though extraction succeeded (empty when complete):
 *     definitions nested past {@link FactExtractor#MAX_NESTING_DEPTH} kept flattened
 */
public record Extraction(Optional<FileFacts> facts, boolean lossy, String failure, boolean overBudget, String partial) {
  static Extraction ok(FileFacts facts, boolean lossy, String partial) {
    return new Extraction(Optional.of(facts), lossy, "", false, partial);
  }

  static Extraction failed(String why, boolean lossy) {
    return new Extraction(Optional.empty(), lossy, why, false, "");
  }

  static Extraction overBudget(String why, boolean lossy) {
    return new Extraction(Optional.empty(), lossy, why, true, "");
  }
}
