package dev.symdex.grpc;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.explore.Centrality;
import dev.symdex.engine.query.plan.Plan;
import dev.symdex.engine.query.plan.PlanIndex;
import dev.symdex.engine.query.plan.Planner;
import dev.symdex.engine.query.plan.Signal;
import dev.symdex.engine.query.plan.TokenCounter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Plan for every project a server answers for: one {@link PlanIndex} per project, made on the
 * project's first plan and kept across requests (so each plan only moves it by what changed since
 * the last), and one {@link Planner}. A project's index goes with its backend (held weakly), as
 * the {@link AnswerCache}'s entries do. Thread-safe: plans of one project are serialized by its
 * index.
 */
final class ProjectPlans {
  private final Planner planner = new Planner(TokenCounter.o200k());
  private final Map<IndexBackend, PlanIndex> indexes = new WeakHashMap<>();

  /** The plan for {@code task} from {@code s}, a searcher of {@code backend}. */
  Plan plan(IndexBackend backend, Searcher s, String task, int budget, Set<Signal> signals, int limit) throws SymdexException {
    return index(backend).with(s, view -> planner.plan(view, task, budget, signals, limit));
  }

  /** The paths of the best {@code n} files for {@code task} from {@code s} (every signal), best first. */
  List<String> top(IndexBackend backend, Searcher s, String task, int n) throws SymdexException {
    return index(backend).with(s, view -> planner.rank(view, task, EnumSet.allOf(Signal.class), n))
        .stream().map(Plan.Item::path).toList();
  }

  /** Explore's centrality for {@code backend}: the global ranks its plan index keeps per generation. */
  Centrality centrality(IndexBackend backend) {
    PlanIndex index = index(backend);
    return searcher -> index.ranks().at(searcher).centrality();
  }

  private PlanIndex index(IndexBackend backend) {
    synchronized (indexes) {
      return indexes.computeIfAbsent(backend, b -> new PlanIndex(Path.of(b.runtimeStatus().root())));
    }
  }
}
