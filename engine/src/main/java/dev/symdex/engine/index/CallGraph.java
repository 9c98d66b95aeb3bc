package dev.symdex.engine.index;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.resolve.CallResolver;
import dev.symdex.engine.resolve.CallTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Calls resolved to definitions, over one snapshot: what a definition calls (with every candidate
 * target and its confidence) and who calls a given definition (only the calls that resolve to
 * it). Not thread-safe: use it from the snapshot's thread.
 */
public final class CallGraph {
  private final IndexSnapshot snapshot;
  private final CallResolver resolver;

  CallGraph(IndexSnapshot snapshot) {
    this.snapshot = snapshot;
    this.resolver = new CallResolver(snapshot, snapshot::importedBy);
  }

  /** Calls made inside definitions named {@code name}, each with the definitions it may reach. */
  public QueryResult callees(String name, int limit) throws SymdexException {
    QueryResult sites = snapshot.callees(name, Integer.MAX_VALUE);
    List<Hit> out = new ArrayList<>();
    String lastPath = null;
    FileFacts facts = null;
    for (Hit h : sites.hits()) {
      if (out.size() == limit) {
        return new QueryResult(out, true);
      }
      if (!h.path().equals(lastPath)) {
        facts = snapshot.facts(h.path()).orElse(null);
        lastPath = h.path();
      }
      List<CallTarget> targets = facts == null ? List.of() : resolver.resolve(h.path(), facts, h.name());
      out.add(new Hit(h.path(), h.line(), h.column(), h.endLine(), h.name(), h.kind(), h.container(), h.language(), "", targets, 0));
    }
    return new QueryResult(out, sites.truncated());
  }

  /**
   * Call sites of {@code name} that resolve to its definition in {@code definedIn}; each hit names
   * the calling definition and carries the confidence that the call reaches that definition.
   */
  public QueryResult callersOf(String name, String definedIn, int limit) throws SymdexException {
    if (definedIn == null || definedIn.isEmpty()) {
      throw new SymdexException.InvalidQuery("the defining file is required");
    }
    QueryResult sites = snapshot.callers(name, Integer.MAX_VALUE);
    List<Hit> out = new ArrayList<>();
    String lastPath = null;
    Optional<FileFacts> facts = Optional.empty();
    for (Hit h : sites.hits()) {
      if (!h.path().equals(lastPath)) {
        facts = snapshot.facts(h.path());
        lastPath = h.path();
      }
      if (facts.isEmpty()) {
        continue;
      }
      double confidence = 0;
      for (CallTarget t : resolver.resolve(h.path(), facts.get(), name)) {
        if (t.path().equals(definedIn)) {
          confidence += t.confidence();
        }
      }
      if (confidence > 0) {
        if (out.size() == limit) {
          return new QueryResult(out, true);
        }
        out.add(new Hit(h.path(), h.line(), h.column(), h.endLine(), h.name(), h.kind(), h.container(), h.language(), "", List.of(), confidence));
      }
    }
    return new QueryResult(out, false);
  }
}
