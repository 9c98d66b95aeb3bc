package dev.symdex.grpc;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the gRPC server protects itself. Immutable.
 *
 * @param token when present, every call to the symdex service and to reflection must carry
 *     {@code authorization: Bearer <token>} (health checks stay open); required for any TCP
 *     address, loopback too (every local user can connect to it)
 * @param defaultDeadline the deadline given to unary calls that arrive without one (streaming
 *     Subscribe is exempt)
 * @param maxCalls calls in flight in the whole server (a subscription counts while it is open);
 *     beyond it new calls get RESOURCE_EXHAUSTED
 * @param maxCallsPerClient calls in flight per client (TCP: per remote address; Unix socket: per
 *     connection); beyond it that client's new calls get RESOURCE_EXHAUSTED
 * @param answerCacheBytes bound on the answers kept per generation (serialized bytes; 0: none
 *     kept), see {@link AnswerCache}
 */
public record ServerOptions(Optional<String> token, Duration defaultDeadline, int maxCalls, int maxCallsPerClient,
    long answerCacheBytes) {
  /** No token, 30 s default deadline, 256 calls in flight, 64 per client, 64 MiB of answers kept. */
  public static final ServerOptions DEFAULTS =
      new ServerOptions(Optional.empty(), Duration.ofSeconds(30), 256, 64, AnswerCache.DEFAULT_MAX_BYTES);

  public ServerOptions {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(defaultDeadline, "defaultDeadline");
    if (token.isPresent() && token.get().isBlank()) {
      throw new IllegalArgumentException("the token must not be blank");
    }
    if (defaultDeadline.isNegative() || defaultDeadline.isZero()) {
      throw new IllegalArgumentException("the default deadline must be positive");
    }
    if (maxCalls < 1 || maxCallsPerClient < 1) {
      throw new IllegalArgumentException("call limits must be at least 1");
    }
    if (answerCacheBytes < 0) {
      throw new IllegalArgumentException("the answer cache size must not be negative");
    }
  }

  public ServerOptions withToken(String t) {
    return new ServerOptions(Optional.of(t), defaultDeadline, maxCalls, maxCallsPerClient, answerCacheBytes);
  }

  public ServerOptions withDefaultDeadline(Duration d) {
    return new ServerOptions(token, d, maxCalls, maxCallsPerClient, answerCacheBytes);
  }

  public ServerOptions withLimits(int calls, int perClient) {
    return new ServerOptions(token, defaultDeadline, calls, perClient, answerCacheBytes);
  }

  public ServerOptions withAnswerCacheBytes(long bytes) {
    return new ServerOptions(token, defaultDeadline, maxCalls, maxCallsPerClient, bytes);
  }

  @Override
  public String toString() {
    return "ServerOptions[token=" + (token.isPresent() ? "<set>" : "none") + ", defaultDeadline=" + defaultDeadline
        + ", maxCalls=" + maxCalls + ", maxCallsPerClient=" + maxCallsPerClient + ", answerCacheBytes=" + answerCacheBytes + "]";
  }
}
