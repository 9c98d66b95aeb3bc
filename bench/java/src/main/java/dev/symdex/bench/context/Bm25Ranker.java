package dev.symdex.bench.context;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.Definition;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.plan.Terms;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The floor: plain BM25 (k1 = 1.2, b = 0.75) over the files of the index, a file's document being
 * the {@link Terms} of its path segments and of the names of its definitions (each definition
 * once, so an overloaded name counts as often as it is defined). The query is the task's distinct
 * {@link Terms#ofTask terms}; idf is Lucene's {@code ln(1 + (N - df + 0.5) / (df + 0.5))}. Files
 * scoring 0 are left out; ties go to the smaller path. No signal but lexical match: no graph, no
 * history, no doc comments.
 *
 * <p>Documents are built from the index's facts and cached by path and content hash across
 * tasks, so a warm index costs one pass over the file table per task.
 */
public final class Bm25Ranker implements ContextRanker {
  static final double K1 = 1.2;
  static final double B = 0.75;

  private record DocKey(String path, long hash) {}

  /** A file's term counts and its length in terms. */
  record Document(Map<String, Integer> counts, int length) {}

  private final Map<DocKey, Document> cache = new HashMap<>();

  @Override
  public String name() {
    return "bm25";
  }

  @Override
  public Ranking rank(String task, Searcher searcher, Path root) throws SymdexException {
    return Ranking.of(scored(task, searcher).stream().map(Scored::path).toList());
  }

  /** A file and its BM25 score. */
  record Scored(String path, double score) {}

  /** The files scoring above 0 for {@code task}, best first (ties: the smaller path). */
  List<Scored> scored(String task, Searcher searcher) throws SymdexException {
    IndexSnapshot snapshot = searcher.snapshot();
    List<Map.Entry<String, FileState>> files = new ArrayList<>();
    snapshot.forEachFile((path, state) -> files.add(Map.entry(path, state)));
    List<String> paths = new ArrayList<>(files.size());
    List<Document> docs = new ArrayList<>(files.size());
    for (Map.Entry<String, FileState> f : files) {
      paths.add(f.getKey());
      docs.add(document(snapshot, f.getKey(), f.getValue()));
    }
    return scoredDocs(List.copyOf(new LinkedHashSet<>(Terms.ofTask(task))), paths, docs);
  }

  /** BM25 of each document for the query terms; the paths with a score above 0, best first. */
  static List<String> score(List<String> query, List<String> paths, List<Document> docs) {
    return scoredDocs(query, paths, docs).stream().map(Scored::path).toList();
  }

  /** As {@link #score}, with each path's score. */
  static List<Scored> scoredDocs(List<String> query, List<String> paths, List<Document> docs) {
    int n = docs.size();
    double avgdl = docs.stream().mapToInt(Document::length).average().orElse(0);
    Map<String, Integer> df = new HashMap<>();
    for (String t : query) {
      df.put(t, (int) docs.stream().filter(d -> d.counts().containsKey(t)).count());
    }
    List<Scored> scored = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Document d = docs.get(i);
      double s = 0;
      for (String t : query) {
        Integer tf = d.counts().get(t);
        if (tf == null) {
          continue;
        }
        double idf = Math.log(1 + (n - df.get(t) + 0.5) / (df.get(t) + 0.5));
        s += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * d.length() / avgdl));
      }
      if (s > 0) {
        scored.add(new Scored(paths.get(i), s));
      }
    }
    scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::path));
    return scored;
  }

  private Document document(IndexSnapshot snapshot, String path, FileState state) throws SymdexException.CorruptIndex {
    if (!state.status().isIndexed() || state.hash().isEmpty()) {
      return documentOf(path, Optional.empty());
    }
    DocKey key = new DocKey(path, state.hash().get().value());
    Document d = cache.get(key);
    if (d == null) {
      d = documentOf(path, snapshot.facts(path));
      cache.put(key, d);
    }
    return d;
  }

  /** The document of a file: its path's terms and its definitions' names' terms. */
  static Document documentOf(String path, Optional<FileFacts> facts) {
    Map<String, Integer> counts = new HashMap<>();
    int length = 0;
    List<String> terms = new ArrayList<>(Terms.split(path));
    facts.ifPresent(f -> {
      for (Definition def : f.definitions()) {
        terms.addAll(Terms.split(def.name()));
      }
    });
    for (String t : terms) {
      counts.merge(t, 1, Integer::sum);
      length++;
    }
    return new Document(Map.copyOf(counts), length);
  }
}
