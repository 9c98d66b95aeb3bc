package dev.symdex.grpc;

/**
 * A server stream's cancel and ready handlers, installed when the call starts (gRPC takes them
 * only then) and bound later to what they act on: a subscription that starts on the pool (a scoped
 * Subscribe resolves its scope first) binds its feed and its ready action once it exists. A cancel
 * before the bind closes the feed as it is bound. Thread-safe.
 */
final class StreamHandlers {
  private AutoCloseable feed; // guarded by this
  private Runnable onReady = () -> {};
  private boolean cancelled;

  /** Binds the stream's handlers to {@code feed} (closed on cancel) and {@code onReady}. */
  void bind(AutoCloseable feed, Runnable onReady) {
    synchronized (this) {
      if (!cancelled) {
        this.feed = feed;
        this.onReady = onReady;
        return;
      }
    }
    close(feed);
  }

  /** The cancel handler: closes the feed bound (or the one bound later). */
  void cancelled() {
    AutoCloseable f;
    synchronized (this) {
      cancelled = true;
      f = feed;
      feed = null;
    }
    close(f);
  }

  /** The ready handler: runs the bound ready action. */
  void ready() {
    Runnable r;
    synchronized (this) {
      r = onReady;
    }
    r.run();
  }

  private static void close(AutoCloseable feed) {
    if (feed == null) {
      return;
    }
    try {
      feed.close();
    } catch (Exception e) {
      // removing a listener cannot fail
    }
  }
}
