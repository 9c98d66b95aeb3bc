package dev.symdex.engine.query;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsView;
import dev.symdex.engine.codec.Keys;
import dev.symdex.engine.index.IndexSnapshot.Postings;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.FileState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * Runs a {@link DefinitionQuery} over one snapshot. The {@code defs} table is keyed by name in
 * byte order, so a prefix is one cursor range; a fuzzy pattern scans the names (each decoded only
 * when {@link NameMatch#mayMatch} passes on its bytes), keeping the best ones in a bounded heap.
 * Files are filtered by path and language before their facts are read. Polls the snapshot's
 * cancellation every {@value #CHECK_EVERY} names and between files. Not thread-safe.
 */
final class DefinitionSearch {
  static final int CHECK_EVERY = 4096;
  private static final int PREFIX_BATCH = 256;

  /** A matching name and its rank. */
  private record Ranked(String name, int tier) {}

  private static final Comparator<Ranked> BEST_FIRST = Comparator.comparingInt(Ranked::tier)
      .thenComparingInt(r -> r.name().length()).thenComparing(Ranked::name);

  private final IndexSnapshot snapshot;

  DefinitionSearch(IndexSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  QueryResult run(DefinitionQuery q, int limit) throws SymdexException {
    q.validate();
    if (limit < 1) {
      throw new SymdexException.InvalidQuery("limit must be positive, was " + limit);
    }
    List<Hit> hits = new ArrayList<>();
    return switch (q.match()) {
      case EXACT -> new QueryResult(hits, collect(q, q.pattern(), limit, hits));
      case PREFIX -> prefix(q, limit, hits);
      case FUZZY -> fuzzy(q, limit, hits);
    };
  }

  private QueryResult prefix(DefinitionQuery q, int limit, List<Hit> hits) throws SymdexException {
    Optional<byte[]> key = Keys.name(q.pattern());
    if (key.isEmpty()) {
      return new QueryResult(hits, false);
    }
    byte[] prefix = key.get();
    byte[] from = prefix;
    while (true) {
      List<byte[]> batch = new ArrayList<>(PREFIX_BATCH);
      snapshot.forEachDefinedName(from, k -> {
        if (!startsWith(k, prefix)) {
          return false;
        }
        batch.add(k);
        return batch.size() < PREFIX_BATCH;
      });
      for (byte[] k : batch) {
        if (collect(q, Keys.path(k), limit, hits)) {
          return new QueryResult(hits, true);
        }
      }
      if (batch.size() < PREFIX_BATCH) {
        return new QueryResult(hits, false);
      }
      byte[] last = batch.getLast();
      from = Arrays.copyOf(last, last.length + 1); // the least key after last
    }
  }

  /**
   * Every match of tiers 0-3 starts with the pattern's first character (ignoring ASCII case), so
   * when that is a letter or digit, the names starting with it (one or two key ranges) are ranked
   * first; the whole table is scanned for the later tiers only when those did not fill the answer.
   */
  private QueryResult fuzzy(DefinitionQuery q, int limit, List<Hit> hits) throws SymdexException {
    NameMatch m = new NameMatch(q.pattern());
    // Without filters every name has a definition, so the best limit+1 names fill the answer.
    int keep = q.filters() ? Integer.MAX_VALUE : limit + 1;
    boolean[] dropped = {false};
    char c = q.pattern().charAt(0);
    boolean byFirst = c < 128 && Character.isLetterOrDigit(c);
    if (byFirst) {
      List<Ranked> first = new ArrayList<>();
      for (char start : new TreeSet<>(List.of(Character.toLowerCase(c), Character.toUpperCase(c)))) {
        first.addAll(rank(new byte[] {(byte) start}, (byte) (start + 1), m, t -> t <= 3, keep, dropped));
      }
      first.sort(BEST_FIRST);
      for (Ranked r : first.subList(0, Math.min(keep, first.size()))) {
        if (collect(q, r.name(), limit, hits)) {
          return new QueryResult(hits, true);
        }
      }
      if (first.size() > keep) {
        return new QueryResult(hits, true);
      }
    }
    for (Ranked r : rank(new byte[0], -1, m, t -> !byFirst || t > 3, keep, dropped)) {
      if (collect(q, r.name(), limit, hits)) {
        return new QueryResult(hits, true);
      }
    }
    return new QueryResult(hits, dropped[0]);
  }

  /**
   * The best {@code keep} names from {@code from} up to (not including) the first key starting
   * with byte {@code until} (-1: to the end) whose tier passes {@code tiers}, best first; sets
   * {@code dropped[0]} when others matched too.
   */
  private List<Ranked> rank(byte[] from, int until, NameMatch m, IntPredicate tiers, int keep, boolean[] dropped)
      throws SymdexException.Cancelled, SymdexException.CorruptIndex {
    PriorityQueue<Ranked> best = new PriorityQueue<>(BEST_FIRST.reversed());
    boolean[] cancelled = {false};
    int[] seen = {0};
    snapshot.forEachDefinedName(from, k -> {
      if (seen[0]++ % CHECK_EVERY == 0 && snapshot.isCancelled()) {
        cancelled[0] = true;
        return false;
      }
      if (until >= 0 && (k[0] & 0xFF) >= until) {
        return false;
      }
      if (!m.mayMatch(k)) {
        return true;
      }
      String name = new String(k, StandardCharsets.UTF_8);
      int tier = m.tier(name);
      if (tier != NameMatch.NO_MATCH && tiers.test(tier)) {
        best.add(new Ranked(name, tier));
        if (best.size() > keep) {
          best.poll();
          dropped[0] = true;
        }
      }
      return true;
    });
    if (cancelled[0]) {
      snapshot.checkCancelled();
    }
    List<Ranked> ranked = new ArrayList<>(best);
    ranked.sort(BEST_FIRST);
    return ranked;
  }

  /**
   * Adds the definitions named {@code name} that pass the filters, by path; returns true (and
   * trims {@code hits} to {@code limit}) once more than {@code limit} were found.
   */
  private boolean collect(DefinitionQuery q, String name, int limit, List<Hit> hits) throws SymdexException {
    Optional<byte[]> key = Keys.name(name);
    if (key.isEmpty()) {
      return false;
    }
    byte[] nameBytes = key.get();
    List<String> paths = new ArrayList<>();
    for (String path : snapshot.filesWith(Postings.DEFINITIONS, nameBytes)) {
      if (path.startsWith(q.pathPrefix())) {
        paths.add(path);
      }
    }
    Collections.sort(paths);
    for (String path : paths) {
      snapshot.checkCancelled();
      Optional<FileState> state = snapshot.file(path);
      if (state.isEmpty()) {
        continue;
      }
      if (!q.languages().isEmpty() && state.get().language().filter(q.languages()::contains).isEmpty()) {
        continue;
      }
      Optional<FactsView> facts = snapshot.indexedFacts(state.get());
      if (facts.isEmpty()) {
        continue;
      }
      FactsView f = facts.get();
      int id = f.find(nameBytes);
      if (id < 0) {
        continue;
      }
      String lang = f.language().id();
      f.definitions(id, (i, nm, kind, vis, container, line, col, end) -> {
        if (q.kinds().isEmpty() || q.kinds().contains(kind)) {
          hits.add(new Hit(path, line, col, end, name, kind.label(), f.container(container), lang, vis.label()));
        }
      });
      if (hits.size() > limit) {
        hits.subList(limit, hits.size()).clear();
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(byte[] k, byte[] prefix) {
    return k.length >= prefix.length && Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length);
  }
}
