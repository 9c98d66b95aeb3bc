package dev.symdex.engine.tools;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.Definition;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Every definition of an index ({@code symdex index --defs-tsv}), one row each:
 *
 * <pre>
 * path    line    kind    name
 * </pre>
 *
 * <ul>
 *   <li>{@code path}: the file, relative to the root, {@code /}-separated;
 *   <li>{@code line}: 1-based line of the definition's name;
 *   <li>{@code kind}: the kind's label ({@code class}, {@code method}, ...: {@link
 *       dev.symdex.engine.model.DefinitionKind#label()});
 *   <li>{@code name}: the name as written.
 * </ul>
 *
 * Files by path (in {@link IndexSnapshot#forEachFile} order), then definitions in the file's
 * order; only files whose facts are in the index. Format: see the package documentation.
 */
public final class DefinitionsTsv {
  private DefinitionsTsv() {}

  /** Writes every definition of {@code snapshot} to {@code out}, replacing it. */
  public static void write(IndexSnapshot snapshot, Path out) throws IOException, SymdexException {
    TsvFile.write(out, w -> SnapshotFiles.forEach(snapshot, (path, state) -> {
      if (!state.status().isIndexed()) {
        return;
      }
      for (Definition d : snapshot.facts(path).orElseThrow().definitions()) {
        w.write(path + "\t" + d.line() + "\t" + d.kind().label() + "\t" + d.name() + "\n");
      }
    }));
  }
}
