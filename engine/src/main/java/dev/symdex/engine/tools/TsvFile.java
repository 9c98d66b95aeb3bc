package dev.symdex.engine.tools;

import dev.symdex.engine.SymdexException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes one TSV file whole or not at all: UTF-8 into {@code NAME.tmp} beside it, then renamed over it. */
final class TsvFile {
  private TsvFile() {}

  /** Writes every row of one file. */
  @FunctionalInterface
  interface Rows {
    void writeTo(Writer out) throws IOException, SymdexException;
  }

  /**
   * Writes {@code rows} to {@code out}, replacing any file there. When {@code rows} throws, the
   * exception propagates, {@code out} is left as it was and the temporary file may remain.
   */
  static void write(Path out, Rows rows) throws IOException, SymdexException {
    Path tmp = out.toAbsolutePath().resolveSibling(out.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      rows.writeTo(w);
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
  }
}
