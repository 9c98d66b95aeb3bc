package dev.symdex.engine.query.plan;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsView;
import dev.symdex.engine.query.rank.FileGraph;
import dev.symdex.engine.query.rank.GraphRank;
import dev.symdex.engine.query.rank.PushRank;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Ranks a project's files for a task and packs the best into a token budget.
 *
 * <p>A file's score is the sum of its signals' contributions, each a weight times a value in
 * [0, 1] (weights fixed in this class, chosen on the 150 tuning tasks of bench/context, never on the
 * 50 held out):
 *
 * <ul>
 *   <li>{@link Signal#LEXICAL} ({@value #LEXICAL_WEIGHT}): its BM25F over the task's terms
 *       ({@link LexicalIndex}), over the best file's;
 *   <li>{@link Signal#GRAPH} ({@value #GRAPH_WEIGHT}): the rank a personalized PageRank (local push) over the
 *       import + call graph, restarted at the best {@value #SEEDS} lexical matches, moves to it
 *       (its rank less its own restart share), over the best such file's;
 *   <li>{@link Signal#COCHANGE} ({@value #COCHANGE_WEIGHT}), {@link Signal#RECENCY} ({@value
 *       #RECENCY_WEIGHT}) and {@link Signal#COMMITS} ({@value #COMMITS_WEIGHT}): git history ({@link GitEvidence});
 *   <li>{@link Signal#TESTS} ({@value #TESTS_WEIGHT}): a test file by name of one of the best
 *       files, or the file a best test file tests, at that file's score (over the best score).
 * </ul>
 *
 * <p>Within each file, the definitions whose names share the most task terms are its spans.
 * Deterministic: the same index, history and task give the same plan (ties go to the smaller path).
 * Stateless besides the token counter; thread-safe.
 */
public final class Planner {
  static final double LEXICAL_WEIGHT = 1.0;
  static final double GRAPH_WEIGHT = 0.1;
  static final double COCHANGE_WEIGHT = 0.05;
  static final double RECENCY_WEIGHT = 0.1;
  static final double TESTS_WEIGHT = 0.2;
  static final double COMMITS_WEIGHT = 0.05;

  /**
   * The weight of each signal's value in a file's score ({@code >= 0}; 0 turns a signal off).
   * {@link #DEFAULTS} are the class's constants.
   */
  public record Weights(double lexical, double graph, double cochange, double recency, double tests, double commits) {
    public static final Weights DEFAULTS =
        new Weights(LEXICAL_WEIGHT, GRAPH_WEIGHT, COCHANGE_WEIGHT, RECENCY_WEIGHT, TESTS_WEIGHT, COMMITS_WEIGHT);

    public Weights {
      for (double w : new double[] {lexical, graph, cochange, recency, tests, commits}) {
        if (!(w >= 0) || Double.isInfinite(w)) {
          throw new IllegalArgumentException("weights must be finite and >= 0");
        }
      }
    }

    /** The weight of {@code signal}. */
    public double of(Signal signal) {
      return switch (signal) {
        case LEXICAL -> lexical;
        case GRAPH -> graph;
        case COCHANGE -> cochange;
        case RECENCY -> recency;
        case TESTS -> tests;
        case COMMITS -> commits;
      };
    }

    /** These weights with {@code signal}'s set to {@code w}. */
    public Weights with(Signal signal, double w) {
      return new Weights(signal == Signal.LEXICAL ? w : lexical, signal == Signal.GRAPH ? w : graph,
          signal == Signal.COCHANGE ? w : cochange, signal == Signal.RECENCY ? w : recency, signal == Signal.TESTS ? w : tests,
          signal == Signal.COMMITS ? w : commits);
    }
  }
  /** Lexical matches taken as candidates. */
  static final int LEXICAL_CANDIDATES = 300;
  /** Lexical matches that seed the graph walk and the co-change lookup. */
  static final int SEEDS = 10;
  /** Files the graph adds as candidates beyond the lexical matches. */
  static final int GRAPH_CANDIDATES = 30;
  /** Best files whose tests (or subjects) are drawn in. */
  static final int TEST_SOURCES = 20;
  /** Definitions named as spans per file. */
  static final int SPANS_PER_FILE = 4;
  static final GraphRank.Params WALK = new GraphRank.Params(0.85, 1e-6, 100, 1.0);
  /** Residual per unit of degree left unpushed by the local walk ({@link PushRank}): milliseconds on 56k files. */
  static final double PUSH_EPSILON = 1e-6;

  private final PlanPacker packer;
  private final Weights weights;

  public Planner(TokenCounter counter) {
    this(counter, Weights.DEFAULTS);
  }

  public Planner(TokenCounter counter, Weights weights) {
    this.packer = new PlanPacker(counter);
    this.weights = weights;
  }

  /**
   * The plan for {@code task}: the ranked files (at most {@code limit}) and the best of them
   * packed into {@code budget} tokens.
   */
  public Plan plan(PlanIndex.View view, String task, int budget, Set<Signal> signals, int limit) throws SymdexException {
    return plan(view, task, budget, signals, limit, path -> true);
  }

  /**
   * As {@link #plan(PlanIndex.View, String, int, Set, int)}, with only the files {@code within}
   * accepts as candidates (a sub-project's; see {@link #rank(PlanIndex.View, String, Set, int, Predicate)}).
   */
  public Plan plan(PlanIndex.View view, String task, int budget, Set<Signal> signals, int limit, Predicate<String> within)
      throws SymdexException {
    List<Plan.Item> items = rank(view, task, signals, limit, within);
    List<String> notes = signals.contains(Signal.GRAPH) && weights.graph() > 0 && view.graph().isEmpty()
        ? List.of(Plan.GRAPH_PENDING) : List.of();
    return pack(view, items, budget, notes);
  }

  /** A plan of items {@link #rank} gave, packed into {@code budget} tokens, with {@code notes} (see {@link Plan#notes}). */
  public Plan pack(PlanIndex.View view, List<Plan.Item> items, int budget, List<String> notes) throws SymdexException {
    return new Plan(view.searcher().head(), view.searcher().generation(), items, packer.pack(view, items, budget), notes);
  }

  /** The files ranked for {@code task}, best first, at most {@code limit}, each with its reasons and spans. */
  public List<Plan.Item> rank(PlanIndex.View view, String task, Set<Signal> requested, int limit) throws SymdexException {
    return rank(view, task, requested, limit, path -> true);
  }

  /**
   * The files {@code within} accepts ranked for {@code task}: the lexical matches (and so the
   * seeds of the graph walk and the history lookups) are taken among them only; the other signals
   * still walk the whole graph and history, and files they reach outside are left out.
   */
  public List<Plan.Item> rank(PlanIndex.View view, String task, Set<Signal> requested, int limit, Predicate<String> within)
      throws SymdexException {
    Set<Signal> signals = EnumSet.noneOf(Signal.class);
    for (Signal s : requested) {
      if (weights.of(s) > 0) {
        signals.add(s);
      }
    }
    List<String> terms = LexicalIndex.queryTerms(task);
    Scores scores = new Scores();
    List<LexicalIndex.Match> matches = signals.contains(Signal.LEXICAL)
        ? view.lexical().score(terms, LEXICAL_CANDIDATES, within) : List.of();
    Map<String, Double> seeds = new TreeMap<>();
    if (!matches.isEmpty()) {
      double best = matches.get(0).score();
      for (LexicalIndex.Match m : matches) {
        scores.add(m.path(), Signal.LEXICAL, weights.lexical() * m.score() / best, "terms: " + String.join(", ", m.terms()));
        if (seeds.size() < SEEDS) {
          seeds.put(m.path(), m.score() / best);
        }
      }
    }
    if (signals.contains(Signal.GRAPH) && !seeds.isEmpty()) {
      Optional<FileGraph> graph = view.graph();
      if (graph.isPresent()) {
        graph(graph.get(), seeds, weights.graph(), scores);
      }
    }
    if (signals.contains(Signal.COCHANGE) || signals.contains(Signal.RECENCY) || signals.contains(Signal.COMMITS)) {
      GitEvidence.add(view, terms, seeds, signals, weights, scores);
    }
    if (signals.contains(Signal.TESTS)) {
      tests(view.lexical(), weights.tests(), scores);
    }
    List<String> ranked = scores.ranked().stream().filter(within).toList();
    List<Plan.Item> items = new ArrayList<>(Math.min(limit, ranked.size()));
    for (String path : ranked.subList(0, Math.min(limit, ranked.size()))) {
      items.add(new Plan.Item(path, scores.total(path), scores.reasons(path), spans(view, path, terms)));
    }
    return items;
  }

  /** Adds the mass a walk from the seeds moves to each file beyond its own restart share. */
  private static void graph(FileGraph graph, Map<String, Double> seeds, double weight, Scores scores) {
    PushRank.Ranks ranks = new PushRank(PushRank.Params.of(WALK, PUSH_EPSILON)).rank(graph, seeds);
    double seedTotal = seeds.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Double> moved = new TreeMap<>();
    Set<String> consider = new TreeSet<>(scores.paths());
    ranks.top(GRAPH_CANDIDATES + seeds.size()).forEach(r -> consider.add(r.path()));
    for (String p : consider) {
      double restart = seeds.getOrDefault(p, 0.0) / seedTotal;
      double m = ranks.of(p) - (1 - WALK.damping()) * restart;
      if (m > 0) {
        moved.put(p, m);
      }
    }
    double best = moved.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    if (best <= 0) {
      return;
    }
    moved.forEach((p, m) -> scores.add(p, Signal.GRAPH, weight * m / best, "linked to the matches by imports and calls"));
  }

  /** Draws in the tests of the best files and the subjects of the best tests. */
  private static void tests(LexicalIndex lexical, double weight, Scores scores) {
    List<String> best = scores.ranked();
    if (best.isEmpty()) {
      return;
    }
    double top = scores.total(best.get(0));
    Map<String, Double> value = new TreeMap<>();
    Map<String, String> why = new HashMap<>();
    for (String source : best.subList(0, Math.min(TEST_SOURCES, best.size()))) {
      double v = scores.total(source) / top;
      for (String pair : pairs(lexical, source)) {
        if (v > value.getOrDefault(pair, 0.0)) {
          value.put(pair, v);
          why.put(pair, (TestNames.tests(pair, source) ? "test of " : "tested by ") + source);
        }
      }
    }
    value.forEach((p, v) -> scores.add(p, Signal.TESTS, weight * v, why.get(p)));
  }

  /** The tests of {@code path} and the files {@code path} tests, by name. */
  static List<String> pairs(LexicalIndex lexical, String path) {
    String fileName = TestNames.fileName(path);
    String stem = TestNames.stem(fileName);
    List<String> out = new ArrayList<>();
    Optional<TestNames.Subject> subject = TestNames.subject(fileName);
    if (subject.isPresent()) {
      for (String p : lexical.pathsWithStem(subject.get().stem())) {
        if (TestNames.tests(path, p)) {
          out.add(p);
        }
      }
      return out;
    }
    for (String testStem : List.of(stem, stem + "Test", stem + "Tests", stem + "IT", "Test" + stem, "test_" + stem, stem + "_test",
        stem + "_spec")) {
      for (String p : lexical.pathsWithStem(testStem)) {
        if (!p.equals(path) && TestNames.tests(p, path)) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /** The definitions of {@code path} whose names share the most task terms (a compound identifier counts 3). */
  private static List<Plan.Span> spans(PlanIndex.View view, String path, List<String> terms) throws SymdexException {
    Optional<FactsView> facts = view.searcher().snapshot().factsView(path);
    if (facts.isEmpty() || terms.isEmpty()) {
      return List.of();
    }
    Set<String> wanted = Set.copyOf(terms);
    record Scored(Plan.Span span, int score) {}
    List<Scored> scored = new ArrayList<>();
    FactsView f = facts.get();
    f.definitions(-1, (index, name, kind, visibility, container, line, column, endLine) -> {
      String simple = f.string(name);
      int s = 0;
      for (String t : new TreeSet<>(LexicalIndex.termsOf(simple))) {
        if (wanted.contains(t)) {
          s += t.equals(simple.toLowerCase(Locale.ROOT)) && Terms.split(simple).size() > 1 ? 3 : 1;
        }
      }
      if (s > 0) {
        String qualified = container < 0 ? simple : f.container(container) + "." + simple;
        scored.add(new Scored(new Plan.Span(qualified, kind.name().toLowerCase(Locale.ROOT), line, endLine), s));
      }
    });
    scored.sort(Comparator.comparingInt(Scored::score).reversed().thenComparingInt(s -> s.span().line()));
    return scored.stream().limit(SPANS_PER_FILE).map(Scored::span).toList();
  }

  /** Signal contributions per file. */
  static final class Scores {
    private record Contribution(double weight, String detail) {}

    private final Map<String, EnumMap<Signal, Contribution>> byPath = new LinkedHashMap<>();

    /** Adds (or raises) {@code signal}'s contribution to {@code path}. */
    void add(String path, Signal signal, double weight, String detail) {
      if (!(weight > 0)) {
        return;
      }
      EnumMap<Signal, Contribution> m = byPath.computeIfAbsent(path, p -> new EnumMap<>(Signal.class));
      Contribution old = m.get(signal);
      if (old == null || old.weight() < weight) {
        m.put(signal, new Contribution(weight, detail));
      }
    }

    Set<String> paths() {
      return byPath.keySet();
    }

    double total(String path) {
      EnumMap<Signal, Contribution> m = byPath.get(path);
      double t = 0;
      if (m != null) {
        for (Contribution c : m.values()) { // enum order: a fixed sum
          t += c.weight();
        }
      }
      return t;
    }

    /** Every scored path, best first, ties by path. */
    List<String> ranked() {
      Map<String, Double> totals = new HashMap<>();
      for (String p : byPath.keySet()) {
        totals.put(p, total(p));
      }
      List<String> out = new ArrayList<>(byPath.keySet());
      out.sort(Comparator.comparingDouble((String p) -> totals.get(p)).reversed().thenComparing(Comparator.naturalOrder()));
      return out;
    }

    List<Plan.Reason> reasons(String path) {
      List<Plan.Reason> out = new ArrayList<>();
      byPath.getOrDefault(path, new EnumMap<>(Signal.class)).forEach((s, c) -> out.add(new Plan.Reason(s, c.weight(), c.detail())));
      return out;
    }
  }
}
