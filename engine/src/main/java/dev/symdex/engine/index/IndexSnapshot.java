package dev.symdex.engine.index;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsCodec;
import dev.symdex.engine.codec.IssueCodec;
import dev.symdex.engine.codec.FactsView;
import dev.symdex.engine.codec.FileStateCodec;
import dev.symdex.engine.codec.Keys;
import dev.symdex.engine.codec.MetaCodec;
import dev.symdex.engine.extract.FactExtractor;
import dev.symdex.engine.model.ContentHash;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.model.FileStatus;
import dev.symdex.engine.model.IndexCounts;
import dev.symdex.engine.resolve.ImportResolver;
import dev.symdex.engine.resolve.RepoFiles;
import dev.symdex.engine.store.ReadTxn;
import dev.symdex.engine.store.Table;
import dev.symdex.engine.store.UncheckedCorruptIndex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A consistent view of the index at one generation, as typed reads: files and their states,
 * facts, name postings, the stored import graph. Every read sees the same committed state,
 * however the index changes meanwhile; the queries built on these reads live in {@code
 * dev.symdex.engine.query} ({@code Searcher}). Wraps one read transaction: not thread-safe, and the
 * caller must close it promptly (an open snapshot pins old pages).
 */
public final class IndexSnapshot implements AutoCloseable {
  /** A file skipped or indexed in part: its path, the status's short reason, and the detail recorded (may be empty). */
  public record Issue(String path, String reason, String detail) {}

  /** The name postings a snapshot keeps: which files define, reference or call a name. */
  public enum Postings {
    DEFINITIONS(Table.DEFS),
    REFERENCES(Table.REFS),
    CALLS(Table.CALLS);

    private final Table table;

    Postings(Table table) {
      this.table = table;
    }
  }

  private final ReadTxn txn;
  private final FactsCache factsCache;
  private final ProjectConfigs configs;
  private final long generation;
  private final String head;
  private final IndexCounts counts;
  private BooleanSupplier cancelled = () -> false;

  IndexSnapshot(ReadTxn txn, FactsCache factsCache, ProjectConfigs configs) throws SymdexException.CorruptIndex {
    this.txn = txn;
    this.factsCache = factsCache;
    this.configs = configs;
    byte[] g = txn.get(Table.META, MetaCodec.KEY_GENERATION);
    this.generation = g == null ? 0 : MetaCodec.u64(g, "generation");
    byte[] h = txn.get(Table.META, MetaCodec.KEY_HEAD);
    this.head = h == null ? "" : MetaCodec.string(h);
    byte[] c = txn.get(Table.META, MetaCodec.KEY_COUNTS);
    this.counts = c == null ? IndexCounts.ZERO : MetaCodec.counts(c);
  }

  /**
   * Makes long queries poll {@code cancelled} as they go (between files, every few thousand
   * names) and stop with {@link SymdexException.Cancelled} once it says true.
   */
  public IndexSnapshot cancelWhen(BooleanSupplier cancelled) {
    this.cancelled = cancelled;
    return this;
  }

  /** True once the caller gave up (see {@link #cancelWhen}). */
  public boolean isCancelled() {
    return cancelled.getAsBoolean();
  }

