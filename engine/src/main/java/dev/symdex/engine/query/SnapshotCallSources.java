package dev.symdex.engine.query;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsView;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.resolve.CallSources;
import java.util.List;
import java.util.Optional;

/** What call resolution reads, from one snapshot (its stored import graph included). */
record SnapshotCallSources(IndexSnapshot snapshot) implements CallSources {
  @Override
  public List<String> filesDefining(String name) throws SymdexException.CorruptIndex {
    return snapshot.filesDefining(name);
  }

  @Override
  public Optional<FactsView> factsView(String path) throws SymdexException.CorruptIndex {
    return snapshot.factsView(path);
  }

  @Override
  public List<String> importedBy(String path) throws SymdexException.CorruptIndex {
    return snapshot.importedBy(path);
  }
}
