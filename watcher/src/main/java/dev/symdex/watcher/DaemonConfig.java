package dev.symdex.watcher;

import dev.symdex.engine.EngineOptions;
import dev.symdex.grpc.ListenAddress;
import dev.symdex.grpc.ServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run a daemon.
 *
 * @param root the tree to index and watch
 * @param dataDir the data directory
 * @param listen where to listen; empty for the data dir's Unix socket
 * @param settleMillis how long a burst of events may go quiet before it is applied
 * @param parseThreads threads that read and parse files
 * @param options engine options
 * @param idleTimeout stop after this long without a call (and without a subscriber); empty: never
 * @param server token, call limits and default deadline of the gRPC server; a TCP address
 *     (loopback too) gets the data dir's token when this has none
 * @param allowSocketPath let {@code listen} name a Unix socket outside the data dir
 * @param maxWatches how many directories all projects together may watch (the rest are polled);
 *     0 for the default: 90% of {@code fs.inotify.max_user_watches}, else 8192
 * @param maxMemoryBytes the memory cap of all projects together (heap and index pages; see {@link
 *     MemoryGovernor}); 0: none
 */
public record DaemonConfig(Path root, Path dataDir, Optional<ListenAddress> listen, long settleMillis, int parseThreads, EngineOptions options,
    Optional<Duration> idleTimeout, ServerOptions server, boolean allowSocketPath, int maxWatches, long maxMemoryBytes) {
  /** With the default watch budget, without a memory cap. */
  public DaemonConfig(Path root, Path dataDir, Optional<ListenAddress> listen, long settleMillis, int parseThreads, EngineOptions options,
      Optional<Duration> idleTimeout, ServerOptions server, boolean allowSocketPath) {
    this(root, dataDir, listen, settleMillis, parseThreads, options, idleTimeout, server, allowSocketPath, 0, 0);
  }

  /** A socket only in the data dir. */
  public DaemonConfig(Path root, Path dataDir, Optional<ListenAddress> listen, long settleMillis, int parseThreads, EngineOptions options,
      Optional<Duration> idleTimeout, ServerOptions server) {
    this(root, dataDir, listen, settleMillis, parseThreads, options, idleTimeout, server, false);
  }

  /** With {@link ServerOptions#DEFAULTS}. */
  public DaemonConfig(Path root, Path dataDir, Optional<ListenAddress> listen, long settleMillis, int parseThreads, EngineOptions options,
      Optional<Duration> idleTimeout) {
    this(root, dataDir, listen, settleMillis, parseThreads, options, idleTimeout, ServerOptions.DEFAULTS);
  }

  public DaemonConfig {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (settleMillis < 0 || parseThreads < 1 || maxMemoryBytes < 0) {
      throw new IllegalArgumentException("settleMillis >= 0, parseThreads >= 1 and maxMemoryBytes >= 0");
    }
    if (maxWatches < 0) {
      throw new IllegalArgumentException("maxWatches must be at least 1 (0 for the default), not " + maxWatches);
    }
  }

  /** This config, with a Unix socket outside the data dir allowed or not. */
  public DaemonConfig withAllowSocketPath(boolean allow) {
    return new DaemonConfig(root, dataDir, listen, settleMillis, parseThreads, options, idleTimeout, server, allow, maxWatches,
        maxMemoryBytes);
  }

  /** This config, with a watch budget of {@code max} directories (0: the default). */
  public DaemonConfig withMaxWatches(int max) {
    return new DaemonConfig(root, dataDir, listen, settleMillis, parseThreads, options, idleTimeout, server, allowSocketPath, max,
        maxMemoryBytes);
  }

  /** This config, with all projects together capped at {@code bytes} (0: no cap). */
  public DaemonConfig withMaxMemory(long bytes) {
    return new DaemonConfig(root, dataDir, listen, settleMillis, parseThreads, options, idleTimeout, server, allowSocketPath, maxWatches,
        bytes);
  }

  public static DaemonConfig defaults(Path root, Path dataDir) {
    return new DaemonConfig(root, dataDir, Optional.empty(), 20, Runtime.getRuntime().availableProcessors(), EngineOptions.DEFAULTS,
        Optional.empty());
  }
}