  /** Throws {@link SymdexException.Cancelled} when the caller gave up (see {@link #cancelWhen}). */
  public void checkCancelled() throws SymdexException.Cancelled {
    if (cancelled.getAsBoolean()) {
      throw new SymdexException.Cancelled("the query was cancelled");
    }
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

  /** Up to {@code limit} skipped or degraded files, by path. */
  public List<Issue> issues(int limit) throws SymdexException.CorruptIndex {
    List<Issue> out = new ArrayList<>();
    txn.scan(Table.ISSUES, new byte[0], (k, v) -> {
      String reason = v.length >= 1 ? FileStatus.fromCode(v[0] & 0xFF).map(FileStatus::reason).orElse("unknown") : "unknown";
      out.add(new Issue(Keys.path(k), reason, IssueCodec.detail(v)));
      return out.size() < limit;
    });
    return out;
  }

  /** Visits every file of the index with its state, by path, until the visitor returns false. */
  public void forEachFile(BiPredicate<String, FileState> visitor) throws SymdexException.CorruptIndex {
    forEachFileKey((k, st) -> visitor.test(Keys.path(k), st));
  }

  /**
   * As {@link #forEachFile}, with each path as its raw key: UTF-8 bytes, visited in unsigned byte
   * order (the order git keeps its index in).
   */
  public void forEachFileKey(BiPredicate<byte[], FileState> visitor) throws SymdexException.CorruptIndex {
    List<byte[]> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    txn.scan(Table.FILES, new byte[0], (k, v) -> {
      keys.add(k);
      values.add(v);
      return true;
    });
    for (int i = 0; i < keys.size(); i++) {
      if (!visitor.test(keys.get(i), FileStateCodec.decode(values.get(i)))) {
        return;
      }
    }
  }


  /** Paths of the files that define {@code name}, sorted. */
  public List<String> filesDefining(String name) throws SymdexException.CorruptIndex {
    try {
      return definitionsByName().filesDefining(name);
    } catch (UncheckedCorruptIndex e) {
      throw e.getCause();
    }
  }

  /**
   * The definitions of this snapshot by name, for resolving imports over it. A damaged value is
   * thrown as {@link UncheckedCorruptIndex}.
   */
  public ImportResolver.Definitions definitionsByName() {
    return new StoredDefinitions(txn);
  }

  /** Paths of the files that import {@code path} (its resolved importers), sorted. */
  public List<String> importersOf(String path) throws SymdexException.CorruptIndex {
    return edges(Table.IMPORTERS, path);
  }

  /** Paths of the repo files {@code path}'s imports resolve to (itself excluded), sorted. */
  public List<String> importedBy(String path) throws SymdexException.CorruptIndex {
    return edges(Table.IMPORTS, path);
  }

  private List<String> edges(Table table, String path) throws SymdexException.CorruptIndex {
    Optional<byte[]> key = Keys.path(path);
    byte[] state = key.isEmpty() ? null : txn.get(Table.FILES, key.get());
    if (state == null) {
      return List.of();
    }
    List<String> out = paths(txn, txn.postingsOf(table, Keys.fileId(FileStateCodec.fileIdOf(state))));
    Collections.sort(out);
    return out;
  }

  /** The paths of file ids (ids no longer in {@code fileids} are left out). */
  static List<String> paths(ReadTxn txn, List<byte[]> fileIds) throws SymdexException.CorruptIndex {
    List<String> out = new ArrayList<>(fileIds.size());
    for (byte[] id : fileIds) {
      byte[] p = txn.get(Table.FILE_IDS, id);
      if (p != null) {
        out.add(Keys.path(p));
      }
    }
    return out;
  }

  /** The files of this snapshot, for resolving imports over it. */
  RepoFiles repoFiles() {
    return new StoredRepoFiles(txn);
  }

  /**
   * An import resolver over this snapshot's files and the project's build-file configuration
   * (nothing else held in memory).
   */
  public ImportResolver importResolver() {
    RepoFiles files = repoFiles();
    return new ImportResolver(files, configs.orRead(files));
  }

  /**
   * Paths of the files whose {@code which} postings hold the name with key {@code nameKey} (see
   * {@code Keys.name}), in no particular order; files no longer in the index are left out.
   */
  public List<String> filesWith(Postings which, byte[] nameKey) throws SymdexException.CorruptIndex {
    return paths(txn, txn.postingsOf(which.table, nameKey));
  }

  /**
   * Visits the keys of the defined names (UTF-8 bytes, unsigned byte order) from {@code from} on,
   * until the visitor returns false.
   */
  public void forEachDefinedName(byte[] from, Predicate<byte[]> visitor) throws SymdexException.CorruptIndex {
    txn.keys(Table.DEFS, from, visitor);
  }

  /** The stored facts of one file, read in place (for resolvers). */
  public Optional<FactsView> factsView(String path) throws SymdexException.CorruptIndex {
    Optional<FileState> s = file(path);
    if (s.isEmpty() || !s.get().status().isIndexed()) {
      return Optional.empty();
    }
    return Optional.of(view(s.get()));
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

  /** Facts stored for content with {@code hash} (by this extractor version), if any. */
  public Optional<FileFacts> factsOf(ContentHash hash) throws SymdexException.CorruptIndex {
    byte[] v = txn.get(Table.FACTS, Keys.facts(hash, FactExtractor.VERSION));
    return v == null ? Optional.empty() : Optional.of(FactsCodec.decode(v));
  }

  /** Facts of one file, if indexed. */
  public Optional<FileFacts> facts(String path) throws SymdexException.CorruptIndex {
    Optional<FileState> s = file(path);
    if (s.isEmpty() || !s.get().status().isIndexed()) {
      return Optional.empty();
    }
    return Optional.of(loadFacts(s.get()));
  }

  private FileFacts loadFacts(FileState state) throws SymdexException.CorruptIndex {
    return FactsCodec.decode(factsBytes(state));
  }

  /** The facts of an indexed file, read in place; empty when the file is not indexed. */
  public Optional<FactsView> indexedFacts(FileState state) throws SymdexException.CorruptIndex {
    return state.status().isIndexed() ? Optional.of(view(state)) : Optional.empty();
  }

  /** The facts of an indexed file as a view: a large one from the engine's {@link FactsCache}. */
  private FactsView view(FileState state) throws SymdexException.CorruptIndex {
    return factsCache.view(state.hash().get().value(), () -> factsBytes(state));
  }

  private byte[] factsBytes(FileState state) throws SymdexException.CorruptIndex {
    byte[] v = txn.get(Table.FACTS, Keys.facts(state.hash().get(), FactExtractor.VERSION));
    if (v == null) {
      throw new SymdexException.CorruptIndex("facts of " + state.hash().get() + " are missing");
    }
    return v;
  }

  @Override
  public void close() {
    txn.close();
  }
}
