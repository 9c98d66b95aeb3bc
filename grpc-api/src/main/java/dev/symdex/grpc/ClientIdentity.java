package dev.symdex.grpc;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.ServerCall;
import io.grpc.ServerTransportFilter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who a call comes from, for per-client limits: over TCP the remote IP address (all connections
 * of one host count together); over a Unix socket the connection. The socket is mode 0600, so
 * every peer runs as the daemon's own user and peer credentials would make one client of all of
 * them (gRPC's Netty transport does not expose them either). In-process calls also count per
 * connection. Thread-safe.
 */
final class ClientIdentity {
  /** Set on every transport by {@link #FILTER}: a number unique to the connection. */
  static final Attributes.Key<Long> CONNECTION = Attributes.Key.create("symdex.connection");

  private static final AtomicLong CONNECTIONS = new AtomicLong();

  /** Numbers each connection; install it on the server builder. */
  static final ServerTransportFilter FILTER = new ServerTransportFilter() {
    @Override
    public Attributes transportReady(Attributes attrs) {
      return attrs.toBuilder().set(CONNECTION, CONNECTIONS.incrementAndGet()).build();
    }
  };

  private ClientIdentity() {}

  /** The key of the client of {@code call}: an {@code InetAddress} or {@code "connection N"}. */
  static Object of(ServerCall<?, ?> call) {
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress();
    }
    Long connection = call.getAttributes().get(CONNECTION);
    return connection == null ? "unknown" : "connection " + connection;
  }
}
