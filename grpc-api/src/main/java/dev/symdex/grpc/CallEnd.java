package dev.symdex.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.ServerCall;

/** Runs an action once a call ends, whichever way: the transport reports it complete or cancelled. */
final class CallEnd {
  private CallEnd() {}

  /** {@code listener}, forwarding everything, that runs {@code action} after its onComplete or onCancel. */
  static <Q> ServerCall.Listener<Q> then(ServerCall.Listener<Q> listener, Runnable action) {
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          action.run();
        }
      }

      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          action.run();
        }
      }
    };
  }
}
