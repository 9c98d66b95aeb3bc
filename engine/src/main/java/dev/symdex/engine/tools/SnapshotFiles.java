package dev.symdex.engine.tools;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.FileState;
import java.io.IOException;

/** {@link IndexSnapshot#forEachFile} for visitors that throw: the first exception stops the walk and is rethrown. */
final class SnapshotFiles {
  private SnapshotFiles() {}

  /** Visits one file of the index. */
  @FunctionalInterface
  interface Visitor {
    void visit(String path, FileState state) throws IOException, SymdexException;
  }

  /** Visits every file of {@code snapshot} with its state, by path (see {@link IndexSnapshot#forEachFile}). */
  static void forEach(IndexSnapshot snapshot, Visitor visitor) throws IOException, SymdexException {
    Exception[] failure = new Exception[1];
    snapshot.forEachFile((path, state) -> {
      try {
        visitor.visit(path, state);
        return true;
      } catch (IOException | SymdexException e) {
        failure[0] = e;
        return false;
      }
    });
    switch (failure[0]) {
      case null -> {}
      case IOException e -> throw e;
      case SymdexException e -> throw e;
      default -> throw new IllegalStateException(failure[0]);
    }
  }
}
