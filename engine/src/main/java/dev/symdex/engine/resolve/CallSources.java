package dev.symdex.engine.resolve;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsView;
import java.util.List;
import java.util.Optional;

/**
 * What call resolution reads of an index: which files define a name, a file's stored facts, and
 * the repo files a file's imports resolve to. The query layer implements it over one snapshot;
 * resolution stays a pure function of it (and depends on no index).
 */
public interface CallSources {
  /** Paths of the files that define {@code name}, sorted. */
  List<String> filesDefining(String name) throws SymdexException.CorruptIndex;

  /** The stored facts of one file, read in place; empty when the file is not indexed. */
  Optional<FactsView> factsView(String path) throws SymdexException.CorruptIndex;

  /** The repo files {@code path}'s imports resolve to (itself excluded), sorted. */
  List<String> importedBy(String path) throws SymdexException.CorruptIndex;
}
