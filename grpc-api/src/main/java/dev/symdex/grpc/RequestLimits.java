package dev.symdex.grpc;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses, with INVALID_ARGUMENT, a request with a string field over {@value #MAX_STRING_BYTES}
 * bytes (UTF-8) or a repeated field of more than {@value #MAX_REPEATED} values, before any part of
 * the daemon looks at it. It applies to every field of every request message (in nested messages
 * too), read from the message's descriptor: a field added to the API later is capped without
 * anyone remembering to. The refusal names the field and its size, never its content.
 *
 * <p>Sits behind the decoding of requests ({@link MalformedRequestInterceptor}): it sees decoded
 * messages. Thread-safe.
 */
final class RequestLimits implements ServerInterceptor {
  /** Longest string a request may carry (a path is at most 4,096 bytes on Linux; names, revisions and ids are shorter). */
  static final int MAX_STRING_BYTES = 4096;
  /** Most values a repeated request field may carry. */
  static final int MAX_REPEATED = 64;

  /** The string, repeated and message fields of each request type. */
  private final Map<Descriptor, List<FieldDescriptor>> checked = new ConcurrentHashMap<>();

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      private boolean refused;

      @Override
      public void onMessage(Q message) {
        if (refused) {
          return;
        }
        String problem = message instanceof Message m ? problem(m) : null;
        if (problem != null) {
          refused = true;
          call.close(Statuses.refusedRequest(problem), new Metadata());
          return;
        }
        super.onMessage(message);
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

  /** What is over a limit in {@code m} (field name and size), or null. */
  String problem(Message m) {
    for (FieldDescriptor f : checked.computeIfAbsent(m.getDescriptorForType(), RequestLimits::fieldsToCheck)) {
      if (f.isRepeated()) {
        int n = m.getRepeatedFieldCount(f);
        if (n > MAX_REPEATED) {
          return f.getName() + " has " + n + " values: at most " + MAX_REPEATED;
        }
        for (int i = 0; i < n; i++) {
          String p = problem(f, m.getRepeatedField(f, i));
          if (p != null) {
            return p;
          }
        }
      } else if (f.getJavaType() == FieldDescriptor.JavaType.STRING || m.hasField(f)) {
        String p = problem(f, m.getField(f));
        if (p != null) {
          return p;
        }
      }
    }
    return null;
  }

  private String problem(FieldDescriptor f, Object value) {
    return switch (value) {
      case String s when s.length() > MAX_STRING_BYTES / 3 && utf8Length(s) > MAX_STRING_BYTES ->
          f.getName() + " is " + utf8Length(s) + " bytes: at most " + MAX_STRING_BYTES;
      case Message nested -> problem(nested);
      default -> null;
    };
  }

  private static List<FieldDescriptor> fieldsToCheck(Descriptor d) {
    List<FieldDescriptor> out = new ArrayList<>();
    for (FieldDescriptor f : d.getFields()) {
      if (f.isRepeated() || f.getJavaType() == FieldDescriptor.JavaType.STRING || f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        out.add(f);
      }
    }
    return List.copyOf(out);
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
