package dev.symdex.watcher;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.index.DiskAccess;
import dev.symdex.grpc.ListenAddress;
import dev.symdex.proto.v1.StatusRequest;
import dev.symdex.proto.v1.StatusResponse;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real daemon on a real tree and data dir, reached over its Unix socket, whose disk access may
 * carry injected faults. Closing it stops the daemon.
 */
final class TestDaemon implements AutoCloseable {
  final Daemon daemon;
  final ManagedChannel channel;
  final SymdexServiceGrpc.SymdexServiceBlockingStub stub;

  private TestDaemon(Daemon daemon) {
    this.daemon = daemon;
    Path sock = ((ListenAddress.Unix) daemon.address()).path();
    this.channel = Grpc.newChannelBuilder("unix://" + sock, InsecureChannelCredentials.create()).build();
    this.stub = SymdexServiceGrpc.newBlockingStub(channel);
  }

  /** Started on {@code root} with its data in {@code data}; returns once it listens (its first reconcile may still run). */
  static TestDaemon start(Path root, Path data, DiskAccess disk) throws Exception {
    return new TestDaemon(Daemon.start(new DaemonConfig(root, data, Optional.empty(), 20, 2, EngineOptions.DEFAULTS, Optional.empty()), disk));
  }

  /** The stub with a deadline of {@code millis}. */
  SymdexServiceGrpc.SymdexServiceBlockingStub within(long millis) {
    return stub.withDeadlineAfter(millis, TimeUnit.MILLISECONDS);
  }

  StatusResponse status() {
    return within(30_000).status(StatusRequest.getDefaultInstance());
  }

  @Override
  public void close() {
    channel.shutdownNow();
    daemon.close();
  }
}
