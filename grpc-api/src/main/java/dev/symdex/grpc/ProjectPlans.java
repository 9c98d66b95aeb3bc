package dev.symdex.grpc;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.explore.Centrality;
import dev.symdex.engine.query.explore.ExploreMemo;
import dev.symdex.engine.query.explore.SubProjectLayout;
import dev.symdex.engine.query.explore.SubProjects;
import dev.symdex.engine.query.plan.Plan;
import dev.symdex.engine.query.plan.PlanIndex;
import dev.symdex.engine.query.plan.Planner;
import dev.symdex.engine.query.plan.Signal;
import dev.symdex.engine.query.plan.TokenCounter;
import dev.symdex.engine.query.rank.RankCache;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Plan for every project a server answers for: one {@link PlanIndex} per project, made on the
 * project's first plan or map and kept across requests (so each plan only moves it by what changed
 * since the last), and one {@link Planner}. A project's index goes with its backend (held weakly),
 * as the {@link AnswerCache}'s entries do. Thread-safe: plans of one project are serialized by its
 * index.
 *
 * <p>What a request would otherwise build from scratch (a large project's first file graph: every
 * call site resolved) is built on {@code warmer}, one project at a time, started by the first
 * request that finds it missing; requests meanwhile answer without it and say so ({@link
 * PlanIndex#graphFor}).
 */
final class ProjectPlans {
  private static final Logger LOG = Logger.getLogger(ProjectPlans.class.getName());
  private final Planner planner = new Planner(TokenCounter.o200k());
  private final Map<IndexBackend, PlanIndex> indexes = new WeakHashMap<>();
  private final Map<IndexBackend, Boolean> warming = new WeakHashMap<>();
  private final Map<IndexBackend, ExploreMemo> memos = new WeakHashMap<>();
  private final Executor warmer;

  /** @param warmer runs the background builds (one at a time is enough) */
  ProjectPlans(Executor warmer) {
    this.warmer = warmer;
  }

  /** The plan for {@code task} from {@code s}, a searcher of {@code backend}, its candidates the files {@code within} accepts. */
  Plan plan(IndexBackend backend, Searcher s, String task, int budget, Set<Signal> signals, int limit, Predicate<String> within)
      throws SymdexException {
    PlanIndex index = index(backend);
    warmIfMissing(backend, index, s);
    return index.with(s, view -> planner.plan(view, task, budget, signals, limit, within));
  }

  /**
   * The files of {@code backend}'s sub-project {@code scope} (see {@link SubProjectLayout#resolve})
   * at {@code s}'s generation; every file for an empty scope.
   *
   * @throws SymdexException.InvalidQuery when no sub-project has that name or directory
   */
  Predicate<String> scope(IndexBackend backend, Searcher s, String scope) throws SymdexException {
    if (scope.isEmpty()) {
      return path -> true;
    }
    SubProjectLayout layout = SubProjects.layout(s, Path.of(backend.runtimeStatus().root()), exploreMemo(backend));
    return layout.within(layout.resolve(scope));
  }

  /** The sub-projects of {@code backend} at {@code s}'s generation, with what each holds (kept per generation). */
  List<SubProjects.Summary> subProjects(IndexBackend backend, Searcher s) throws SymdexException {
    return SubProjects.summaries(s, Path.of(backend.runtimeStatus().root()), exploreMemo(backend));
  }

  /** The best {@code n} files for {@code task} from {@code s} (every signal) among those {@code within} accepts, best first. */
  List<String> top(IndexBackend backend, Searcher s, String task, int n, Predicate<String> within) throws SymdexException {
    return index(backend).with(s, view -> planner.rank(view, task, EnumSet.allOf(Signal.class), n, within))
        .stream().map(Plan.Item::path).toList();
  }

  /** Explore's centrality for {@code backend}: the global ranks its plan index keeps per generation. */
  Centrality centrality(IndexBackend backend) {
    PlanIndex index = index(backend);
    return searcher -> {
      warmIfMissing(backend, index, searcher);
      return index.graphFor(searcher).map(RankCache.Current::centrality);
    };
  }

  /**
   * Starts building {@code index}'s graph (and lexical index) on the warmer when the request path
   * will not ({@link PlanIndex#graphFor}); once per backend until it is built.
   */
  private void warmIfMissing(IndexBackend backend, PlanIndex index, Searcher s) {
    if (index.ranks().latest().isPresent() || s.snapshot().counts().files() <= PlanIndex.GRAPH_ON_REQUEST_MAX_FILES) {
      return;
    }
    synchronized (indexes) {
      if (warming.put(backend, Boolean.TRUE) != null) {
        return;
      }
    }
    warmer.execute(() -> {
      long start = System.nanoTime();
      try (Searcher w = backend.searcher()) {
        index.warm(w);
        LOG.info(() -> String.format(Locale.ROOT, "plan: built the lexical index and file graph of %s in %.1f s",
            index.root(), (System.nanoTime() - start) / 1e9));
      } catch (SymdexException | RuntimeException e) {
        LOG.log(Level.WARNING, "plan: building the file graph of " + index.root() + " failed; the next request tries again", e);
        synchronized (indexes) {
          warming.remove(backend);
        }
      }
    });
  }

  /** What this keeps for {@code backend} (plan index, map memo), estimated: 0 when it keeps nothing. */
  long heldBytes(IndexBackend backend) {
    PlanIndex index;
    ExploreMemo memo;
    synchronized (indexes) {
      index = indexes.get(backend);
      memo = memos.get(backend);
    }
    return (index == null ? 0 : index.estimatedBytes()) + (memo == null ? 0 : memo.estimatedBytes());
  }

  /**
   * Forgets what this keeps for {@code backend}: its next plan or map starts afresh (a build of its
   * graph running in the background finishes into the forgotten index, and is not used).
   */
  void release(IndexBackend backend) {
    synchronized (indexes) {
      indexes.remove(backend);
      memos.remove(backend);
      warming.remove(backend);
    }
  }

  /** What {@code backend}'s maps keep between requests. */
  ExploreMemo exploreMemo(IndexBackend backend) {
    synchronized (indexes) {
      return memos.computeIfAbsent(backend, b -> ExploreMemo.create());
    }
  }

  private PlanIndex index(IndexBackend backend) {
    synchronized (indexes) {
      return indexes.computeIfAbsent(backend, b -> new PlanIndex(Path.of(b.runtimeStatus().root())));
    }
  }
}
