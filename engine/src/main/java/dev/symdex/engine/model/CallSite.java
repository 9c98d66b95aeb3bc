package dev.symdex.engine.model;

import java.util.Objects;

/**
 * A call in one file.
 *
 * @param callee called name as written (method, function or constructed class), non-empty
 * @param receiver text of the receiver expression ({@code "new Foo()"}, {@code "self"}), empty when
 *     there is none, never null; cut to a bounded length
 * @param line 1-based line of the callee name
 * @param column 1-based column of the callee name, in UTF-16 code units
 * @param caller index into the file's definitions of the enclosing definition that makes the call,
 *     or -1 for code at file level
 */
public record CallSite(String callee, String receiver, int line, int column, int caller) {
  public CallSite {
    Objects.requireNonNull(receiver, "receiver");
    if (callee == null || callee.isEmpty()) {
      throw new IllegalArgumentException("callee is empty");
    }
    if (line < 1 || column < 1 || caller < -1) {
      throw new IllegalArgumentException("bad call site " + line + ":" + column + " caller " + caller);
    }
  }
}
