package dev.symdex.engine.query;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.GitHistory;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.IndexCounts;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Every read query, over one {@link IndexSnapshot}: definitions (exact, prefix, fuzzy, filtered),
 * references, call sites and callees of a name, call walks, file outlines, resolved imports,
 * dependents, and what changed since a git revision. Each answer is a pure function of the
 * snapshot (and, for a Delta, of git's objects): however the index changes meanwhile, every query
 * on one searcher sees the same generation. After Lucene's {@code IndexSearcher}.
 *
 * <p>Owns its snapshot: {@link #close} closes it; close promptly (an open snapshot pins old
 * pages). Not thread-safe: use it from one thread at a time.
 */
public final class Searcher implements AutoCloseable {
  private final IndexSnapshot snapshot;
  private final Optional<GitHistory> history;
  private final SymbolQueries symbols;

  /**
   * A searcher over {@code snapshot}, which it owns; {@code history} answers a Delta (empty: a
   * Delta is refused).
   */
  public Searcher(IndexSnapshot snapshot, Optional<GitHistory> history) {
    this.snapshot = snapshot;
    this.history = history;
    this.symbols = new SymbolQueries(snapshot);
  }

  /** A searcher over the last committed state of {@code engine}. The caller closes it. */
  public static Searcher open(Engine engine) throws SymdexException {
    return new Searcher(engine.snapshot(), engine.gitHistory());
  }

  /** The snapshot queried, for typed reads (files, facts, postings). */
  public IndexSnapshot snapshot() {
    return snapshot;
  }

  public long generation() {
    return snapshot.generation();
  }

  /** HEAD SHA the index was last updated at; empty outside git. */
  public String head() {
    return snapshot.head();
  }

  public IndexCounts counts() {
    return snapshot.counts();
  }

  /**
   * Makes long queries poll {@code cancelled} as they go (between files, every few thousand
   * names) and stop with {@link SymdexException.Cancelled} once it says true.
   */
  public Searcher cancelWhen(BooleanSupplier cancelled) {
    snapshot.cancelWhen(cancelled);
    return this;
  }

  /** Definitions matching {@code query}, in the query's order (see {@link DefinitionQuery}). */
  public QueryResult findDefinitions(DefinitionQuery query, int limit) throws SymdexException {
    return new DefinitionSearch(snapshot).run(query, limit);
  }

  /** Definitions named exactly {@code name}, by path, in source order within a file. */
  public QueryResult definitions(String name, int limit) throws SymdexException {
    return symbols.definitions(name, limit);
  }

  /** Uses of {@code name} that are not definitions of it. */
  public QueryResult references(String name, int limit) throws SymdexException {
    return symbols.references(name, limit);
  }

  /** Call sites of {@code name}; each hit names the calling definition (or {@code <file>}). */
  public QueryResult callers(String name, int limit) throws SymdexException {
    return symbols.callers(name, limit);
  }

  /** Calls made inside definitions named {@code name}; each hit names the callee. */
  public QueryResult callees(String name, int limit) throws SymdexException {
    return symbols.callees(name, limit);
  }

  /**
   * The definitions of one file in source order (line, then column); empty for a file that is in
   * the index but not parsed (binary, unsupported language, ...).
   *
   * @throws SymdexException.NotFound when the index has no such file
   */
  public List<Hit> outline(String path) throws SymdexException {
    return symbols.outline(path);
  }

  /** Calls resolved to definitions: resolved sites, and walks of callers and callees. */
  public CallGraph callGraph() {
    return new CallGraph(snapshot, symbols);
  }

  /** The resolved import graph as stored, both ways. */
  public ImportGraph importGraph() {
    return new ImportGraph(snapshot);
  }

  /** The imports of one file, each resolved to repo files, external, or unresolved; empty when not indexed. */
  public List<ImportGraph.ResolvedImport> imports(String path) throws SymdexException {
    return ImportGraph.imports(snapshot, snapshot.importResolver(), path);
  }

  /** Files that import {@code path}, directly or not (see {@link ImportGraph#dependents}). */
  public Map.Entry<List<ImportGraph.Dependent>, Boolean> dependents(String path, int maxDepth, int limit)
      throws SymdexException.CorruptIndex {
    return importGraph().dependents(path, maxDepth, limit);
  }

  /**
   * What changed between {@code since} (any revision git knows: SHA, branch, tag, {@code HEAD~3})
   * and the working tree as indexed in this snapshot, uncommitted edits included: files, and
   * definitions added, removed or modified. At most {@code limit} of each; the rest is cut and
   * said so.
   *
   * @throws SymdexException.InvalidQuery outside a git repository, or for a revision git does not know
   */
  public Delta delta(String since, int limit) throws SymdexException {
    if (since == null || since.isBlank()) {
      throw new SymdexException.InvalidQuery("since is empty: give a revision (a SHA, a branch, HEAD~3)");
    }
    if (limit < 1) {
      throw new SymdexException.InvalidQuery("limit must be positive, was " + limit);
    }
    GitHistory h = history.orElseThrow(() -> new SymdexException.InvalidQuery(
        "this project's root is not the top of a git working tree"));
    try {
      return new DeltaBuilder(h, snapshot).build(since, limit);
    } catch (IOException e) {
      throw new SymdexException.StorageFailure("reading git objects: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    snapshot.close();
  }
}
