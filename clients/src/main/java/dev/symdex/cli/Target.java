package dev.symdex.cli;

import dev.symdex.client.SymdexPaths;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a daemon answers: {@code --connect unix:PATH | tcp:HOST:PORT}, else the Unix socket in the
 * data dir ({@code $SYMDEX_DATA_DIR} or {@code ~/.local/share/symdex}), or, when that is absent,
 * the address the data dir's running daemon names in its {@code daemon.json} (TCP too); and the bearer token its
 * calls carry, if any: {@code --token-file FILE}, else {@code $SYMDEX_TOKEN_FILE} (the daemon's
 * {@code serve --token-file}), else, for the TCP address the data dir's own daemon serves, that
 * daemon's token file (see {@link DaemonInfo}).
 *
 * @param target gRPC target string
 * @param socket the socket file, or null for TCP
 * @param token the bearer token, or null for none
 */
record Target(String target, Path socket, String token) {
  /** The environment variable naming a token file when {@code --token-file} is not given. */
  static final String TOKEN_FILE_ENV = "SYMDEX_TOKEN_FILE";

  Target(String target, Path socket) {
    this(target, socket, null);
  }

  /**
   * This target with the token read from {@code tokenFile} (its first line); when that is null,
   * from the file {@code $SYMDEX_TOKEN_FILE} names; when that is unset too and this is a TCP
   * target, from the token file of the daemon of {@code dataDir} (null: the default data dir) if
   * that daemon runs and serves this very address. Unchanged when none applies.
   *
   * @throws IllegalArgumentException when the file cannot be read or its first line is blank
   */
  Target withTokenFrom(Path tokenFile, Path dataDir) {
    Path file = tokenFile;
    if (file == null) {
      String env = System.getenv(TOKEN_FILE_ENV);
      if (env != null && !env.isBlank()) {
        file = Path.of(env);
      } else if (socket == null) {
        file = DaemonInfo.read(dataDir != null ? dataDir : defaultDataDir()).flatMap(d -> d.tokenFileFor("tcp:" + target)).orElse(null);
      }
      if (file == null) {
        return this;
      }
    }
    String t;
    try (BufferedReader r = Files.newBufferedReader(file)) {
      String line = r.readLine();
      t = line == null ? "" : line.strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the token file " + file + ": " + e.getMessage());
    }
    if (t.isEmpty()) {
      throw new IllegalArgumentException("the token file " + file + " is empty");
    }
    return new Target(target, socket, t);
  }

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
    Path sock = SymdexPaths.socket(dir);
    if (!Files.exists(sock)) {
      Target listed = listed(dir);
      if (listed != null) {
        return listed;
      }
    }
    return new Target("unix://" + sock, sock);
  }

  /**
   * Where the running daemon of {@code dataDir} listens when not on the data dir's socket ({@code
   * serve --listen tcp:HOST:PORT} or {@code unix:PATH} elsewhere), as its {@code daemon.json}
   * says; null when no live daemon names an address there.
   */
  private static Target listed(Path dataDir) {
    DaemonInfo info = DaemonInfo.read(dataDir).orElse(null);
    if (info == null || !info.alive()) {
      return null;
    }
    String address = info.address();
    if (address.startsWith("unix:")) {
      Path p = Path.of(address.substring(5)).toAbsolutePath();
      return new Target("unix://" + p, p);
    }
    return address.startsWith("tcp:") ? new Target(address.substring(4), null) : null;
  }

  static Path defaultDataDir() {
    return SymdexPaths.defaultDataDir();
  }

  /** False when a Unix socket file does not exist: no daemon can answer there. */
  boolean mayAnswer() {
    return socket == null || Files.exists(socket);
  }

  /** A channel to the daemon; with a token, every call carries {@code authorization: Bearer <token>}. */
  ManagedChannel open() {
    var builder = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create());
    if (token != null) {
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
      builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    return builder.build();
  }

  @Override
  public String toString() {
    return socket != null ? "unix:" + socket : "tcp:" + target;
  }
}
