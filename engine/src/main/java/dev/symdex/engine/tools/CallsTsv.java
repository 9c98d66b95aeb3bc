package dev.symdex.engine.tools;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.query.CallGraph;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.model.CallSite;
import dev.symdex.engine.resolve.CallTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every call site of an index with the definitions it may reach ({@code symdex index
 * --calls-tsv}), one row each:
 *
 * <pre>
 * path    line    column    callee    receiver    targets    by_name    tier
 * </pre>
 *
 * <ul>
 *   <li>{@code path}: the calling file, relative to the root, {@code /}-separated;
 *   <li>{@code line}, {@code column}: 1-based position of the callee's name (column in UTF-16 code
 *       units);
 *   <li>{@code callee}: the called name as written;
 *   <li>{@code receiver}: the receiver expression's text, each tab replaced by a space; empty for none;
 *   <li>{@code targets}: the definitions it may reach as the index resolves it ({@link
 *       CallGraph#calls}), each {@code path:line}, {@code ;}-separated; empty for none;
 *   <li>{@code by_name}: the same resolved by name alone ({@link CallGraph#callsByName});
 *   <li>{@code tier}: the first target's {@link CallTarget#tier()}, empty when there is none.
 * </ul>
 *
 * Files whose facts are in the index, by path (in {@link IndexSnapshot#forEachFile} order), then
 * calls in source order. Format: see the package documentation.
 */
public final class CallsTsv {
  private CallsTsv() {}

  /** Writes every call site of {@code searcher}'s snapshot, resolved by its call graph, to {@code out}, replacing it. */
  public static void write(Searcher searcher, Path out) throws IOException, SymdexException {
    IndexSnapshot snapshot = searcher.snapshot();
    CallGraph graph = searcher.callGraph();
    List<String> paths = new ArrayList<>();
    snapshot.forEachFile((path, state) -> {
      if (state.status().isIndexed()) {
        paths.add(path);
      }
      return true;
    });
    TsvFile.write(out, w -> {
      for (String p : paths) {
        List<CallGraph.Site> typed = graph.calls(p);
        List<CallGraph.Site> byName = graph.callsByName(p);
        for (int i = 0; i < typed.size(); i++) {
          CallSite c = typed.get(i).call();
          List<CallTarget> targets = typed.get(i).targets();
          w.write(p + "\t" + c.line() + "\t" + c.column() + "\t" + c.callee() + "\t" + c.receiver().replace('\t', ' ') + "\t"
              + locations(targets) + "\t" + locations(byName.get(i).targets()) + "\t"
              + (targets.isEmpty() ? "" : targets.getFirst().tier()) + "\n");
        }
      }
    });
  }

  /** {@code path:line} of each target, {@code ;}-separated. */
  private static String locations(List<CallTarget> targets) {
    return String.join(";", targets.stream().map(t -> t.path() + ":" + t.line()).toList());
  }
}
