package dev.symdex.engine.tools;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Language;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Every file of an index, parsed or not ({@code symdex index --files-tsv}), one row each:
 *
 * <pre>
 * path    language    status    errors
 * </pre>
 *
 * <ul>
 *   <li>{@code path}: the file, relative to the root, {@code /}-separated;
 *   <li>{@code language}: the language's id ({@link Language#id()}), or {@code -} for none;
 *   <li>{@code status}: what the index did with it, the {@link dev.symdex.engine.model.FileStatus}
 *       constant's name in lower case ({@code indexed}, {@code too_large}, ...);
 *   <li>{@code errors}: {@code 1} when its facts are in the index and its syntax tree had errors,
 *       else {@code 0}.
 * </ul>
 *
 * Files by path (in {@link IndexSnapshot#forEachFile} order). Format: see the package documentation.
 */
public final class FilesTsv {
  private FilesTsv() {}

  /** Writes every file of {@code snapshot} to {@code out}, replacing it. */
  public static void write(IndexSnapshot snapshot, Path out) throws IOException, SymdexException {
    TsvFile.write(out, w -> SnapshotFiles.forEach(snapshot, (path, state) -> {
      boolean errors = state.status().isIndexed() && snapshot.facts(path).map(FileFacts::syntaxErrors).orElse(false);
      w.write(path + "\t" + state.language().map(Language::id).orElse("-") + "\t"
          + state.status().name().toLowerCase(Locale.ROOT) + "\t" + (errors ? 1 : 0) + "\n");
    }));
  }
}
