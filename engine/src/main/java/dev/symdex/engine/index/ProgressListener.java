package dev.symdex.engine.index;

/** Told how a long apply is going. Called from the writer's thread; must return quickly. */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (done, total) -> {};

  /** {@code done} of {@code total} files checked so far. */
  void onProgress(int done, int total);
}
