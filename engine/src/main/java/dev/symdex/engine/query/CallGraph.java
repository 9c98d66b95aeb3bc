package dev.symdex.engine.query;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.CallSite;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.resolve.CallResolver;
import dev.symdex.engine.resolve.CallTarget;
import dev.symdex.engine.store.UncheckedCorruptIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Calls resolved to definitions, over one snapshot: what a definition calls (with every candidate
 * target and its confidence) and who calls a given definition (only the calls that resolve to
 * it). Not thread-safe: use it from the snapshot's thread.
 */
public final class CallGraph {
  private final IndexSnapshot snapshot;
  private final SymbolQueries symbols;
  private final CallResolver resolver;

  CallGraph(IndexSnapshot snapshot, SymbolQueries symbols) {
    this.snapshot = snapshot;
    this.symbols = symbols;
    this.resolver = new CallResolver(new SnapshotCallSources(snapshot));
  }

  /** A call site of a file and the definitions it may reach (empty: none in the repo). */
  public record Site(CallSite call, List<CallTarget> targets) {
    public Site {
      targets = List.copyOf(targets);
    }
  }

  /** A row of a call walk: a hit and its distance, in calls, from the asked symbol (1: direct). */
  public record Step(Hit hit, int depth) {}

  /** A symbol of a walk: a name, and the file defining it (empty: any definition of the name). */
  private record Node(String name, String path) {}

  /**
   * Rows of a call walk in walk order.
   *
   * @param truncated the walk stopped at the limit: a larger limit lists more rows
   * @param capped a symbol had more calls than the fan-out allowed: rows were left out that no
   *     larger limit lists
   */
  public record Walk(List<Step> steps, boolean truncated, boolean capped) {
    public Walk {
      steps = List.copyOf(steps);
    }
  }

  /**
   * Callers of {@code name}, then (up to {@code depth} levels) callers of those callers, breadth
   * first; a caller already expanded is not expanded again (recursion ends). With {@code
   * definedIn}, only calls that resolve to the definition in that file count, and each caller is
   * followed as its own definition (name and file); without, by name alone. Each symbol expands
   * at most {@code maxFanOut} call sites; file-level calls are listed, not followed. See {@link
   * Walk} for truncated (the limit) and capped (the fan-out).
   *
   * @param definedIn the file defining {@code name}, or empty for every call of the name
   */
  public Walk callers(String name, String definedIn, int depth, int maxFanOut, int limit) throws SymdexException {
    checkWalk(depth, maxFanOut, limit);
    List<Step> out = new ArrayList<>();
    boolean capped = false;
    List<Node> level = List.of(new Node(name, definedIn));
    Set<Node> expanded = new HashSet<>(level);
    for (int d = 1; d <= depth && !level.isEmpty(); d++) {
      List<Node> next = new ArrayList<>();
      for (Node node : level) {
        snapshot.checkCancelled();
        QueryResult r = node.path().isEmpty() ? symbols.callers(node.name(), maxFanOut) : callersOf(node.name(), node.path(), maxFanOut);
        capped |= r.truncated();
        for (Hit h : r.hits()) {
          if (out.size() == limit) {
            return new Walk(out, true, capped);
          }
          out.add(new Step(h, d));
          Node caller = new Node(h.name(), definedIn.isEmpty() ? "" : h.path());
          if (!h.kind().equals("file") && expanded.add(caller)) {
            next.add(caller);
          }
        }
      }
      level = next;
    }
    return new Walk(out, false, capped);
  }

  /**
   * Calls made inside definitions named {@code name}, each with the definitions it may reach;
   * then (up to {@code depth} levels) the calls made inside those definitions, breadth first. Only
   * calls that resolve to at least one definition of the repo are followed, each called name once.
   * Each symbol expands at most {@code maxFanOut} calls. Truncated and capped as for {@link
   * #callers}.
   */
  public Walk callees(String name, int depth, int maxFanOut, int limit) throws SymdexException {
    checkWalk(depth, maxFanOut, limit);
    List<Step> out = new ArrayList<>();
    boolean capped = false;
    List<String> level = List.of(name);
    Set<String> expanded = new HashSet<>(level);
    for (int d = 1; d <= depth && !level.isEmpty(); d++) {
      List<String> next = new ArrayList<>();
      for (String node : level) {
        snapshot.checkCancelled();
        QueryResult r = callees(node, maxFanOut);
        capped |= r.truncated();
        for (Hit h : r.hits()) {
          if (out.size() == limit) {
            return new Walk(out, true, capped);
          }
          out.add(new Step(h, d));
          if (!h.targets().isEmpty() && expanded.add(h.name())) {
            next.add(h.name());
          }
        }
      }
      level = next;
    }
    return new Walk(out, false, capped);
  }

