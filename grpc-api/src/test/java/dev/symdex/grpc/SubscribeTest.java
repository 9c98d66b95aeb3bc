package dev.symdex.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.proto.v1.SubscribeRequest;
import dev.symdex.proto.v1.SubscribeResponse;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import dev.symdex.proto.v1.SyncRequest;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subscribe over a real in-process server: each generation's changes, and resync for a slow reader. */
class SubscribeTest {
  @TempDir Path root;
  @TempDir Path data;
  private EngineBackend backend;
  private SymdexGrpcServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(root.resolve("A.java"), "class A { void a() {} }\n");
    backend = new EngineBackend(root, data.resolve("index"));
    String name = InProcessServerBuilder.generateName();
    server = SymdexGrpcServer.create(InProcessServerBuilder.forName(name), backend).start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.close();
    backend.close();
  }

  /** Subscribes with manual flow control: the client asks for {@code initial} messages only. */
  private ClientCallStreamObserver<SubscribeRequest> subscribe(BlockingQueue<SubscribeResponse> got, int initial) throws Exception {
    ClientCallStreamObserver<SubscribeRequest>[] call = new ClientCallStreamObserver[1];
    SymdexServiceGrpc.newStub(channel).subscribe(SubscribeRequest.getDefaultInstance(), new ClientResponseObserver<SubscribeRequest, SubscribeResponse>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
        call[0] = requestStream;
        requestStream.disableAutoRequestWithInitial(initial);
      }

      @Override
      public void onNext(SubscribeResponse r) {
        got.add(r);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    });
    // the subscription is registered once the server has handled the call
    for (int i = 0; i < 3000 && backend.changes().subscribers() == 0; i++) {
      Thread.sleep(10);
    }
    assertEquals(1, backend.changes().subscribers());
    return call[0];
  }

  @Test
  void eachGenerationSaysWhichFilesAndDefinitionsChanged() throws Exception {
    BlockingQueue<SubscribeResponse> got = new LinkedBlockingQueue<>();
    ClientCallStreamObserver<SubscribeRequest> call = subscribe(got, 100);
    var stub = SymdexServiceGrpc.newBlockingStub(channel);
    Files.writeString(root.resolve("A.java"), "class A { void a() {} void b() {} }\n");
    Files.writeString(root.resolve("B.java"), "class B {}\n");
    long generation = stub.sync(SyncRequest.getDefaultInstance()).getGeneration();
    SubscribeResponse r = got.poll(30, TimeUnit.SECONDS);
    assertEquals(generation, r.getGeneration());
    assertFalse(r.getResync());
    assertEquals(List.of("A.java:modified:[method A.b]:[]", "B.java:added:[class B]:[]"),
        r.getFilesList().stream().map(f -> f.getPath() + ":" + f.getKind() + ":" + f.getDefinitionsAddedList() + ":" + f.getDefinitionsRemovedList()).sorted().toList());
    Files.delete(root.resolve("B.java"));
    stub.sync(SyncRequest.getDefaultInstance());
    r = got.poll(30, TimeUnit.SECONDS);
    assertEquals(List.of("B.java:removed:[]:[class B]"),
        r.getFilesList().stream().map(f -> f.getPath() + ":" + f.getKind() + ":" + f.getDefinitionsAddedList() + ":" + f.getDefinitionsRemovedList()).toList());
    call.cancel("done", null);
  }

  @Test
  void aSubscriberThatFallsBehindIsToldToResync() throws Exception {
    BlockingQueue<SubscribeResponse> got = new LinkedBlockingQueue<>();
    ClientCallStreamObserver<SubscribeRequest> call = subscribe(got, 1);
    var stub = SymdexServiceGrpc.newBlockingStub(channel);
    for (int i = 0; i < 5; i++) {
      Files.writeString(root.resolve("C" + i + ".java"), "class C" + i + " {}\n");
      stub.sync(SyncRequest.getDefaultInstance());
    }
    SubscribeResponse first = got.poll(30, TimeUnit.SECONDS);
    assertFalse(first.getResync());
    assertTrue(got.isEmpty(), "the reader asked for one message only");
    call.request(10);
    SubscribeResponse next = got.poll(30, TimeUnit.SECONDS);
    assertTrue(next.getResync(), "changes were skipped while the reader was not ready: " + next);
    call.cancel("done", null);
  }
}
