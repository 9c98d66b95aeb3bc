package dev.symdex.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.symdex.proto.v1.FindReferencesRequest;
import dev.symdex.proto.v1.FindReferencesResponse;
import dev.symdex.proto.v1.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AnswerCache}: answers kept for one generation per project, bounded, pending_changes stamped anew. */
class AnswerCacheTest {
  @TempDir Path root;
  @TempDir Path data;
  EngineBackend one;
  EngineBackend two;

  @BeforeEach
  void open() throws Exception {
    Files.writeString(root.resolve("A.java"), "class A {}\n");
    one = new EngineBackend(root, data.resolve("one"));
    two = new EngineBackend(root, data.resolve("two"));
  }

  @AfterEach
  void close() {
    one.close();
    two.close();
  }

  static FindReferencesRequest refs(String name) {
    return FindReferencesRequest.newBuilder().setName(name).build();
  }

  static FindReferencesResponse answer(long generation, int rows, long pending) {
    FindReferencesResponse.Builder b = FindReferencesResponse.newBuilder().setGeneration(generation).setPendingChanges(pending);
    for (int i = 0; i < rows; i++) {
      b.addResults(Result.newBuilder().setPath("src/File" + i + ".java").setLine(i + 1).setName("x"));
    }
    return b.build();
  }

  @Test
  void anAnswerIsReturnedForAnEqualRequestAtItsGenerationOnly() {
    AnswerCache cache = new AnswerCache(1 << 20);
    FindReferencesResponse a = answer(3, 2, 0);
    cache.put(one, 3, refs("x"), a);
    assertSame(a, cache.get(one, 3, refs("x"), 0), "an equal request (another instance) finds it");
    assertNull(cache.get(one, 3, refs("y"), 0));
    assertNull(cache.get(one, 3, refs("x").toBuilder().setLimit(5).build(), 0), "every field counts");
    assertNull(cache.get(two, 3, refs("x"), 0), "another project has its own answers");
    assertNull(cache.get(one, 2, refs("x"), 0), "never at another generation");
    assertSame(a, cache.get(one, 3, refs("x"), 0), "an older lookup drops nothing");
    assertNull(cache.get(one, 4, refs("x"), 0), "a newer generation");
    assertNull(cache.get(one, 3, refs("x"), 0), "once the project moved on, its older answers are gone");
    cache.put(one, 3, refs("x"), a);
    assertNull(cache.get(one, 3, refs("x"), 0), "an answer made at an older generation is not kept");
    assertEquals(2, cache.hits());
  }

  @Test
  void pendingChangesAreStampedAnewOnEachHit() {
    AnswerCache cache = new AnswerCache(1 << 20);
    cache.put(one, 1, refs("x"), answer(1, 2, 0));
    FindReferencesResponse hit = cache.get(one, 1, refs("x"), 7);
    assertEquals(7, hit.getPendingChanges());
    assertEquals(answer(1, 2, 7), hit);
    assertEquals(0, ((FindReferencesResponse) cache.get(one, 1, refs("x"), 0)).getPendingChanges());
  }

  @Test
  void theBoundHoldsAndZeroKeepsNothing() {
    FindReferencesResponse a = answer(1, 20, 0);
    long size = (long) a.getSerializedSize() + refs("n10").getSerializedSize();
    AnswerCache cache = new AnswerCache(size * 20);
    for (int i = 0; i < 21; i++) {
      cache.put(one, 1, refs("n" + (10 + i)), a);
    }
    int kept = 0;
    for (int i = 0; i < 21; i++) {
      kept += cache.get(one, 1, refs("n" + (10 + i)), 0) == null ? 0 : 1;
    }
    assertEquals(1, kept, "passing the bound emptied the project's answers before keeping the last");
    assertSame(a, cache.get(one, 1, refs("n30"), 0));

    AnswerCache small = new AnswerCache(size * 15);
    small.put(one, 1, refs("big"), a);
    assertNull(small.get(one, 1, refs("big"), 0), "an answer over a sixteenth of the bound is not kept");

    AnswerCache off = new AnswerCache(0);
    off.put(one, 1, refs("x"), a);
    assertNull(off.get(one, 1, refs("x"), 0));
  }
}
