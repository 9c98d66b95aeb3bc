package dev.symdex.engine.query;

import dev.symdex.engine.Quote;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsView;
import dev.symdex.engine.codec.Keys;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.index.IndexSnapshot.Postings;
import dev.symdex.engine.model.FileState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The name lookups of one snapshot: definitions, references, call sites and callees of a name,
 * and the outline of a file. Each reads the name's postings, then the facts of each file listed,
 * in path order, stopping once past the limit. A pure function of the snapshot; not thread-safe.
 */
final class SymbolQueries {
  /** Adds the hits of one file, given the string-table index of the queried name in it. */
  private interface FileQuery {
    void collect(String path, FactsView facts, int nameIndex, List<Hit> out) throws SymdexException.CorruptIndex;
  }

  private final IndexSnapshot snapshot;

  SymbolQueries(IndexSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  /** Definitions named exactly {@code name}. */
  QueryResult definitions(String name, int limit) throws SymdexException {
    return run(Postings.DEFINITIONS, name, limit, (path, facts, id, out) -> {
      String lang = facts.language().id();
      facts.definitions(id, (i, nm, kind, vis, container, line, col, end) ->
          out.add(new Hit(path, line, col, end, name, kind.label(), facts.container(container), lang, vis.label())));
    });
  }

  /** Uses of {@code name} that are not definitions of it. */
  QueryResult references(String name, int limit) throws SymdexException {
    return run(Postings.REFERENCES, name, limit, (path, facts, id, out) -> {
      String lang = facts.language().id();
      facts.references(id, (kind, line, col) -> out.add(new Hit(path, line, col, line, name, kind.label(), "", lang)));
    });
  }

  /** Call sites of {@code name}; each hit names the calling definition (or {@code <file>}). */
  QueryResult callers(String name, int limit) throws SymdexException {
    return run(Postings.CALLS, name, limit, (path, facts, id, out) -> {
      String lang = facts.language().id();
      List<int[]> sites = new ArrayList<>();
      facts.calls((callee, receiver, line, col, caller) -> {
        if (callee == id) {
          sites.add(new int[] {line, col, caller});
        }
      });
      for (int[] site : sites) {
        if (site[2] < 0) {
          out.add(new Hit(path, site[0], site[1], site[0], "<file>", "file", "", lang));
        } else {
          facts.definition(site[2], (i, nm, kind, vis, container, line, col, end) ->
              out.add(new Hit(path, site[0], site[1], site[0], facts.string(nm), kind.label(), facts.container(container), lang)));
        }
      }
    });
  }

  /** Calls made inside definitions named {@code name}; each hit names the callee. */
  QueryResult callees(String name, int limit) throws SymdexException {
    return run(Postings.DEFINITIONS, name, limit, (path, facts, id, out) -> {
      String lang = facts.language().id();
      Map<Integer, String> callers = new HashMap<>();
      facts.definitions(id, (i, nm, kind, vis, container, line, col, end) -> {
        String c = facts.container(container);
        callers.put(i, c.isEmpty() ? name : c + "." + name);
      });
      facts.calls((callee, receiver, line, col, caller) -> {
        String qualified = callers.get(caller);
        if (qualified != null) {
          out.add(new Hit(path, line, col, line, facts.string(callee), "call", qualified, lang));
        }
      });
    });
  }

  /**
   * The definitions of one file in source order (line, then column), each with its kind,
   * container, span and visibility; empty for a file that is in the index but not parsed (binary,
   * unsupported language, ...).
   *
   * @throws SymdexException.NotFound when the index has no such file
   */
  List<Hit> outline(String path) throws SymdexException {
    Optional<FileState> state = snapshot.file(path);
    if (state.isEmpty()) {
      throw new SymdexException.NotFound("no file " + Quote.of(path) + " in the index");
    }
    Optional<FactsView> view = snapshot.indexedFacts(state.get());
    if (view.isEmpty()) {
      return List.of();
    }
    FactsView facts = view.get();
    String lang = facts.language().id();
    List<Hit> out = new ArrayList<>();
    facts.definitions(-1, (i, nm, kind, vis, container, line, col, end) ->
        out.add(new Hit(path, line, col, end, facts.string(nm), kind.label(), facts.container(container), lang, vis.label())));
    out.sort(Comparator.comparingInt(Hit::line).thenComparingInt(Hit::column));
    return out;
  }

  private QueryResult run(Postings postings, String name, int limit, FileQuery query) throws SymdexException {
    if (name == null || name.isEmpty()) {
      throw new SymdexException.InvalidQuery("name is empty");
    }
    if (limit < 1) {
      throw new SymdexException.InvalidQuery("limit must be positive, was " + limit);
    }
    Optional<byte[]> key = Keys.name(name);
    if (key.isEmpty()) {
      return new QueryResult(List.of(), false);
    }
    byte[] nameBytes = key.get();
    List<String> paths = snapshot.filesWith(postings, nameBytes);
    Collections.sort(paths);
    List<Hit> hits = new ArrayList<>();
    for (String path : paths) {
      snapshot.checkCancelled();
      Optional<FileState> state = snapshot.file(path);
      if (state.isEmpty()) {
        continue;
      }
      Optional<FactsView> facts = snapshot.indexedFacts(state.get());
      if (facts.isEmpty()) {
        continue;
      }
      int id = facts.get().find(nameBytes);
      if (id >= 0) {
        query.collect(path, facts.get(), id, hits);
      }
      if (hits.size() > limit) {
        return new QueryResult(hits.subList(0, limit), true);
      }
    }
    return new QueryResult(hits, false);
  }
}
