package dev.symdex.engine.query.plan;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsView;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.FileState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An in-memory inverted index of the terms of each indexed file, for BM25F: four fields per
 * file — {@link Field#NAME} (the file name without its extension), {@link Field#PATH} (the
 * directories above it), {@link Field#DEFINITION} (the names of its definitions) and {@link
 * Field#USES} (each distinct name it defines, refers to, calls or imports, once) — each holding
 * the stemmed {@link Terms#split terms} and the whole {@link Terms#identifiers compound
 * identifiers}. Built from the index's stored facts (definition names), never from the files.
 *
 * <p>Kept current by {@link #update}: a file whose content hash is unchanged keeps its postings,
 * so a generation costs one walk over the file table and work in proportion to the changed files.
 * Writes ({@link #update}) and reads ({@link #score}) are serialized by the caller (see {@link
 * PlanIndex}); not thread-safe on its own.
 */
public final class LexicalIndex {
  /** The fields of a file's document. */
  public enum Field {
    NAME(4.0, 0.3),
    PATH(1.5, 0.3),
    DEFINITION(1.0, 0.75),
    USES(0.15, 0.75);

    final double weight;
    final double b;

    Field(double weight, double b) {
      this.weight = weight;
      this.b = b;
    }
  }

  /** BM25's saturation constant. */
  static final double K1 = 1.2;
  private static final int FIELDS = Field.values().length;
  /** Term frequencies are kept per field in 8 bits each (four fields in an int), saturating. */
  private static final int TF_BITS = 8;
  private static final int TF_MAX = (1 << TF_BITS) - 1;

  /** The documents containing one term, with their packed per-field term frequencies. */
  private static final class Posting {
    final String term;
    int[] docs = new int[2];
    int[] tfs = new int[2];
    int size;

    Posting(String term) {
      this.term = term;
    }

    void add(int doc, int packedTf) {
      if (size == docs.length) {
        docs = Arrays.copyOf(docs, size * 2);
        tfs = Arrays.copyOf(tfs, size * 2);
      }
      docs[size] = doc;
      tfs[size] = packedTf;
      size++;
    }

    void remove(int doc) {
      for (int i = 0; i < size; i++) {
        if (docs[i] == doc) {
          size--;
          docs[i] = docs[size];
          tfs[i] = tfs[size];
          return;
        }
      }
    }
  }

  /** A file's slot: its path, content hash, field lengths and the postings it is in. */
  private record Doc(String path, long hash, int[] lengths, Posting[] postings) {}

  private final Map<String, Posting> postings = new HashMap<>();
  private final Map<String, Integer> slotOf = new HashMap<>();
  private final Map<String, Set<String>> pathsByStem = new HashMap<>();
  private final List<Doc> docs = new ArrayList<>();
  private final ArrayDeque<Integer> freeSlots = new ArrayDeque<>();
  private final long[] totalLength = new long[FIELDS];
  private long generation = -1;
  /** Postings entries held (one per term a document holds): what the index's size grows with. */
  private long entries;

  /** A file's score and the query terms it matched. */
  public record Match(String path, double score, List<String> terms) {}

  /** The generation the index reflects; -1 before the first {@link #update}. */
  public long generation() {
    return generation;
  }

  /**
   * What the index holds in memory, estimated from its counts (terms, postings entries, files) and
   * the JVM's object sizes (compressed references; arrays grown by doubling are counted a third
   * over their use). An estimate for the daemon's memory cap, not a measurement; read without a
   * lock (while an update runs it may be off by that update).
   */
  public long estimatedBytes() {
    return postings.size() * 160L + entries * 16L + slotOf.size() * 400L;
  }

  /** Files in the index. */
  public int size() {
    return slotOf.size();
  }

  /** True when {@code path} is in the index. */
  public boolean contains(String path) {
    return slotOf.containsKey(path);
  }

  /** The indexed files whose {@link TestNames#stem stem} is {@code stem}, sorted. */
  public Set<String> pathsWithStem(String stem) {
    return Collections.unmodifiableSet(pathsByStem.getOrDefault(stem, Set.of()));
  }

  /**
   * Brings the index to {@code snapshot}'s generation: files gone are removed, files whose content
   * hash changed are re-read from their stored facts, the rest are kept.
   *
   * @return the paths added, changed or removed, sorted
   */
  public List<String> update(IndexSnapshot snapshot) throws SymdexException {
    if (snapshot.generation() == generation) {
      return List.of();
    }
    Map<String, FileState> now = new LinkedHashMap<>();
    snapshot.forEachFile((path, state) -> {
      if (state.status().isIndexed() && state.hash().isPresent()) {
        now.put(path, state);
      }
      return true;
    });
    List<String> moved = new ArrayList<>();
    for (String path : List.copyOf(slotOf.keySet())) {
      if (!now.containsKey(path)) {
        remove(path);
        moved.add(path);
      }
    }
    for (Map.Entry<String, FileState> e : now.entrySet()) {
      long hash = e.getValue().hash().orElseThrow().value();
      Integer slot = slotOf.get(e.getKey());
      if (slot != null && docs.get(slot).hash() == hash) {
        continue;
      }
      snapshot.checkCancelled();
      if (slot != null) {
        remove(e.getKey());
      }
      add(e.getKey(), hash, snapshot.indexedFacts(e.getValue()));
      moved.add(e.getKey());
    }
    generation = snapshot.generation();
    moved.sort(null);
    return moved;
  }

  /**
   * The files matching {@code queryTerms} by BM25F, best first (ties: the smaller path), at most
   * {@code limit}. A term's idf is Lucene's {@code ln(1 + (N - df + 0.5) / (df + 0.5))}; a file's
   * pseudo term frequency is the sum over fields of weight × tf / (1 - b + b × length / average).
   *
   * @param queryTerms distinct terms, in the form {@link #termsOf} gives
   */
  public List<Match> score(List<String> queryTerms, int limit) {
    return score(queryTerms, limit, path -> true);
  }

  /**
   * As {@link #score(List, int)}, over the files {@code within} accepts only (the statistics stay
   * those of every file).
   */
  public List<Match> score(List<String> queryTerms, int limit, java.util.function.Predicate<String> within) {
    int n = slotOf.size();
    if (n == 0 || queryTerms.isEmpty()) {
      return List.of();
    }
    double[] avg = new double[FIELDS];
    for (int f = 0; f < FIELDS; f++) {
      avg[f] = Math.max(1e-9, (double) totalLength[f] / n);
    }
    Map<Integer, double[]> acc = new HashMap<>();
    Map<Integer, List<String>> matched = new HashMap<>();
    for (String term : queryTerms) {
      Posting p = postings.get(term);
      if (p == null || p.size == 0) {
        continue;
      }
      double idf = Math.log(1 + (n - p.size + 0.5) / (p.size + 0.5));
      for (int i = 0; i < p.size; i++) {
        int doc = p.docs[i];
        int[] lengths = docs.get(doc).lengths();
        double tf = 0;
        for (Field field : Field.values()) {
          int f = field.ordinal();
          int t = (p.tfs[i] >>> (TF_BITS * f)) & TF_MAX;
          if (t > 0) {
            tf += field.weight * t / (1 - field.b + field.b * lengths[f] / avg[f]);
          }
        }
        acc.computeIfAbsent(doc, d -> new double[1])[0] += idf * tf / (K1 + tf);
        matched.computeIfAbsent(doc, d -> new ArrayList<>()).add(term);
      }
    }
    List<Match> out = new ArrayList<>(acc.size());
    acc.forEach((doc, s) -> {
      String path = docs.get(doc).path();
      if (within.test(path)) {
        out.add(new Match(path, s[0], List.copyOf(matched.get(doc))));
      }
    });
    out.sort(Comparator.comparingDouble(Match::score).reversed().thenComparing(Match::path));
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  /**
   * The terms of a text in the index's form: the stems of its {@link Terms#split terms} and its
   * whole {@link Terms#identifiers compound identifiers}, in order, repeats kept.
   */
  public static List<String> termsOf(String text) {
    List<String> out = new ArrayList<>();
    for (String t : Terms.split(text)) {
      out.add(Terms.stem(t));
    }
    out.addAll(Terms.identifiers(text));
    return out;
  }

  /** The distinct terms of a task's text ({@link Terms#ofTask} stems plus compound identifiers). */
  public static List<String> queryTerms(String task) {
    List<String> out = new ArrayList<>();
    for (String t : Terms.ofTask(task)) {
      out.add(Terms.stem(t));
    }
    out.addAll(Terms.identifiers(task));
    return out.stream().distinct().toList();
  }

  private void add(String path, long hash, Optional<FactsView> facts) throws SymdexException.CorruptIndex {
    int slash = path.lastIndexOf('/');
    String stem = TestNames.stem(TestNames.fileName(path));
    List<Map<String, Integer>> counts = new ArrayList<>(FIELDS);
    for (int f = 0; f < FIELDS; f++) {
      counts.add(new HashMap<>());
    }
    count(counts.get(Field.NAME.ordinal()), stem);
    if (slash > 0) {
      count(counts.get(Field.PATH.ordinal()), path.substring(0, slash));
    }
    if (facts.isPresent()) {
      FactsView view = facts.get();
      Map<String, Integer> defs = counts.get(Field.DEFINITION.ordinal());
      view.definitions(-1, (index, name, kind, visibility, container, line, column, endLine) -> count(defs, view.string(name)));
      Map<String, Integer> uses = counts.get(Field.USES.ordinal());
      for (int i = 0; i < view.strings(); i++) {
        count(uses, view.string(i));
      }
    }
    Map<String, Integer> packed = new HashMap<>();
    int[] lengths = new int[FIELDS];
    for (int f = 0; f < FIELDS; f++) {
      int shift = TF_BITS * f;
      for (Map.Entry<String, Integer> e : counts.get(f).entrySet()) {
        lengths[f] += e.getValue();
        packed.merge(e.getKey(), Math.min(TF_MAX, e.getValue()) << shift, Integer::sum);
      }
      totalLength[f] += lengths[f];
    }
    int slot = freeSlots.isEmpty() ? docs.size() : freeSlots.pop();
    Posting[] in = new Posting[packed.size()];
    int k = 0;
    for (Map.Entry<String, Integer> e : packed.entrySet()) {
      Posting p = postings.computeIfAbsent(e.getKey(), Posting::new);
      p.add(slot, e.getValue());
      entries++;
      in[k++] = p;
    }
    Doc doc = new Doc(path, hash, lengths, in);
    if (slot == docs.size()) {
      docs.add(doc);
    } else {
      docs.set(slot, doc);
    }
    slotOf.put(path, slot);
    pathsByStem.computeIfAbsent(TestNames.stem(TestNames.fileName(path)), s -> new TreeSet<>()).add(path);
  }

  private static void count(Map<String, Integer> counts, String text) {
    for (String t : termsOf(text)) {
      counts.merge(t, 1, Integer::sum);
    }
  }

  private void remove(String path) {
    Integer slot = slotOf.remove(path);
    if (slot == null) {
      return;
    }
    Doc doc = docs.get(slot);
    String stem = TestNames.stem(TestNames.fileName(path));
    Set<String> same = pathsByStem.get(stem);
    same.remove(path);
    if (same.isEmpty()) {
      pathsByStem.remove(stem);
    }
    for (Posting p : doc.postings()) {
      p.remove(slot);
      entries--;
      if (p.size == 0) {
        postings.remove(p.term);
      }
    }
    for (int f = 0; f < FIELDS; f++) {
      totalLength[f] -= doc.lengths()[f];
    }
    docs.set(slot, null);
    freeSlots.push(slot);
  }
}
