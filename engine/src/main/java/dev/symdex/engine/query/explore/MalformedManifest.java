package dev.symdex.engine.query.explore;

/** A manifest that cannot be read as its format: the message says what and where, for a skipped reason. */
final class MalformedManifest extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedManifest(String message) {
    super(message);
  }
}
