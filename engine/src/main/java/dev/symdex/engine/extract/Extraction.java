package dev.symdex.engine.extract;

import dev.symdex.engine.model.FileFacts;
import java.util.Optional;

/**
 * Outcome of extracting one file.
 *
 * @param facts the facts; empty when the parser gave up
 * @param lossy true when invalid UTF-8 was replaced before parsing
 * @param failure why the parser gave up (empty on success)
 */
public record Extraction(Optional<FileFacts> facts, boolean lossy, String failure) {
  static Extraction ok(FileFacts facts, boolean lossy) {
    return new Extraction(Optional.of(facts), lossy, "");
  }

  static Extraction failed(String why, boolean lossy) {
    return new Extraction(Optional.empty(), lossy, why);
  }
}
