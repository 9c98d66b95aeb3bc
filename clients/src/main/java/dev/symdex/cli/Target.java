package dev.symdex.cli;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a daemon answers: {@code --connect unix:PATH | tcp:HOST:PORT}, else the Unix socket in the
 * data dir ({@code $SYMDEX_DATA_DIR} or {@code ~/.local/share/symdex}).
 *
 * @param target gRPC target string
 * @param socket the socket file, or null for TCP
 */
record Target(String target, Path socket) {
  static Target of(String connect, Path dataDir) {
    if (connect != null && !connect.isBlank()) {
      if (connect.startsWith("unix:")) {
        Path p = Path.of(connect.substring(5)).toAbsolutePath();
        return new Target("unix://" + p, p);
      }
      if (connect.startsWith("tcp:")) {
        return new Target(connect.substring(4), null);
      }
      throw new IllegalArgumentException("--connect takes unix:PATH or tcp:HOST:PORT, got " + connect);
    }
    Path dir = dataDir != null ? dataDir : defaultDataDir();
    Path sock = dev.symdex.client.SymdexPaths.socket(dir);
    return new Target("unix://" + sock, sock);
  }

  static Path defaultDataDir() {
    return dev.symdex.client.SymdexPaths.defaultDataDir();
  }

  /** False when a Unix socket file does not exist: no daemon can answer there. */
  boolean mayAnswer() {
    return socket == null || Files.exists(socket);
  }

  ManagedChannel open() {
    return Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
  }

  @Override
  public String toString() {
    return socket != null ? "unix:" + socket : "tcp:" + target;
  }
}
