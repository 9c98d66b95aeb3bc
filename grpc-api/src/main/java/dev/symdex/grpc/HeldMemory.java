package dev.symdex.grpc;

/**
 * What a server keeps in memory for one project between requests, and how to give it back (a
 * daemon under a memory cap makes its least recently used projects cold this way). Thread-safe.
 */
public interface HeldMemory {
  /** Heap kept for {@code backend}, estimated from counts (not a measurement); 0 when nothing is kept. */
  long heldBytes(IndexBackend backend);

  /**
   * Forgets what is kept for {@code backend}; its next requests build it again and answer as they
   * would have. Safe while requests of {@code backend} run (they finish with what they hold).
   */
  void release(IndexBackend backend);

  /** Keeps nothing (a server that is not running yet). */
  HeldMemory NONE = new HeldMemory() {
    @Override
    public long heldBytes(IndexBackend backend) {
      return 0;
    }

    @Override
    public void release(IndexBackend backend) {}
  };
}
