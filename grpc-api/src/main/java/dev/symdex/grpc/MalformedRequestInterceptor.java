package dev.symdex.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;

/**
 * Answers a request whose bytes do not decode with INVALID_ARGUMENT. gRPC itself decodes before
 * any interceptor sees the message and reports a failure as UNKNOWN ("Application error"); so
 * {@link #wrap} makes the service take its messages undecoded (a pass-through of the wire stream,
 * no copy) and this interceptor decodes them where a failure can be answered. Thread-safe.
 */
final class MalformedRequestInterceptor implements ServerInterceptor {
  /** Hands the stream on untouched (both ways): the original method's marshaller does the work. */
  private static final MethodDescriptor.Marshaller<InputStream> PASS_THROUGH = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    @Override
    public InputStream parse(InputStream stream) {
      return stream;
    }
  };

  /** {@code service} taking and giving undecoded streams, with this interceptor in front of its decoding. */
  static ServerServiceDefinition wrap(ServerServiceDefinition service) {
    return ServerInterceptors.intercept(ServerInterceptors.useMarshalledMessages(service, PASS_THROUGH, PASS_THROUGH),
        new MalformedRequestInterceptor());
  }

  private MalformedRequestInterceptor() {}

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      private boolean refused;

      @Override
      public void onMessage(Q message) {
        if (refused) {
          return;
        }
        try {
          super.onMessage(message); // decodes, then hands the request to the handler
        } catch (StatusRuntimeException e) {
          refused = true;
          call.close(Statuses.refusedRequest("malformed request: not a "
              + call.getMethodDescriptor().getBareMethodName() + " request message"), new Metadata());
        }
      }

      @Override
      public void onHalfClose() {
        if (!refused) {
          super.onHalfClose();
        }
      }

      @Override
      public void onReady() {
        if (!refused) {
          super.onReady();
        }
      }
    };
  }
}
