package dev.symdex.engine.tools;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.Import;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.resolve.ImportResolver;
import dev.symdex.engine.resolve.ImportTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every import of an index, resolved afresh against the tree ({@code symdex index --imports-tsv}),
 * one row per target the resolver answers ({@link ImportResolver#resolve}: one per imported path):
 *
 * <pre>
 * path    line    language    import    status    targets
 * </pre>
 *
 * <ul>
 *   <li>{@code path}: the importing file, relative to the root, {@code /}-separated;
 *   <li>{@code line}: 1-based line of the import;
 *   <li>{@code language}: the file's language id ({@link Language#id()});
 *   <li>{@code import}: the import as extracted ({@link Import#text()}: the imported name or the
 *       whole statement, as the language's query takes it), each tab replaced by a space;
 *   <li>{@code status}: {@code resolved}, {@code external} or {@code unresolved} ({@link
 *       ImportTarget.Status} in lower case);
 *   <li>{@code targets}: the repo files it resolves to, {@code ;}-separated; empty unless resolved.
 * </ul>
 *
 * Files whose facts are in the index, by path (string order), then imports in the file's order.
 * The resolution is {@link ImportResolver}'s over the root and every file of the index, not the
 * stored import graph ({@link ImportGraphTsv}). Format: see the package documentation.
 */
public final class ImportsTsv {
  private ImportsTsv() {}

  /** Writes every import of {@code snapshot}, resolved against the tree at {@code root}, to {@code out}, replacing it. */
  public static void write(IndexSnapshot snapshot, Path root, Path out) throws IOException, SymdexException {
    List<String> paths = new ArrayList<>();
    Map<String, Language> indexed = new TreeMap<>();
    snapshot.forEachFile((path, state) -> {
      paths.add(path);
      if (state.status().isIndexed()) {
        indexed.put(path, state.language().orElseThrow());
      }
      return true;
    });
    ImportResolver resolver = new ImportResolver(root, paths);
    TsvFile.write(out, w -> {
      for (Map.Entry<String, Language> e : indexed.entrySet()) {
        for (Import imp : snapshot.facts(e.getKey()).orElseThrow().imports()) {
          for (ImportTarget t : resolver.resolve(e.getKey(), e.getValue(), imp, snapshot.definitionsByName())) {
            w.write(e.getKey() + "\t" + imp.line() + "\t" + e.getValue().id() + "\t" + imp.text().replace('\t', ' ')
                + "\t" + t.status().name().toLowerCase(Locale.ROOT) + "\t" + String.join(";", t.paths()) + "\n");
          }
        }
      }
    });
  }
}
