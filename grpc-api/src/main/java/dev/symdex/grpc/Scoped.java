package dev.symdex.grpc;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.query.Delta;
import dev.symdex.engine.query.Searcher;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.SubscribeResponse;
import java.util.List;
import java.util.function.Predicate;

/**
 * The first rows of a query narrowed to a sub-project (a request's {@code scope}): the engine is
 * asked for more rows until enough of them are in scope, or it has no more. The engine's answer is
 * the same whatever the scope (imports and calls stay resolved across sub-projects); only rows
 * out of scope are left out.
 */
final class Scoped {
  /** How much more the engine is asked for each time the rows in scope fall short. */
  static final int GROWTH = 4;
  /** The most rows the engine is asked for; past it, the answer says there may be more. */
  static final int MAX_ASK = 1 << 22;

  private Scoped() {}

  /** A query's first rows for a limit, whether more exist, and whether rows were left out for good. */
  record Rows<R>(List<R> rows, boolean more, boolean capped) {}

  /** A query asked for its first {@code n} rows. */
  @FunctionalInterface
  interface Query<R> {
    Rows<R> first(int n) throws SymdexException;
  }

  /** The first {@code end} rows of {@code query} that {@code keep} accepts, and whether more exist. */
  static <R> Rows<R> first(Query<R> query, int end, Predicate<R> keep) throws SymdexException {
    long ask = Math.max(1, (long) end + 1);
    while (true) {
      Rows<R> found = query.first((int) Math.min(ask, MAX_ASK));
      List<R> kept = found.rows().stream().filter(keep).toList();
      if (kept.size() > end) {
        return new Rows<>(kept.subList(0, end), true, found.capped());
      }
      if (!found.more() || ask >= MAX_ASK) {
        return new Rows<>(kept, found.more(), found.capped());
      }
      ask *= GROWTH;
    }
  }

  /** Whether a result row is in scope: its file is. */
  static boolean result(Result row, Predicate<String> within) {
    return within.test(row.getPath());
  }

  /**
   * What changed since {@code since} in the files {@code within} accepts, at most {@code end}
   * files and {@code end} definitions (truncated when either list has more).
   */
  static Delta delta(Searcher s, String since, int end, Predicate<String> within) throws SymdexException {
    long ask = Math.max(1, (long) end + 1);
    while (true) {
      Delta d = s.delta(since, (int) Math.min(ask, MAX_ASK));
      List<Delta.FileDelta> files = d.files().stream().filter(f -> within.test(f.path())).toList();
      List<Delta.DefinitionDelta> defs = d.definitions().stream().filter(x -> within.test(x.path())).toList();
      boolean over = files.size() > end || defs.size() > end;
      if (over || !d.truncated() || ask >= MAX_ASK) {
        return new Delta(d.since(), d.sinceCommit(), d.head(), d.generation(), files.subList(0, Math.min(end, files.size())),
            defs.subList(0, Math.min(end, defs.size())), over || d.truncated());
      }
      ask *= GROWTH;
    }
  }

  /** {@code change} listing only the files {@code within} accepts. */
  static SubscribeResponse change(SubscribeResponse change, Predicate<String> within) {
    if (change.getFilesList().stream().allMatch(f -> within.test(f.getPath()))) {
      return change;
    }
    return change.toBuilder().clearFiles().addAllFiles(change.getFilesList().stream().filter(f -> within.test(f.getPath())).toList())
        .build();
  }
}
