package dev.symdex.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Refuses calls that do not carry {@code authorization: Bearer <token>} with UNAUTHENTICATED. The
 * comparison is constant-time (both sides are hashed to equal length first, then compared with
 * {@link MessageDigest#isEqual}). The refusal never says what was expected. Thread-safe.
 */
final class BearerTokenInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String PREFIX = "Bearer ";

  private final byte[] expected;

  BearerTokenInterceptor(String token) {
    this.expected = sha256(token);
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    String auth = headers.get(AUTHORIZATION);
    boolean ok = auth != null && auth.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        && MessageDigest.isEqual(expected, sha256(auth.substring(PREFIX.length()).strip()));
    if (!ok) {
      call.close(Statuses.unauthenticated(auth == null
          ? "this address needs 'authorization: Bearer <token>' (the daemon's token file)"
          : "wrong bearer token"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
