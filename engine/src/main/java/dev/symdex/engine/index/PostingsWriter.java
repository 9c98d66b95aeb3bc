package dev.symdex.engine.index;

import dev.symdex.engine.codec.Keys;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.store.WriteTxn;
import java.util.Set;

/**
 * Keeps the tables keyed by file id and by name in step with the files table: the file ids
 * ({@code fileids}), the name postings ({@code defs}, {@code refs}, {@code calls}: name → ids of
 * the files that define, reference or call it), and what the import graph must hear of ({@link
 * ImportEdges}: files added, removed or changed, and definitions gained or lost).
 *
 * <p>Writer-only (one instance per apply, across its checkpoints); not thread-safe.
 */
final class PostingsWriter {
  private final ImportEdges edges;

  PostingsWriter(ImportEdges edges) {
    this.edges = edges;
  }

  /** The import graph this writer reports to. */
  ImportEdges edges() {
    return edges;
  }

  /**
   * Gives {@code path} (files-table key {@code key}), new to the index, the id {@code fileId}.
   * Called before its row is written to the files table.
   */
  void added(WriteTxn w, String path, byte[] key, int fileId) {
    w.put(Table.FILE_IDS, Keys.fileId(fileId), key);
    edges.adding(w, path, fileId);
  }

  /** Frees the id of {@code path}, whose row was just deleted from the files table. */
  void removed(WriteTxn w, String path, int fileId) {
    w.delete(Table.FILE_IDS, Keys.fileId(fileId));
    edges.removed(w, path, fileId);
  }

  /** The content or status of {@code path}, a file already indexed, changed: its imports are resolved again. */
  void contentChanged(String path, int fileId) {
    edges.changed(path, fileId);
  }

  /** Moves the postings of file {@code fileId} from the names of {@code before} to those of {@code after} (null: none). */
  void update(WriteTxn w, String path, int fileId, FileFacts before, FileFacts after) {
    byte[] id = Keys.fileId(fileId);
    Set<String> defsBefore = before == null ? Set.of() : before.definitionNames();
    Set<String> defsAfter = after == null ? Set.of() : after.definitionNames();
    diff(w, Table.DEFS, id, defsBefore, defsAfter);
    for (String n : defsBefore) {
      if (!defsAfter.contains(n)) {
        edges.definitionChanged(path, n);
      }
    }
    for (String n : defsAfter) {
      if (!defsBefore.contains(n)) {
        edges.definitionChanged(path, n);
      }
    }
    diff(w, Table.REFS, id, before == null ? Set.of() : before.referenceNames(), after == null ? Set.of() : after.referenceNames());
    diff(w, Table.CALLS, id, before == null ? Set.of() : before.calleeNames(), after == null ? Set.of() : after.calleeNames());
  }

  private static void diff(WriteTxn w, Table table, byte[] id, Set<String> before, Set<String> after) {
    for (String n : before) {
      if (!after.contains(n)) {
        Keys.name(n).ifPresent(k -> w.delete(table, k, id));
      }
    }
    for (String n : after) {
      if (!before.contains(n)) {
        Keys.name(n).ifPresent(k -> w.put(table, k, id));
      }
    }
  }
}
