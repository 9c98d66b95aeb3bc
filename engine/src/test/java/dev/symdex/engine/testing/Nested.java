package dev.symdex.engine.testing;

import java.nio.charset.StandardCharsets;

/** Hostile Java sources for tests of nesting (issue 11): deep and wide. */
public final class Nested {
  private Nested() {}

  /** {@code class C0 { class C1 { ... { void leaf() { leaf(); } } ... } }}, {@code depth} classes deep. */
  public static byte[] deepJava(int depth) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      b.append("class C").append(i).append(" {\n");
    }
    b.append("void leaf() { leaf(); }\n");
    b.append("}\n".repeat(depth));
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code class W { class C0 { void m0() { m0(); } } ... }}: {@code width} siblings. */
  public static byte[] wideJava(int width) {
    StringBuilder b = new StringBuilder("class W {\n");
    for (int i = 0; i < width; i++) {
      b.append("  class C").append(i).append(" { void m").append(i).append("() { m").append(i).append("(); } }\n");
    }
    return b.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
  }
}
