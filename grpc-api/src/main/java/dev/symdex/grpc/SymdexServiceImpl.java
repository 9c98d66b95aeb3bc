package dev.symdex.grpc;

import com.google.protobuf.Message;
import dev.symdex.engine.Quote;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.query.CallGraph;
import dev.symdex.engine.query.DefinitionQuery;
import dev.symdex.engine.query.Delta;
import dev.symdex.engine.query.ImportGraph;
import dev.symdex.engine.query.QueryResult;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.explore.Caps;
import dev.symdex.engine.query.explore.Detail;
import dev.symdex.engine.query.explore.Explorer;
import dev.symdex.engine.query.plan.Plan;
import dev.symdex.proto.v1.AddProjectRequest;
import dev.symdex.proto.v1.AddProjectResponse;
import dev.symdex.proto.v1.CalleesRequest;
import dev.symdex.proto.v1.CalleesResponse;
import dev.symdex.proto.v1.CallersRequest;
import dev.symdex.proto.v1.CallersResponse;
import dev.symdex.proto.v1.DeltaRequest;
import dev.symdex.proto.v1.DeltaResponse;
import dev.symdex.proto.v1.DependentsRequest;
import dev.symdex.proto.v1.DependentsResponse;
import dev.symdex.proto.v1.ExploreRequest;
import dev.symdex.proto.v1.ExploreResponse;
import dev.symdex.proto.v1.FileOutlineRequest;
import dev.symdex.proto.v1.FileOutlineResponse;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.FindDefinitionsResponse;
import dev.symdex.proto.v1.FindReferencesRequest;
import dev.symdex.proto.v1.FindReferencesResponse;
import dev.symdex.proto.v1.ImportsRequest;
import dev.symdex.proto.v1.ImportsResponse;
import dev.symdex.proto.v1.ListProjectsRequest;
import dev.symdex.proto.v1.ListProjectsResponse;
import dev.symdex.proto.v1.MatchMode;
import dev.symdex.proto.v1.PlanRanks;
import dev.symdex.proto.v1.PlanRequest;
import dev.symdex.proto.v1.PlanResponse;
import dev.symdex.proto.v1.RemoveProjectRequest;
import dev.symdex.proto.v1.RemoveProjectResponse;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.StatusRequest;
import dev.symdex.proto.v1.StatusResponse;
import dev.symdex.proto.v1.SubscribeRequest;
import dev.symdex.proto.v1.SubscribeResponse;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import dev.symdex.proto.v1.SyncRequest;
import dev.symdex.proto.v1.SyncResponse;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code symdex.v1.SymdexService}: each method decodes the request, asks the backend, encodes the
 * answer; errors go through {@link Statuses}. Thread-safe.
 *
 * <p>Where a call runs: the server hands calls to the service on the transport thread that read
 * them. A bounded lookup that cannot block (an exact FindDefinitions, FindReferences, FileOutline
 * of one page of at most {@value #INLINE_MAX_ROWS} rows, without sync or with_source) is answered right there:
 * no hand-off between threads, which on a small machine costs more than the lookup. Everything
 * else (a sync, a walk, a fuzzy scan, git, project changes, deep pages) goes to the server's
 * bounded pool, so a slow call never holds up the connections sharing its transport thread.
 * Answers of read queries are kept per generation in an {@link AnswerCache}.
 */
final class SymdexServiceImpl extends SymdexServiceGrpc.SymdexServiceImplBase {
  static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(10);
  static final Duration MAX_SYNC_TIMEOUT = Duration.ofMinutes(5);

  /** The rows of a list query against a snapshot: its first {@code end} rows, and whether more exist. */
  private interface Rows<R> {
    Found<R> first(Searcher s, int end) throws SymdexException;
  }

  /**
   * A query's first rows, whether more exist, and whether rows were left out for good (a call
   * walk's fan-out cap: truncated, with no page to list them).
   */
  private record Found<R>(List<R> rows, boolean more, boolean capped) {
    Found(List<R> rows, boolean more) {
      this(rows, more, false);
    }

    static Found<Result> of(QueryResult r) {
      return new Found<>(ProtoMapper.results(r.hits()), r.truncated());
    }

    static Found<Result> of(CallGraph.Walk w) {
      return new Found<>(ProtoMapper.steps(w.steps()), w.truncated(), w.capped());
    }
  }

  /** Builds a response message from the common list answer fields. */
  private interface Response<T> {
    T build(String head, long generation, long pending, List<Result> results, boolean truncated, String nextPageToken);
  }

  /** A computation that may fail with anything; mapped to a Status at the boundary. */
  private interface Call<T> {
    T call() throws Exception;
  }

  /** A computation on one project's backend. */
  private interface ProjectCall<T> {
    T call(IndexBackend backend) throws Exception;
  }

  /** Largest page a call answers on the transport thread; larger ones go to the pool. */
  static final int INLINE_MAX_ROWS = 1_000;

  private final Projects projects;
  private final Executor pool;
  private final AnswerCache cache;
  private final ProjectPlans plans;

  /**
   * @param pool runs the calls that may block or run long (see the class comment)
   * @param cache answers kept per generation
   * @param plans each project's plan index, kept across requests
   */
  SymdexServiceImpl(Projects projects, Executor pool, AnswerCache cache, ProjectPlans plans) {
    this.projects = projects;
    this.pool = pool;
    this.cache = cache;
    this.plans = plans;
  }

  /**
   * True for a first page of at most {@link #INLINE_MAX_ROWS} rows that does not wait (sync) or
   * read files (with_source): bounded work that never blocks.
   */
  private static boolean quick(boolean waitsOrReads, String pageToken, int limit) {
    return !waitsOrReads && pageToken.isEmpty() && limit <= INLINE_MAX_ROWS; // 0: the default limit, at most 1,000
  }

  @Override
  public void findDefinitions(FindDefinitionsRequest req, StreamObserver<FindDefinitionsResponse> out) {
    boolean exact = req.getMatch() == MatchMode.MATCH_MODE_UNSPECIFIED
        || req.getMatch() == MatchMode.MATCH_MODE_EXACT;
    answer(out, req.getProject(), exact && quick(req.getSync() || req.getWithSource() || !req.getScope().isEmpty(), req.getPageToken(),
        req.getLimit()), backend -> {
      int limit = ProtoMapper.limit(req.getName(), req.getLimit());
      DefinitionQuery q = ProtoMapper.definitionQuery(req);
      Details details = new Details(RowDetails.Role.DEFINITIONS, req.getWithSource());
      return results(backend, req, limit, req.getPageToken(), req.getSync(), details,
          scoped(backend, req.getScope(), Scoped::result, (s, n) -> Found.of(s.findDefinitions(q, n))),
          (h, g, pc, r, t, next) -> FindDefinitionsResponse.newBuilder().setHead(h).setGeneration(g).setPendingChanges(pc)
              .addAllResults(r).setTruncated(t).setNextPageToken(next).build());
    });
  }

  @Override
  public void findReferences(FindReferencesRequest req, StreamObserver<FindReferencesResponse> out) {
    answer(out, req.getProject(), quick(req.getSync() || req.getWithSource() || !req.getScope().isEmpty(), req.getPageToken(),
        req.getLimit()), backend -> results(backend, req, ProtoMapper.limit(req.getName(), req.getLimit()), req.getPageToken(),
        req.getSync(), new Details(RowDetails.Role.REFERENCES, req.getWithSource()),
        scoped(backend, req.getScope(), Scoped::result, (s, n) -> Found.of(s.references(req.getName(), n))),
        (h, g, pc, r, t, next) -> FindReferencesResponse.newBuilder().setHead(h).setGeneration(g).setPendingChanges(pc)
            .addAllResults(r).setTruncated(t).setNextPageToken(next).build()));
  }

  @Override
  public void callers(CallersRequest req, StreamObserver<CallersResponse> out) {
    answer(out, req.getProject(), false, backend -> {
      int limit = ProtoMapper.limit(req.getName(), req.getLimit());
      int depth = ProtoMapper.depth(req.getDepth());
      int fanOut = ProtoMapper.fanOut(req.getMaxFanOut());
      String path = req.getPath().isEmpty() ? "" : ProtoMapper.path(req.getPath());
      return results(backend, req, limit, req.getPageToken(), req.getSync(), new Details(RowDetails.Role.CALLERS, req.getWithSource()),
          scoped(backend, req.getScope(), Scoped::result, (s, n) -> Found.of(s.callGraph().callers(req.getName(), path, depth, fanOut, n))),
          (h, g, pc, r, t, next) -> CallersResponse.newBuilder().setHead(h).setGeneration(g).setPendingChanges(pc)
              .addAllResults(r).setTruncated(t).setNextPageToken(next).build());
    });
  }

  @Override
  public void callees(CalleesRequest req, StreamObserver<CalleesResponse> out) {
    answer(out, req.getProject(), false, backend -> {
      int limit = ProtoMapper.limit(req.getName(), req.getLimit());
      int depth = ProtoMapper.depth(req.getDepth());
      int fanOut = ProtoMapper.fanOut(req.getMaxFanOut());
      return results(backend, req, limit, req.getPageToken(), req.getSync(), new Details(RowDetails.Role.CALLEES, req.getWithSource()),
          scoped(backend, req.getScope(), Scoped::result, (s, n) -> Found.of(s.callGraph().callees(req.getName(), depth, fanOut, n))),
          (h, g, pc, r, t, next) -> CalleesResponse.newBuilder().setHead(h).setGeneration(g).setPendingChanges(pc)
              .addAllResults(r).setTruncated(t).setNextPageToken(next).build());
    });
  }

  /** A layered map of the project (see {@link Explorer}), narrowed to {@code focus} when given. */
  @Override
  public void explore(ExploreRequest req, StreamObserver<ExploreResponse> out) {
    answer(out, req.getProject(), false, backend -> {
      ready(backend, req.getSync());
      Path root = Path.of(backend.runtimeStatus().root());
      Optional<String> focus = req.getFocus().isBlank() ? Optional.empty() : Optional.of(req.getFocus());
      Detail detail = req.hasDetail() ? Detail.ofLevel(req.getDetail()).orElseThrow(() -> new SymdexException.InvalidQuery(
          "detail must be 0, 1 or 2, was " + req.getDetail())) : Detail.FULL;
      if (req.getTokenBudget() < 0) {
        throw new SymdexException.InvalidQuery("token_budget must not be negative, was " + req.getTokenBudget());
      }
      Optional<String> since = req.getSince().isBlank() ? Optional.empty() : Optional.of(req.getSince());
      Context ctx = Context.current();
      try (Searcher s = backend.searcher().cancelWhen(ctx::isCancelled)) {
        Optional<String> scope = req.getScope().isEmpty() ? Optional.empty() : Optional.of(req.getScope());
        return ExploreMapper.response(s, new Explorer(s, root, plans.centrality(backend), plans.exploreMemo(backend))
            .explore(focus, scope, detail, since, Caps.DEFAULTS), req.getTokenBudget(), backend.pendingChanges());
      }
    });
  }

  /**
   * The files that matter to a task, ranked with their reasons and spans, the best packed into the
   * token budget (see {@link dev.symdex.engine.query.plan.Planner}). The project's plan index is
   * brought to the answering generation first; that update is not cut short by a cancelled call, so
   * the index stays whole for the next request.
   */
  @Override
  public void plan(PlanRequest req, StreamObserver<PlanResponse> out) {
    answer(out, req.getProject(), false, backend -> {
      String task = PlanMapper.task(req.getTask());
      int budget = PlanMapper.budget(req.getTokenBudget());
      int limit = PlanMapper.limit(req.getLimit());
      var signals = PlanMapper.signals(req);
      ready(backend, req.getSync());
      try (Searcher s = backend.searcher()) {
        Plan plan = plans.plan(backend, s, task, budget, signals, limit, plans.scope(backend, s, req.getScope()));
        return PlanMapper.response(plan, backend.pendingChanges());
      }
    });
  }

  /** The definitions of one file in source order; NOT_FOUND for a file the index does not have. */
  @Override
  public void fileOutline(FileOutlineRequest req, StreamObserver<FileOutlineResponse> out) {
    answer(out, req.getProject(), quick(req.getSync() || req.getWithSource() || !req.getScope().isEmpty(), req.getPageToken(),
        req.getLimit()), backend -> {
      String path = ProtoMapper.path(req.getPath());
      Details details = new Details(RowDetails.Role.DEFINITIONS, req.getWithSource());
      return results(backend, req, ProtoMapper.deltaLimit(req.getLimit()), req.getPageToken(), req.getSync(), details,
          scoped(backend, req.getScope(), Scoped::result, (s, n) -> {
            List<Result> all = ProtoMapper.results(s.outline(path));
            return new Found<>(all.subList(0, Math.min(n, all.size())), all.size() > n);
          }), (h, g, pc, r, t, next) -> FileOutlineResponse.newBuilder().setHead(h).setGeneration(g).setPendingChanges(pc)
          .addAllResults(r).setTruncated(t).setNextPageToken(next).build());
    });
  }

  @Override
  public void delta(DeltaRequest req, StreamObserver<DeltaResponse> out) {
    answer(out, req.getProject(), false, backend -> {
      int limit = ProtoMapper.deltaLimit(req.getLimit());
      PageToken.Cursor cursor = PageToken.decode(req.getPageToken(), req);
      ready(backend, req.getSync());
      try (Searcher s = backend.searcher()) {
        Delta delta = req.getScope().isEmpty() ? s.delta(req.getSince(), cursor.end(limit))
            : Scoped.delta(s, req.getSince(), cursor.end(limit), plans.scope(backend, s, req.getScope()));
        return ProtoMapper.delta(delta, cursor, limit, backend.pendingChanges());
      }
    });
  }

  @Override
  public void dependents(DependentsRequest req, StreamObserver<DependentsResponse> out) {
    answer(out, req.getProject(), false, backend -> {
      String path = ProtoMapper.path(req.getPath());
      int limit = ProtoMapper.deltaLimit(req.getLimit());
      if (req.getDepth() < 0) {
        throw new SymdexException.InvalidQuery("depth must not be negative");
      }
      return page(backend, req, limit, req.getPageToken(), req.getSync(), scoped(backend, req.getScope(),
          (ImportGraph.Dependent d, Predicate<String> within) -> within.test(d.path()), (s, n) -> {
            var found = s.dependents(path, req.getDepth(), n);
            return new Found<>(found.getKey(), found.getValue());
          }), (s, p) -> ProtoMapper.dependents(s, p, backend.pendingChanges()));
    });
  }

  @Override
  public void imports(ImportsRequest req, StreamObserver<ImportsResponse> out) {
    answer(out, req.getProject(), false, backend -> {
      String path = ProtoMapper.path(req.getPath());
      return page(backend, req, ProtoMapper.deltaLimit(req.getLimit()), req.getPageToken(), req.getSync(), scoped(backend,
          req.getScope(), (ImportGraph.ResolvedImport i, Predicate<String> within) -> i.target().paths().stream().anyMatch(within),
          (s, n) -> {
            if (s.snapshot().file(path).isEmpty()) {
              throw new SymdexException.NotFound("no file " + Quote.of(path) + " in the index");
            }
            var all = s.imports(path);
            return new Found<>(all.subList(0, Math.min(n, all.size())), all.size() > n);
          }), (s, p) -> ProtoMapper.imports(s, p, backend.pendingChanges()));
    });
  }

  @Override
  public void status(StatusRequest req, StreamObserver<StatusResponse> out) {
    answer(out, req.getProject(), false, backend -> {
      try (Searcher s = backend.searcher()) {
        return ProtoMapper.status(s.snapshot(), backend.runtimeStatus());
      }
    });
  }

  @Override
  public void sync(SyncRequest req, StreamObserver<SyncResponse> out) {
    answer(out, req.getProject(), false, backend -> {
      SyncResult r = backend.sync(syncTimeout(req.getTimeoutMs()));
      return SyncResponse.newBuilder().setHead(r.head()).setGeneration(r.generation())
          .setPendingChanges(r.pendingChanges()).setWaitedMs(r.waitedMillis()).build();
    });
  }

  /**
   * Streams each committed change. A subscriber whose stream is not ready (it reads too slowly)
   * misses changes instead of the daemon buffering them; when it is ready again it gets a message
   * with {@code resync} set, then the changes that follow.
   *
   * <p>With {@code plan_task}, the task's top files are ranked on the pool when the subscription
   * starts and after each generation, one ranking at a time per subscriber; a ranking that differs
   * from the last one sent is sent as {@code plan_ranks} (the first always is). A ranking that
   * cannot be made (the index is not ready, the pool is full) is skipped: the next generation
   * ranks again.
   *
   * <p>With {@code scope}, the sub-project is resolved when the subscription starts (on the pool:
   * it may read build files), and then only its files are listed and ranked; a generation that
   * changed none of them sends nothing (unless its list was truncated).
   */
  @Override
  public void subscribe(SubscribeRequest req, StreamObserver<SubscribeResponse> out) {
    ServerCallStreamObserver<SubscribeResponse> stream = (ServerCallStreamObserver<SubscribeResponse>) out;
    StreamHandlers handlers = new StreamHandlers();
    stream.setOnCancelHandler(handlers::cancelled);
    stream.setOnReadyHandler(handlers::ready);
    if (req.getScope().isEmpty()) {
      subscribe(req, stream, handlers, path -> true);
      return;
    }
    try {
      pool.execute(Context.current().wrap(() -> {
        Predicate<String> within;
        try (Projects.Lease lease = projects.lease(req.getProject())) {
          IndexBackend backend = lease.backend();
          backend.requireIndexed();
          try (Searcher s = backend.searcher()) {
            within = plans.scope(backend, s, req.getScope());
          }
        } catch (ProjectException | SymdexException | RuntimeException e) {
          out.onError(Statuses.toStatus(e));
          return;
        }
        subscribe(req, stream, handlers, within);
      }));
    } catch (RejectedExecutionException e) {
      out.onError(Statuses.notTaken(pool instanceof ExecutorService es && es.isShutdown()));
    }
  }

  /** Subscribes to the changes (and ranks) of the files {@code within} accepts. */
  private void subscribe(SubscribeRequest req, ServerCallStreamObserver<SubscribeResponse> stream, StreamHandlers handlers,
      Predicate<String> within) {
    IndexBackend backend;
    int top;
    try (Projects.Lease lease = projects.lease(req.getProject())) {
      backend = lease.backend(); // a subscription holds the feed, not the index
      top = PlanMapper.top(req.getPlanTop());
    } catch (ProjectException | SymdexException e) {
      stream.onError(Statuses.toStatus(e));
      return;
    }
    Object lock = new Object();
    boolean[] behind = {false};
    long[] lastGeneration = {0};
    Runnable rank = req.getPlanTask().isBlank() ? () -> {} : ranker(req.getProject(), req.getPlanTask(), top, within, ranks -> {
      synchronized (lock) {
        if (stream.isCancelled()) {
          return;
        }
        if (!stream.isReady()) {
          behind[0] = true;
          return;
        }
        stream.onNext(ranks);
      }
    });
    AutoCloseable subscription = backend.changes().subscribe(result -> {
      SubscribeResponse change = Scoped.change(ProtoMapper.change(result), within);
      boolean noneInScope = change.getFilesCount() == 0 && !change.getTruncated() && !result.changes().isEmpty();
      synchronized (lock) {
        if (stream.isCancelled()) {
          return;
        }
        if (noneInScope) {
          // the generation changed none of the scope's files: nothing to send (its ranks may still move)
        } else if (!stream.isReady()) {
          behind[0] = true;
        } else {
          if (behind[0]) {
            stream.onNext(SubscribeResponse.newBuilder().setResync(true)
                .setGeneration(lastGeneration[0]).build());
            behind[0] = false;
          }
          stream.onNext(change);
          lastGeneration[0] = result.generation();
        }
      }
      rank.run();
    }, () -> {
      synchronized (lock) {
        if (!stream.isCancelled()) {
          try {
            stream.onError(Statuses.projectRemoved());
          } catch (RuntimeException e) {
            // the transport is already gone (the daemon is shutting down): nobody to tell
          }
        }
      }
    });
    handlers.bind(subscription, () -> {
      synchronized (lock) {
        if (behind[0] && stream.isReady() && !stream.isCancelled()) {
          stream.onNext(SubscribeResponse.newBuilder().setResync(true).setGeneration(lastGeneration[0]).build());
          behind[0] = false;
        }
      }
    });
    rank.run();
  }

  /**
   * What ranks {@code task}'s top {@code n} files for one subscriber of {@code project}: each run
   * hands a ranking to the pool, which leases the project, ranks at its newest generation (unless
   * that one was ranked already) and gives {@code send} a message when the top changed.
   */
  private Runnable ranker(String project, String task, int n, Predicate<String> within, Consumer<SubscribeResponse> send) {
    RankChanges changes = new RankChanges();
    Runnable work = () -> {
      synchronized (changes) {
        try (Projects.Lease lease = projects.lease(project); Searcher s = lease.backend().searcher()) {
          IndexBackend backend = lease.backend();
          backend.requireIndexed();
          if (s.generation() <= changes.generation()) {
            return;
          }
          Optional<PlanRanks> changed = changes.next(s.generation(), plans.top(backend, s, task, n, within));
          changed.ifPresent(r -> send.accept(SubscribeResponse.newBuilder().setHead(s.head()).setGeneration(s.generation())
              .setPlanRanks(r).build()));
        } catch (ProjectException | SymdexException e) {
          // not ready, or the project is gone: the next generation (if any) ranks again
        }
      }
    };
    return () -> {
      try {
        pool.execute(work);
      } catch (RejectedExecutionException e) {
        // the pool is full or stopping: the next generation ranks again
      }
    };
  }

  @Override
  public void addProject(AddProjectRequest req, StreamObserver<AddProjectResponse> out) {
    answer(out, false, () -> AddProjectResponse.newBuilder()
        .setProject(ProtoMapper.project(projects.add(ProtoMapper.root(req.getRoot())))).build());
  }

  @Override
  public void removeProject(RemoveProjectRequest req, StreamObserver<RemoveProjectResponse> out) {
    answer(out, false, () -> RemoveProjectResponse.newBuilder()
        .setProject(ProtoMapper.project(projects.remove(req.getProject()))).build());
  }

  @Override
  public void listProjects(ListProjectsRequest req, StreamObserver<ListProjectsResponse> out) {
    answer(out, false, () -> {
      var b = ListProjectsResponse.newBuilder();
      for (ProjectInfo p : projects.list()) {
        b.addProjects(req.getWithSubProjects() ? ProtoMapper.project(p).toBuilder().addAllSubProjects(subProjects(p)).build()
            : ProtoMapper.project(p));
      }
      return b.build();
    });
  }

  /**
   * The sub-projects of {@code p} (kept per generation); none while it has no complete index or
   * once it is gone.
   */
  private List<dev.symdex.proto.v1.SubProject> subProjects(ProjectInfo p) throws SymdexException {
    try (Projects.Lease lease = projects.lease(p.root())) {
      IndexBackend backend = lease.backend();
      backend.requireIndexed();
      try (Searcher s = backend.searcher()) {
        return SubProjectMapper.subProjects(plans.subProjects(backend, s));
      }
    } catch (ProjectException | SymdexException.Indexing e) {
      return List.of();
    }
  }

  /** Whether a row is in a scope (the files of a sub-project). */
  interface InScope<R> {
    boolean test(R row, Predicate<String> within);
  }

  /**
   * {@code rows} narrowed to the files of {@code backend}'s sub-project {@code scope} (see {@link
   * Scoped}); {@code rows} itself for an empty scope. An unknown scope fails the query
   * (INVALID_ARGUMENT).
   */
  private <R> Rows<R> scoped(IndexBackend backend, String scope, InScope<R> inScope, Rows<R> rows) {
    if (scope.isEmpty()) {
      return rows;
    }
    return (s, end) -> {
      Predicate<String> within = plans.scope(backend, s, scope);
      Scoped.Rows<R> found = Scoped.first(n -> {
        Found<R> f = rows.first(s, n);
        return new Scoped.Rows<>(f.rows(), f.more(), f.capped());
      }, end, row -> inScope.test(row, within));
      return new Found<>(found.rows(), found.more(), found.capped());
    };
  }

  /** What a query's rows are, and whether they carry their source lines (see {@link RowDetails}). */
  private record Details(RowDetails.Role role, boolean withSource) {}

  /** One page of a query whose rows are {@link Result}s, each given its {@code details}. */
  private <T extends Message> T results(IndexBackend backend, Message req, int limit, String token, boolean sync, Details details,
      Rows<Result> rows, Response<T> response) throws Exception {
    return page(backend, req, limit, token, sync, rows, (s, p) -> {
      Path root = details.withSource() ? Path.of(backend.runtimeStatus().root()) : null;
      List<Result> page = RowDetails.add(s, root, details.role(), details.withSource(), p.rows());
      return response.build(s.head(), s.generation(), backend.pendingChanges(), page, p.truncated(), p.nextToken());
    });
  }

  /**
   * One page of a list query: decodes the page token, waits for pending changes when asked, and
   * answers from the cache when this request was answered at this generation before; else runs
   * the query on a snapshot that stops once the call is cancelled (or past its deadline), cuts the
   * page out of its first rows, and keeps the answer.
   */
  private <R, T extends Message> T page(IndexBackend backend, Message req, int limit, String token, boolean sync, Rows<R> rows,
      Paged<R, T> response) throws Exception {
    PageToken.Cursor cursor = PageToken.decode(token, req);
    ready(backend, sync);
    Context ctx = Context.current();
    try (Searcher s = backend.searcher().cancelWhen(ctx::isCancelled)) {
      cursor.checkGeneration(s.generation());
      T cached = cache.get(backend, s.generation(), req, backend.pendingChanges());
      if (cached != null) {
        return cached;
      }
      Found<R> found = rows.first(s, cursor.end(limit));
      T answer = response.build(s, cursor.page(found.rows(), found.more(), found.capped(), limit, s.generation()));
      cache.put(backend, s.generation(), req, answer);
      return answer;
    }
  }

  /**
   * Makes sure {@code backend} may answer a query: with {@code sync}, waits (within the call's
   * deadline) for every change made so far, the first index included; then refuses an index that
   * never held the whole tree.
   */
  private static void ready(IndexBackend backend, boolean sync) throws SymdexException, InterruptedException {
    if (sync) {
      backend.sync(callTime(MAX_SYNC_TIMEOUT));
    }
    backend.requireIndexed();
  }

  /** Builds a response from a snapshot and one page of rows. */
  private interface Paged<R, T> {
    T build(Searcher s, PageToken.Page<R> page) throws SymdexException;
  }

  private static Duration syncTimeout(int millis) throws SymdexException.InvalidQuery {
    if (millis < 0) {
      throw new SymdexException.InvalidQuery("timeout_ms must not be negative");
    }
    Duration d = millis == 0 ? DEFAULT_SYNC_TIMEOUT : Duration.ofMillis(millis);
    return callTime(d.compareTo(MAX_SYNC_TIMEOUT) > 0 ? MAX_SYNC_TIMEOUT : d);
  }

  /** {@code d}, or the time left before the call's deadline (the client's, or the default one) when less. */
  private static Duration callTime(Duration d) {
    Deadline deadline = Context.current().getDeadline(); // the client's, or the default one
    if (deadline != null) {
      Duration left = Duration.ofMillis(Math.max(0, deadline.timeRemaining(TimeUnit.MILLISECONDS)));
      d = d.compareTo(left) > 0 ? left : d;
    }
    return d;
  }

  /**
   * Answers a read from the backend of {@code project}, which stays open (leased) until the
   * answer is made. A read whose deadline passed (or whose client left) while it ran stopped
   * early: its partial answer must not pass for a whole one, so it becomes DEADLINE_EXCEEDED (or
   * CANCELLED).
   */
  private <T> void answer(StreamObserver<T> out, String project, boolean inline, ProjectCall<T> call) {
    answer(out, inline, () -> {
      T value = null;
      boolean stopped = false;
      Context ctx = Context.current();
      try (Projects.Lease lease = projects.lease(project)) {
        value = call.call(lease.backend());
      } catch (SymdexException.Cancelled e) {
        stopped = true; // the engine stopped the query because the call ended: say why below
      }
      if (stopped || ctx.isCancelled()) {
        boolean expired = ctx.getDeadline() != null && ctx.getDeadline().isExpired();
        String why = stopped ? "the query was cancelled" : "call cancelled";
        throw Statuses.stopped(expired, why);
      }
      return value;
    });
  }

  /** Runs {@code call} here when {@code inline}, else on the pool (in this call's context), and sends its answer or error. */
  private <T> void answer(StreamObserver<T> out, boolean inline, Call<T> call) {
    if (inline) {
      answerNow(out, call);
      return;
    }
    try {
      pool.execute(Context.current().wrap(() -> answerNow(out, call)));
    } catch (RejectedExecutionException e) {
      boolean stopping = pool instanceof ExecutorService es && es.isShutdown();
      out.onError(Statuses.notTaken(stopping));
    }
  }

  private static <T> void answerNow(StreamObserver<T> out, Call<T> call) {
    T value;
    try {
      value = call.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.onError(Statuses.toStatus(e));
      return;
    } catch (Exception e) { // the RPC boundary: everything becomes a Status here, and only here
      out.onError(Statuses.toStatus(e));
      return;
    }
    out.onNext(value);
    out.onCompleted();
  }
}
