package dev.symdex.bench.context;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.plan.Plan;
import dev.symdex.engine.query.plan.PlanIndex;
import dev.symdex.engine.query.plan.Planner;
import dev.symdex.engine.query.plan.Signal;
import dev.symdex.engine.query.plan.TokenCounter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * symdex Plan ({@link Planner}) with a set of signals: {@code plan} uses them all; an ablation
 * {@code plan-no-<signal>} leaves one out. One {@link PlanIndex} is kept across tasks (as the
 * daemon keeps one per project), so each task costs what changed since the previous one. Besides
 * the ranking, the plan is packed at each of the harness's budgets ({@link Ranking#packings()}).
 */
final class PlanRanker implements ContextRanker {
  /** Files ranked per task. */
  static final int LIMIT = 200;

  private final String name;
  private final Set<Signal> signals;
  private final Planner planner;
  private final int[] budgets;
  private PlanIndex index;

  private PlanRanker(String name, Set<Signal> signals, Planner.Weights weights, int[] budgets) {
    this.name = name;
    this.signals = signals;
    this.planner = new Planner(TokenCounter.o200k(), weights);
    this.budgets = budgets.clone();
  }

  /**
   * {@code plan} (packed at {@code budgets} too), {@code plan-no-<signal>}, or {@code
   * plan@<signal>=<weight>:...} (the default weights with some changed; for tuning on the tasks
   * that are not held out); empty for another name.
   */
  static Optional<ContextRanker> named(String name, int[] budgets) {
    if (name.equals("plan")) {
      return Optional.of(new PlanRanker(name, EnumSet.allOf(Signal.class), Planner.Weights.DEFAULTS, budgets));
    }
    for (Signal s : Signal.values()) {
      if (name.equals("plan-no-" + s.name().toLowerCase(Locale.ROOT))) {
        EnumSet<Signal> set = EnumSet.allOf(Signal.class);
        set.remove(s);
        return Optional.of(new PlanRanker(name, set, Planner.Weights.DEFAULTS, new int[0]));
      }
    }
    if (name.startsWith("plan@")) {
      Planner.Weights w = Planner.Weights.DEFAULTS;
      for (String kv : name.substring("plan@".length()).split(":", -1)) {
        String[] p = kv.split("=", 2);
        if (p.length != 2) {
          throw new IllegalArgumentException("expected signal=weight in " + name);
        }
        w = w.with(Signal.valueOf(p[0].toUpperCase(Locale.ROOT)), Double.parseDouble(p[1]));
      }
      return Optional.of(new PlanRanker(name, EnumSet.allOf(Signal.class), w, new int[0]));
    }
    return Optional.empty();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Ranking rank(String task, Searcher searcher, Path root) throws SymdexException {
    if (index == null || !index.root().equals(root)) {
      index = new PlanIndex(root);
    }
    return index.with(searcher, view -> {
      List<Plan.Item> items = planner.rank(view, task, signals, LIMIT);
      Map<Integer, Ranking.Packed> packings = new LinkedHashMap<>();
      for (int budget : budgets) {
        Plan plan = planner.pack(view, items, budget, List.of());
        packings.put(budget, new Ranking.Packed(plan.packing().items().stream().map(p -> p.key()).toList(), plan.packing().tokens()));
      }
      return new Ranking(items.stream().map(Plan.Item::path).toList(), packings);
    });
  }
}
