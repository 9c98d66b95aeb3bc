package dev.symdex.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.symdex.proto.v1.FileOutlineRequest;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** The contract over the daemon's real transport, a Unix socket; and oversize requests. */
class UnixSocketApiTest extends ApiContractTest {
  @Override
  SymdexGrpcServer serve(IndexBackend backend) throws Exception {
    return SymdexGrpcServer.listen(new ListenAddress.Unix(data.resolve("s.sock")), backend).start();
  }

  @Override
  ManagedChannel connect() {
    return Grpc.newChannelBuilder("unix://" + data.resolve("s.sock"), InsecureChannelCredentials.create()).build();
  }

  @Test
  void oversizeRequestsAreRefusedAndTheServerKeepsServing() {
    assertCode(Status.Code.RESOURCE_EXHAUSTED, () -> stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("x".repeat(2 << 20)).build()));
    assertCode(Status.Code.RESOURCE_EXHAUSTED, () -> stub.fileOutline(FileOutlineRequest.newBuilder().setPath("p/".repeat(1 << 20)).build()));
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("x".repeat(5000)).build()), "name is 5000 bytes");
    assertCode(Status.Code.INVALID_ARGUMENT, () -> stub.fileOutline(FileOutlineRequest.newBuilder().setPath("p/".repeat(5000)).build()), "path");
    assertEquals(2, stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName("getSize").build()).getResultsCount());
  }
}
