package dev.symdex.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real transports: a Unix socket (mode 0600) and loopback TCP. */
class TransportTest {
  @TempDir Path root;
  @TempDir Path data;

  @Test
  void unixSocketIsOwnerOnlyAndAnswers() throws Exception {
    Files.writeString(root.resolve("A.java"), "class Foo { void bar() {} }\n");
    Path sock = data.resolve("s.sock");
    try (EngineBackend backend = new EngineBackend(root, data.resolve("index"));
        SymdexGrpcServer server = SymdexGrpcServer.listen(new ListenAddress.Unix(sock), backend).start()) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
      ManagedChannel ch = Grpc.newChannelBuilder("unix://" + sock, InsecureChannelCredentials.create()).build();
      try {
        var r = SymdexServiceGrpc.newBlockingStub(ch).withDeadlineAfter(20, TimeUnit.SECONDS)
            .findDefinitions(FindDefinitionsRequest.newBuilder().setName("bar").build());
        assertEquals("A.java", r.getResults(0).getPath());
        // An oversized request is refused with a clear status, and the server keeps serving.
        var stub = SymdexServiceGrpc.newBlockingStub(ch).withDeadlineAfter(20, TimeUnit.SECONDS);
        StatusRuntimeException huge = assertThrows(StatusRuntimeException.class,
            () -> stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("x".repeat(2 << 20)).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, huge.getStatus().getCode());
        assertEquals(1, stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("bar").build()).getResultsCount());
      } finally {
        ch.shutdownNow();
      }
    }
    assertTrue(Files.notExists(sock), "socket removed on stop");
  }

  @Test
  void loopbackTcpAnswersWithTheToken() throws Exception {
    Files.writeString(root.resolve("a.py"), "def hello():\n    pass\n");
    try (EngineBackend backend = new EngineBackend(root, data.resolve("index"));
        SymdexGrpcServer server = SymdexGrpcServer.listen(ListenAddress.parse("tcp:127.0.0.1:0"), backend,
            ServerOptions.DEFAULTS.withToken("s3cret")).start()) {
      ManagedChannel ch = Grpc.newChannelBuilder("127.0.0.1:" + server.port(), InsecureChannelCredentials.create()).build();
      try {
        Metadata auth = new Metadata();
        auth.put(BearerTokenInterceptor.AUTHORIZATION, "Bearer s3cret");
        var r = SymdexServiceGrpc.newBlockingStub(ch).withDeadlineAfter(20, TimeUnit.SECONDS)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth))
            .findDefinitions(FindDefinitionsRequest.newBuilder().setName("hello").build());
        assertEquals("function", r.getResults(0).getKind());
      } finally {
        ch.shutdownNow();
      }
    }
  }

  @Test
  void item16_tcpWithoutATokenIsRefusedEvenOnLoopback() throws Exception {
    try (EngineBackend backend = new EngineBackend(root, data.resolve("index"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SymdexGrpcServer.listen(ListenAddress.parse("tcp:127.0.0.1:0"), backend));
      assertTrue(e.getMessage().contains("token"), e.getMessage());
    }
  }

  @Test
  void item15_aSocketSomethingAnswersOnIsNeverTakenOver() throws Exception {
    Files.writeString(root.resolve("A.java"), "class Foo { void bar() {} }\n");
    Path sock = data.resolve("s.sock");
    try (EngineBackend backend = new EngineBackend(root, data.resolve("index"));
        SymdexGrpcServer first = SymdexGrpcServer.listen(new ListenAddress.Unix(sock), backend).start()) {
      IOException e = assertThrows(IOException.class, () -> SymdexGrpcServer.listen(new ListenAddress.Unix(sock), backend));
      assertTrue(e.getMessage().contains("answers on " + sock), e.getMessage());
      ManagedChannel ch = Grpc.newChannelBuilder("unix://" + sock, InsecureChannelCredentials.create()).build();
      try {
        assertEquals(1, SymdexServiceGrpc.newBlockingStub(ch).withDeadlineAfter(20, TimeUnit.SECONDS)
            .findDefinitions(FindDefinitionsRequest.newBuilder().setName("bar").build()).getResultsCount(), "the first still answers");
      } finally {
        ch.shutdownNow();
      }
    }
  }

  @Test
  void addressesParseAndNonLoopbackIsRefused() {
    assertEquals(new ListenAddress.Tcp("127.0.0.1", 7000), ListenAddress.parse("tcp:127.0.0.1:7000"));
    assertTrue(ListenAddress.parse("unix:/tmp/x.sock") instanceof ListenAddress.Unix);
    assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("tcp:8.8.8.8:80"));
    assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("tcp:127.0.0.1:99999"));
    assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("http://localhost"));
  }
}
