package dev.symdex.engine.tools;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.query.ImportGraph;
import dev.symdex.engine.query.Searcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored import graph of an index, forward ({@code symdex index --graph-tsv}), one row per
 * file that imports some repo file:
 *
 * <pre>
 * path    targets
 * </pre>
 *
 * <ul>
 *   <li>{@code path}: the importing file, relative to the root, {@code /}-separated;
 *   <li>{@code targets}: the repo files its imports resolve to (itself excluded), sorted, {@code
 *       ;}-separated, never empty ({@link ImportGraph#imported}).
 * </ul>
 *
 * Files by path (in {@link IndexSnapshot#forEachFile} order). Format: see the package documentation.
 */
public final class ImportGraphTsv {
  private ImportGraphTsv() {}

  /** Writes the import graph stored in {@code searcher}'s snapshot to {@code out}, replacing it. */
  public static void write(Searcher searcher, Path out) throws IOException, SymdexException {
    IndexSnapshot snapshot = searcher.snapshot();
    ImportGraph graph = searcher.importGraph();
    List<String> paths = new ArrayList<>();
    snapshot.forEachFile((path, state) -> paths.add(path));
    TsvFile.write(out, w -> {
      for (String p : paths) {
        List<String> targets = graph.imported(p);
        if (!targets.isEmpty()) {
          w.write(p + "\t" + String.join(";", targets) + "\n");
        }
      }
    });
  }
}
