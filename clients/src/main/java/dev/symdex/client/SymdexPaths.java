package dev.symdex.client;

import java.nio.file.Path;

/**
 * Where a symdex daemon listens, found the way {@code symdex serve} chooses it: the data dir is
 * {@code $SYMDEX_DATA_DIR} if set, else {@code ~/.local/share/symdex}; the socket is {@code
 * symdex.sock} in it. Stateless; loads nothing of gRPC (the CLI's fast path uses it).
 */
public final class SymdexPaths {
  /** The socket's file name inside a data dir. */
  public static final String SOCKET_NAME = "symdex.sock";

  private SymdexPaths() {}

  /** {@code $SYMDEX_DATA_DIR} if set and not blank, else {@code ~/.local/share/symdex}. */
  public static Path defaultDataDir() {
    String env = System.getenv("SYMDEX_DATA_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".local", "share", "symdex");
  }

  /** The daemon's Unix socket in a data dir, absolute. */
  public static Path socket(Path dataDir) {
    return dataDir.toAbsolutePath().resolve(SOCKET_NAME);
  }
}
