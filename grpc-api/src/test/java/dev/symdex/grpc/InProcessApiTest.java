package dev.symdex.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.symdex.proto.v1.CallersRequest;
import dev.symdex.proto.v1.CallersResponse;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.FindDefinitionsResponse;
import dev.symdex.proto.v1.MatchMode;
import dev.symdex.proto.v1.StatusRequest;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import io.grpc.Context;
import io.grpc.ForwardingServerCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract in-process; and what the server did with a call its client gave up on, seen by an
 * interceptor: the query stopped (CANCELLED from the engine) instead of answering.
 */
class InProcessApiTest extends ApiContractTest {
  private final String name = InProcessServerBuilder.generateName();
  /** What the server sent for each call, in order: "message" or the closing status. */
  private final BlockingQueue<String> outcomes = new LinkedBlockingQueue<>();

  @Override
  SymdexGrpcServer serve(IndexBackend backend) throws Exception {
    InProcessServerBuilder b = InProcessServerBuilder.forName(name);
    b.intercept(new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void sendMessage(A message) {
            outcomes.add("message");
            super.sendMessage(message);
          }

          @Override
          public void close(Status status, Metadata trailers) {
            outcomes.add(status.getCode() + " " + status.getDescription());
            super.close(status, trailers);
          }
        }, headers);
      }
    });
    return SymdexGrpcServer.create(b, backend).start();
  }

  @Override
  ManagedChannel connect() {
    return InProcessChannelBuilder.forName(name).build();
  }

  @Test
  void aCancelledCallStopsItsQuery() throws Exception {
    stub.status(StatusRequest.getDefaultInstance());
    assertEquals("message", outcomes.poll(10, TimeUnit.SECONDS));
    assertEquals("OK null", outcomes.poll(10, TimeUnit.SECONDS));
    backend.arm();
    Context.CancellableContext ctx = Context.current().withCancellation();
    ctx.run(() -> SymdexServiceGrpc.newStub(channel).callers(CallersRequest.newBuilder().setName("d").setDepth(5).build(),
        new StreamObserver<CallersResponse>() {
          @Override
          public void onNext(CallersResponse value) {}

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        }));
    backend.awaitEntered();
    ctx.cancel(null);
    assertEquals("CANCELLED the query was cancelled", outcomes.poll(30, TimeUnit.SECONDS), "the engine saw the cancellation and stopped");
  }

  @Test
  void aCallPastItsDeadlineStopsItsQuery() throws Exception {
    aCallPastItsDeadlineFailsAndTheServerKeepsServing();
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      seen.add(outcomes.poll(30, TimeUnit.SECONDS));
    }
    seen.sort(null);
    assertEquals(List.of("DEADLINE_EXCEEDED the query was cancelled: its deadline passed", "OK null", "message"), seen,
        "the expired call's query stopped (DEADLINE_EXCEEDED), and the next call answered (message, OK), in either order");
  }

  @Test
  void aCancelledFuzzyScanStopsToo() throws Exception {
    backend.arm();
    Context.CancellableContext ctx = Context.current().withCancellation();
    ctx.run(() -> SymdexServiceGrpc.newStub(channel).findDefinitions(
        FindDefinitionsRequest.newBuilder().setName("s").setMatch(MatchMode.MATCH_MODE_FUZZY).build(), new StreamObserver<>() {
          @Override
          public void onNext(FindDefinitionsResponse value) {}

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        }));
    backend.awaitEntered();
    ctx.cancel(null);
    assertEquals("CANCELLED the query was cancelled", outcomes.poll(30, TimeUnit.SECONDS));
  }
}