  private static void checkWalk(int depth, int maxFanOut, int limit) throws SymdexException.InvalidQuery {
    if (depth < 1 || maxFanOut < 1 || limit < 1) {
      throw new SymdexException.InvalidQuery("depth, fan-out and limit must be positive");
    }
  }

  /** Calls made inside definitions named {@code name}, each with the definitions it may reach. */
  public QueryResult callees(String name, int limit) throws SymdexException {
    QueryResult sites = symbols.callees(name, Integer.MAX_VALUE);
    List<Hit> out = new ArrayList<>();
    String lastPath = null;
    FileFacts facts = null;
    for (Hit h : sites.hits()) {
      if (out.size() == limit) {
        return new QueryResult(out, true);
      }
      if (!h.path().equals(lastPath)) {
        snapshot.checkCancelled();
        facts = snapshot.facts(h.path()).orElse(null);
        lastPath = h.path();
      }
      int index = facts == null ? -1 : callIndex(facts, h.line(), h.column(), h.name());
      List<CallTarget> targets = index < 0 ? List.of() : resolver.resolve(h.path(), facts, index);
      out.add(new Hit(h.path(), h.line(), h.column(), h.endLine(), h.name(), h.kind(), h.container(), h.language(), "", targets, 0));
    }
    return new QueryResult(out, sites.truncated());
  }

  /**
   * Every call site of the file {@code path}, in source order, each with the definitions it may
   * reach: the answer {@link #callees} gives at each site. Empty for a file not indexed.
   */
  public List<Site> calls(String path) throws SymdexException {
    Optional<FileFacts> facts = snapshot.facts(path);
    if (facts.isEmpty()) {
      return List.of();
    }
    List<Site> out = new ArrayList<>(facts.get().calls().size());
    for (int i = 0; i < facts.get().calls().size(); i++) {
      out.add(new Site(facts.get().calls().get(i), resolver.resolve(path, facts.get(), i)));
    }
    return out;
  }

  /** As {@link #calls}, each site resolved by name alone (the tiers every language had before types). */
  public List<Site> callsByName(String path) throws SymdexException {
    Optional<FileFacts> facts = snapshot.facts(path);
    if (facts.isEmpty()) {
      return List.of();
    }
    List<Site> out = new ArrayList<>(facts.get().calls().size());
    for (CallSite c : facts.get().calls()) {
      out.add(new Site(c, resolver.resolveByName(path, c.callee())));
    }
    return out;
  }

  /** Index in {@code facts} of the call of {@code callee} at (line, column), or -1. */
  private static int callIndex(FileFacts facts, int line, int column, String callee) {
    List<CallSite> calls = facts.calls();
    int lo = 0;
    int hi = calls.size() - 1;
    while (lo <= hi) { // calls are in source order
      int mid = (lo + hi) >>> 1;
      CallSite c = calls.get(mid);
      int cmp = c.line() != line ? Integer.compare(c.line(), line) : Integer.compare(c.column(), column);
      if (cmp == 0) {
        return c.callee().equals(callee) ? mid : -1;
      }
      if (cmp < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return -1;
  }

  /**
   * Call sites of {@code name} that resolve to its definition in {@code definedIn}; each hit names
   * the calling definition and carries the confidence that the call reaches that definition.
   */
  public QueryResult callersOf(String name, String definedIn, int limit) throws SymdexException {
    if (definedIn == null || definedIn.isEmpty()) {
      throw new SymdexException.InvalidQuery("the defining file is required");
    }
    QueryResult sites = symbols.callers(name, Integer.MAX_VALUE);
    List<Hit> out = new ArrayList<>();
    String lastPath = null;
    Optional<FileFacts> facts = Optional.empty();
    for (Hit h : sites.hits()) {
      if (!h.path().equals(lastPath)) {
        snapshot.checkCancelled();
        facts = snapshot.facts(h.path());
        lastPath = h.path();
      }
      if (facts.isEmpty()) {
        continue;
      }
      double confidence = 0;
      int index = callIndex(facts.get(), h.line(), h.column(), name);
      for (CallTarget t : index < 0 ? List.<CallTarget>of() : resolver.resolve(h.path(), facts.get(), index)) {
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
