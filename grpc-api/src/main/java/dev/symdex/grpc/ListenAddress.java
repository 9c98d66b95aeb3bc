package dev.symdex.grpc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Where the daemon listens: {@code unix:/path/to.sock} or {@code tcp:HOST:PORT} (loopback only).
 */
public sealed interface ListenAddress {
  /** A Unix domain socket, created with mode 0600. */
  record Unix(Path path) implements ListenAddress {
    @Override
    public String toString() {
      return "unix:" + path;
    }
  }

  /** A TCP port on a loopback address; port 0 picks a free one. */
  record Tcp(String host, int port) implements ListenAddress {
    @Override
    public String toString() {
      return "tcp:" + host + ":" + port;
    }
  }

  /** Parses {@code unix:PATH} or {@code tcp:HOST:PORT}; refuses non-loopback hosts. */
  static ListenAddress parse(String s) {
    if (s.startsWith("unix:")) {
      return new Unix(Path.of(s.substring(5)).toAbsolutePath());
    }
    if (s.startsWith("tcp:")) {
      String rest = s.substring(4);
      int colon = rest.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("expected tcp:HOST:PORT, got " + s);
      }
      String host = rest.substring(0, colon);
      int port;
      try {
        port = Integer.parseInt(rest.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad port in " + s);
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("bad port in " + s);
      }
      try {
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
          throw new IllegalArgumentException("refusing to listen on " + host + ": only loopback addresses are allowed");
        }
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("unknown host " + host);
      }
      return new Tcp(host, port);
    }
    throw new IllegalArgumentException("expected unix:PATH or tcp:HOST:PORT, got " + s);
  }
}
