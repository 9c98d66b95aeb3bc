package dev.symdex.grpc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Where the daemon listens: {@code unix:/path/to.sock} or {@code tcp:HOST:PORT}. A TCP address
 * that is not loopback parses only when remote listening was asked for explicitly; serving on any
 * TCP address needs a bearer token (see {@link ServerOptions#token}).
 */
public sealed interface ListenAddress {
  /** A Unix domain socket, created with mode 0600. */
  record Unix(Path path) implements ListenAddress {
    @Override
    public String toString() {
      return "unix:" + path;
    }
  }

  /** A TCP port; port 0 picks a free one. */
  record Tcp(String host, int port) implements ListenAddress {
    /** True when {@code host} resolves to a loopback address (or cannot be resolved: then false). */
    public boolean loopback() {
      try {
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }

    @Override
    public String toString() {
      return "tcp:" + host + ":" + port;
    }
  }

  /** Parses {@code unix:PATH} or {@code tcp:HOST:PORT}; refuses non-loopback hosts. */
  static ListenAddress parse(String s) {
    return parse(s, false);
  }

  /**
   * Parses {@code unix:PATH} or {@code tcp:HOST:PORT}; a host that is not loopback is refused
   * unless {@code allowRemote}.
   */
  static ListenAddress parse(String s, boolean allowRemote) {
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
        if (!InetAddress.getByName(host).isLoopbackAddress() && !allowRemote) {
          throw new IllegalArgumentException("refusing to listen on " + host
              + ": only loopback addresses are allowed (--allow-remote listens elsewhere, with a bearer token)");
        }
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("unknown host " + host);
      }
      return new Tcp(host, port);
    }
    throw new IllegalArgumentException("expected unix:PATH or tcp:HOST:PORT, got " + s);
  }
}
