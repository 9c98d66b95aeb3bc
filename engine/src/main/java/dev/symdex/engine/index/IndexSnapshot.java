package dev.symdex.engine.index;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsCodec;
import dev.symdex.engine.codec.FileStateCodec;
import dev.symdex.engine.codec.Keys;
import dev.symdex.engine.codec.MetaCodec;
import dev.symdex.engine.extract.FactExtractor;
import dev.symdex.engine.model.CallSite;
import dev.symdex.engine.model.Definition;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.model.FileStatus;
import dev.symdex.engine.model.IndexCounts;
import dev.symdex.engine.model.Reference;
import dev.symdex.engine.store.ReadTxn;
import dev.symdex.engine.store.Table;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A consistent view of the index at one generation: every query on it sees the same committed
 * state, however the index changes meanwhile. Wraps one read transaction: not thread-safe, and the
 * caller must close it promptly (an open snapshot pins old pages).
 */
public final class IndexSnapshot implements AutoCloseable {
  /** A skipped or degraded file. */
  public record Issue(String path, String reason) {}

  /** Per-file visitor: adds hits of one file; returns false once the limit is reached. */
  private interface FileQuery {
    void collect(String path, FileState state, FileFacts facts, List<Hit> out);
  }

  private final ReadTxn txn;
  private final long generation;
  private final String head;
  private final IndexCounts counts;
  private BooleanSupplier cancelled = () -> false;

  IndexSnapshot(ReadTxn txn) throws SymdexException.CorruptIndex {
    this.txn = txn;
    byte[] g = txn.get(Table.META, MetaCodec.KEY_GENERATION);
    this.generation = g == null ? 0 : MetaCodec.u64(g, "generation");
    byte[] h = txn.get(Table.META, MetaCodec.KEY_HEAD);
    this.head = h == null ? "" : MetaCodec.string(h);
    byte[] c = txn.get(Table.META, MetaCodec.KEY_COUNTS);
    this.counts = c == null ? IndexCounts.ZERO : MetaCodec.counts(c);
  }

  /** Makes long queries stop early (returning what they have, truncated) once this says so. */
  public IndexSnapshot cancelWhen(BooleanSupplier cancelled) {
    this.cancelled = cancelled;
    return this;
  }

  public long generation() {
    return generation;
  }

  /** HEAD SHA the index was last updated at; empty outside git. */
  public String head() {
    return head;
  }

  public IndexCounts counts() {
    return counts;
  }

  /** Definitions named exactly {@code name}. */
  public QueryResult definitions(String name, int limit) throws SymdexException {
    return run(Table.DEFS, name, limit, (path, state, facts, out) -> {
      for (Definition d : facts.definitions()) {
        if (d.name().equals(name)) {
          out.add(new Hit(path, d.line(), d.column(), d.endLine(), d.name(), d.kind().label(), d.container(), facts.language().id()));
        }
      }
    });
  }

  /** Uses of {@code name} that are not definitions of it. */
  public QueryResult references(String name, int limit) throws SymdexException {
    return run(Table.REFS, name, limit, (path, state, facts, out) -> {
      for (Reference r : facts.references()) {
        if (r.name().equals(name)) {
          out.add(new Hit(path, r.line(), r.column(), r.line(), r.name(), "reference", "", facts.language().id()));
        }
      }
    });
  }

  /** Call sites of {@code name}; each hit names the calling definition (or {@code <file>}). */
  public QueryResult callers(String name, int limit) throws SymdexException {
    return run(Table.CALLS, name, limit, (path, state, facts, out) -> {
      for (CallSite c : facts.calls()) {
        if (c.callee().equals(name)) {
          if (c.caller() >= 0) {
            Definition d = facts.definitions().get(c.caller());
            out.add(new Hit(path, c.line(), c.column(), c.line(), d.name(), d.kind().label(), d.container(), facts.language().id()));
          } else {
            out.add(new Hit(path, c.line(), c.column(), c.line(), "<file>", "file", "", facts.language().id()));
          }
        }
      }
    });
  }

  /** Calls made inside definitions named {@code name}; each hit names the callee. */
  public QueryResult callees(String name, int limit) throws SymdexException {
    return run(Table.DEFS, name, limit, (path, state, facts, out) -> {
      List<Definition> defs = facts.definitions();
      for (CallSite c : facts.calls()) {
        if (c.caller() >= 0 && defs.get(c.caller()).name().equals(name)) {
          Definition d = defs.get(c.caller());
          out.add(new Hit(path, c.line(), c.column(), c.line(), c.callee(), "call", d.qualifiedName(), facts.language().id()));
        }
      }
    });
  }

  /** Up to {@code limit} skipped or degraded files, by path. */
  public List<Issue> issues(int limit) throws SymdexException.CorruptIndex {
    List<Issue> out = new ArrayList<>();
    txn.scan(Table.ISSUES, new byte[0], (k, v) -> {
      String reason = v.length == 1 ? FileStatus.fromCode(v[0]).map(FileStatus::reason).orElse("unknown") : "unknown";
      out.add(new Issue(Keys.path(k), reason));
      return out.size() < limit;
    });
    return out;
  }

  /** State of one file, if indexed. */
  public Optional<FileState> file(String path) throws SymdexException.CorruptIndex {
    Optional<byte[]> key = Keys.path(path);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    byte[] v = txn.get(Table.FILES, key.get());
    return v == null ? Optional.empty() : Optional.of(FileStateCodec.decode(v));
  }

  /** Facts of one file, if indexed. */
  public Optional<FileFacts> facts(String path) throws SymdexException.CorruptIndex {
    Optional<FileState> s = file(path);
    if (s.isEmpty() || !s.get().status().isIndexed()) {
      return Optional.empty();
    }
    return Optional.of(loadFacts(s.get()));
  }

  private QueryResult run(Table postings, String name, int limit, FileQuery query) throws SymdexException {
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
    List<String> paths = new ArrayList<>();
    txn.postings(postings, key.get(), id -> {
      byte[] p = txn.get(Table.FILE_IDS, id);
      if (p != null) {
        paths.add(Keys.path(p));
      }
      return true;
    });
    Collections.sort(paths);
    List<Hit> hits = new ArrayList<>();
    for (String path : paths) {
      if (cancelled.getAsBoolean()) {
        return new QueryResult(hits, true);
      }
      Optional<FileState> state = file(path);
      if (state.isEmpty() || !state.get().status().isIndexed()) {
        continue;
      }
      query.collect(path, state.get(), loadFacts(state.get()), hits);
      if (hits.size() > limit) {
        return new QueryResult(hits.subList(0, limit), true);
      }
    }
    return new QueryResult(hits, false);
  }

  private FileFacts loadFacts(FileState state) throws SymdexException.CorruptIndex {
    byte[] v = txn.get(Table.FACTS, Keys.facts(state.hash().get(), FactExtractor.VERSION));
    if (v == null) {
      throw new SymdexException.CorruptIndex("facts of " + state.hash().get() + " are missing");
    }
    return FactsCodec.decode(v);
  }

  @Override
  public void close() {
    txn.close();
  }
}
