package dev.symdex.grpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.symdex.engine.SymdexException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Page tokens: where the next page of a list answer starts. A token is base64url of a version
 * byte, the generation it was made at, a fingerprint of the request it belongs to (every field but
 * {@code page_token}, {@code limit} and {@code sync}) and the number of rows already returned.
 * Answers are deterministic at one generation, so the next page is the same query's rows from
 * that offset; at any other generation the token is refused ({@link SymdexException.Stale}: start
 * again), and a token of another request or that is not a token is {@link
 * SymdexException.InvalidQuery}. Paging reaches the first {@value #MAX_ROWS} rows of an answer;
 * past them an answer stays truncated without a next token (narrow the query). Immutable.
 */
final class PageToken {
  static final int MAX_ROWS = 100_000;
  private static final byte VERSION = 1;
  private static final int BYTES = 1 + 8 + 8 + 4;

  /** One page of rows, whether rows follow it, and the token of the next page ("" for none). */
  record Page<R>(List<R> rows, boolean truncated, String nextToken) {}

  /**
   * Where a request's page starts.
   *
   * @param generation the generation the token was made at; -1 for the first page
   * @param request the request (its fingerprint goes into the next page's token; computed only
   *     when a next token is made, a first page that fits pays nothing for it)
   * @param offset rows already returned by earlier pages
   */
  record Cursor(long generation, Message request, int offset) {
    /** Refuses a token made at another generation than the answer's. */
    void checkGeneration(long now) throws SymdexException.Stale {
      if (generation >= 0 && generation != now) {
        throw new SymdexException.Stale("page_token was made at generation " + generation + " and the index is at "
            + now + " now: ask again without page_token");
      }
    }

    /** How many rows the query must produce for this page: offset + limit, at most {@link #MAX_ROWS}. */
    int end(int limit) {
      return (int) Math.min((long) offset + limit, MAX_ROWS);
    }

    /**
     * This page out of the first {@link #end} rows of the answer.
     *
     * @param rows the answer's first rows (at most {@code end(limit)})
     * @param more true when the answer has rows after {@code rows}
     */
    <R> Page<R> page(List<R> rows, boolean more, int limit, long generationNow) {
      return page(rows, more, false, limit, generationNow);
    }

    /**
     * As {@link #page(List, boolean, int, long)}, for an answer that may also have left rows out
     * for good ({@code capped}: by a fan-out cap): such a page is truncated, with a next token only
     * when rows follow it.
     */
    <R> Page<R> page(List<R> rows, boolean more, boolean capped, int limit, long generationNow) {
      int from = Math.min(offset, rows.size());
      int to = Math.min(from + limit, rows.size());
      boolean follow = more || to < rows.size();
      boolean truncated = follow || capped;
      String next = follow && to < MAX_ROWS ? encode(generationNow, fingerprint(request), to) : "";
      return new Page<>(List.copyOf(rows.subList(from, to)), truncated, next);
    }
  }

  private PageToken() {}

  /** The cursor of {@code request}'s page: its {@code page_token} decoded, or the first page. */
  static Cursor decode(String token, Message request) throws SymdexException.InvalidQuery {
    if (token.isEmpty()) {
      return new Cursor(-1, request, 0);
    }
    byte[] b;
    try {
      b = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw notAToken();
    }
    if (b.length != BYTES || b[0] != VERSION) {
      throw notAToken();
    }
    ByteBuffer in = ByteBuffer.wrap(b, 1, BYTES - 1);
    long generation = in.getLong();
    long fp = in.getLong();
    int offset = in.getInt();
    if (generation < 0 || offset <= 0 || offset >= MAX_ROWS) {
      throw notAToken();
    }
    if (fp != fingerprint(request)) {
      throw new SymdexException.InvalidQuery("page_token belongs to another request: pass the same fields as the first page");
    }
    return new Cursor(generation, request, offset);
  }

  static String encode(long generation, long fingerprint, int offset) {
    ByteBuffer out = ByteBuffer.allocate(BYTES).put(VERSION).putLong(generation).putLong(fingerprint).putInt(offset);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
  }

  /** FNV-1a (64 bit) of the message type and its fields other than page_token, limit and sync. */
  static long fingerprint(Message request) {
    Message.Builder b = request.toBuilder();
    for (String name : List.of("page_token", "limit", "sync")) {
      FieldDescriptor f = request.getDescriptorForType().findFieldByName(name);
      if (f != null) {
        b.clearField(f);
      }
    }
    long h = 0xcbf29ce484222325L;
    for (byte x : (request.getDescriptorForType().getFullName() + "\0").getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (x & 0xFF)) * 0x100000001b3L;
    }
    for (byte x : b.build().toByteArray()) {
      h = (h ^ (x & 0xFF)) * 0x100000001b3L;
    }
    return h;
  }

  private static SymdexException.InvalidQuery notAToken() {
    return new SymdexException.InvalidQuery("page_token is not a token this server made: pass a next_page_token as it was given");
  }
}
