package dev.symdex.grpc;

import dev.symdex.proto.v1.SymdexServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A real engine on a tree, served by a real in-process gRPC server, and a channel to it: what an
 * RPC test stands on. Closing it stops the channel, the server and the engine, in that order.
 */
final class InProcessEngineServer implements AutoCloseable {
  final EngineBackend backend;
  final SymdexGrpcServer server;
  final ManagedChannel channel;

  private InProcessEngineServer(EngineBackend backend, SymdexGrpcServer server, ManagedChannel channel) {
    this.backend = backend;
    this.server = server;
    this.channel = channel;
  }

  /** Indexes {@code root} into {@code indexDir} and serves it. */
  static InProcessEngineServer start(Path root, Path indexDir) throws Exception {
    EngineBackend backend = new EngineBackend(root, indexDir);
    String name = InProcessServerBuilder.generateName();
    SymdexGrpcServer server = SymdexGrpcServer.create(InProcessServerBuilder.forName(name), backend).start();
    return new InProcessEngineServer(backend, server, InProcessChannelBuilder.forName(name).build());
  }

  /** A blocking stub whose calls have {@code seconds} to answer. */
  SymdexServiceGrpc.SymdexServiceBlockingStub stub(long seconds) {
    return SymdexServiceGrpc.newBlockingStub(channel).withDeadlineAfter(seconds, TimeUnit.SECONDS);
  }

  /** Makes {@code root} a git repository (branch main) whose one commit holds every file in it. */
  static void commitAll(Path root, String message) throws Exception {
    try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent("t", "t@example.com");
      git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.close();
    backend.close();
  }
}
