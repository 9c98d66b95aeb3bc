package dev.symdex.grpc;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.index.QueryResult;
import dev.symdex.proto.v1.CalleesRequest;
import dev.symdex.proto.v1.CalleesResponse;
import dev.symdex.proto.v1.CallersRequest;
import dev.symdex.proto.v1.CallersResponse;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.FindDefinitionsResponse;
import dev.symdex.proto.v1.FindReferencesRequest;
import dev.symdex.proto.v1.FindReferencesResponse;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.StatusRequest;
import dev.symdex.proto.v1.StatusResponse;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import dev.symdex.proto.v1.SyncRequest;
import dev.symdex.proto.v1.SyncResponse;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;

/**
 * {@code symdex.v1.SymdexService}: each method decodes the request, asks the backend of the
 * project it names, encodes the answer; errors go through {@link Statuses}. Thread-safe.
 */
final class SymdexServiceImpl extends SymdexServiceGrpc.SymdexServiceImplBase {
  static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(10);
  static final Duration MAX_SYNC_TIMEOUT = Duration.ofMinutes(5);

  /** A query against a snapshot. */
  private interface Query {
    QueryResult run(IndexBackend backend, IndexSnapshot s, int limit) throws SymdexException;
  }

  /** Builds a response message from the common query answer fields. */
  private interface Response<T> {
    T build(String head, long generation, long pending, List<Result> results, boolean truncated);
  }

  /** A computation that may fail with anything; mapped to a Status at the boundary. */
  private interface Call<T> {
    T call() throws Exception;
  }

  /** A computation on one project's backend. */
  private interface ProjectCall<T> {
    T call(IndexBackend backend) throws Exception;
  }

  private final Projects projects;

  SymdexServiceImpl(Projects projects) {
    this.projects = projects;
  }

  @Override
  public void findDefinitions(FindDefinitionsRequest req, StreamObserver<FindDefinitionsResponse> out) {
    answer(out, req.getProject(), backend -> query(backend, req.getName(), req.getLimit(), req.getSync(), (b, s, n) -> s.definitions(req.getName(), n),
        (h, g, pc, r, t) -> FindDefinitionsResponse.newBuilder().setHead(h).setGeneration(g).setPendingChanges(pc).addAllResults(r).setTruncated(t).build()));
  }

  @Override
  public void findReferences(FindReferencesRequest req, StreamObserver<FindReferencesResponse> out) {
    answer(out, req.getProject(), backend -> query(backend, req.getName(), req.getLimit(), req.getSync(), (b, s, n) -> s.references(req.getName(), n),
        (h, g, pc, r, t) -> FindReferencesResponse.newBuilder().setHead(h).setGeneration(g).setPendingChanges(pc).addAllResults(r).setTruncated(t).build()));
  }

  @Override
  public void callers(CallersRequest req, StreamObserver<CallersResponse> out) {
    answer(out, req.getProject(), backend -> query(backend, req.getName(), req.getLimit(), req.getSync(),
        (b, s, n) -> req.getPath().isEmpty() ? s.callers(req.getName(), n) : b.callGraph(s).callersOf(req.getName(), req.getPath(), n),
        (h, g, pc, r, t) -> CallersResponse.newBuilder().setHead(h).setGeneration(g).setPendingChanges(pc).addAllResults(r).setTruncated(t).build()));
  }

  @Override
  public void callees(CalleesRequest req, StreamObserver<CalleesResponse> out) {
    answer(out, req.getProject(), backend -> query(backend, req.getName(), req.getLimit(), req.getSync(), (b, s, n) -> b.callGraph(s).callees(req.getName(), n),
        (h, g, pc, r, t) -> CalleesResponse.newBuilder().setHead(h).setGeneration(g).setPendingChanges(pc).addAllResults(r).setTruncated(t).build()));
  }

  @Override
  public void delta(dev.symdex.proto.v1.DeltaRequest req, StreamObserver<dev.symdex.proto.v1.DeltaResponse> out) {
    answer(out, req.getProject(), backend -> {
      int limit = ProtoMapper.deltaLimit(req.getLimit());
      if (req.getSync()) {
        backend.sync(DEFAULT_SYNC_TIMEOUT);
      }
      return ProtoMapper.delta(backend.delta(req.getSince(), limit), backend.pendingChanges());
    });
  }

  @Override
  public void dependents(dev.symdex.proto.v1.DependentsRequest req, StreamObserver<dev.symdex.proto.v1.DependentsResponse> out) {
    answer(out, req.getProject(), backend -> {
      String path = ProtoMapper.path(req.getPath());
      int limit = ProtoMapper.deltaLimit(req.getLimit());
      if (req.getDepth() < 0) {
        throw new dev.symdex.engine.SymdexException.InvalidQuery("depth must not be negative");
      }
      if (req.getSync()) {
        backend.sync(DEFAULT_SYNC_TIMEOUT);
      }
      try (IndexSnapshot s = backend.snapshot()) {
        return ProtoMapper.dependents(s, backend.importGraph(s).dependents(path, req.getDepth(), limit), backend.pendingChanges());
      }
    });
  }

  @Override
  public void imports(dev.symdex.proto.v1.ImportsRequest req, StreamObserver<dev.symdex.proto.v1.ImportsResponse> out) {
    answer(out, req.getProject(), backend -> {
      String path = ProtoMapper.path(req.getPath());
      if (req.getSync()) {
        backend.sync(DEFAULT_SYNC_TIMEOUT);
      }
      try (IndexSnapshot s = backend.snapshot()) {
        if (s.file(path).isEmpty()) {
          throw new dev.symdex.engine.SymdexException.InvalidQuery("no file " + path + " in the index");
        }
        return ProtoMapper.imports(s, backend.imports(s, path), backend.pendingChanges());
      }
    });
  }

  @Override
  public void status(StatusRequest req, StreamObserver<StatusResponse> out) {
    answer(out, req.getProject(), backend -> {
      try (IndexSnapshot s = backend.snapshot()) {
        return ProtoMapper.status(s, backend.runtimeStatus());
      }
    });
  }

  @Override
  public void sync(SyncRequest req, StreamObserver<SyncResponse> out) {
    answer(out, req.getProject(), backend -> {
      SyncResult r = backend.sync(syncTimeout(req.getTimeoutMs()));
      return SyncResponse.newBuilder().setHead(r.head()).setGeneration(r.generation())
          .setPendingChanges(r.pendingChanges()).setWaitedMs(r.waitedMillis()).build();
    });
  }

  /**
   * Streams each committed change. A subscriber whose stream is not ready (it reads too slowly)
   * misses changes instead of the daemon buffering them; when it is ready again it gets a message
   * with {@code resync} set, then the changes that follow.
   */
  @Override
  public void subscribe(dev.symdex.proto.v1.SubscribeRequest req, StreamObserver<dev.symdex.proto.v1.SubscribeResponse> out) {
    io.grpc.stub.ServerCallStreamObserver<dev.symdex.proto.v1.SubscribeResponse> stream =
        (io.grpc.stub.ServerCallStreamObserver<dev.symdex.proto.v1.SubscribeResponse>) out;
    IndexBackend backend;
    try (Projects.Lease lease = projects.lease(req.getProject())) {
      backend = lease.backend(); // a subscription holds the feed, not the index
    } catch (ProjectException e) {
      out.onError(Statuses.toStatus(e));
      return;
    }
    Object lock = new Object();
    boolean[] behind = {false};
    long[] lastGeneration = {0};
    AutoCloseable subscription = backend.changes().subscribe(result -> {
      synchronized (lock) {
        if (stream.isCancelled()) {
          return;
        }
        if (!stream.isReady()) {
          behind[0] = true;
          return;
        }
        if (behind[0]) {
          stream.onNext(dev.symdex.proto.v1.SubscribeResponse.newBuilder().setResync(true)
              .setGeneration(lastGeneration[0]).build());
          behind[0] = false;
        }
        stream.onNext(ProtoMapper.change(result));
        lastGeneration[0] = result.generation();
      }
    }, () -> {
      synchronized (lock) {
        if (!stream.isCancelled()) {
          stream.onError(io.grpc.Status.NOT_FOUND.withDescription("the project was removed").asRuntimeException());
        }
      }
    });
    stream.setOnCancelHandler(() -> {
      try {
        subscription.close();
      } catch (Exception e) {
        // removing a listener cannot fail
      }
    });
    stream.setOnReadyHandler(() -> {
      synchronized (lock) {
        if (behind[0] && stream.isReady() && !stream.isCancelled()) {
          stream.onNext(dev.symdex.proto.v1.SubscribeResponse.newBuilder().setResync(true).setGeneration(lastGeneration[0]).build());
          behind[0] = false;
        }
      }
    });
  }

  @Override
  public void addProject(dev.symdex.proto.v1.AddProjectRequest req, StreamObserver<dev.symdex.proto.v1.AddProjectResponse> out) {
    answer(out, () -> dev.symdex.proto.v1.AddProjectResponse.newBuilder()
        .setProject(ProtoMapper.project(projects.add(ProtoMapper.root(req.getRoot())))).build());
  }

  @Override
  public void removeProject(dev.symdex.proto.v1.RemoveProjectRequest req, StreamObserver<dev.symdex.proto.v1.RemoveProjectResponse> out) {
    answer(out, () -> dev.symdex.proto.v1.RemoveProjectResponse.newBuilder()
        .setProject(ProtoMapper.project(projects.remove(req.getProject()))).build());
  }

  @Override
  public void listProjects(dev.symdex.proto.v1.ListProjectsRequest req, StreamObserver<dev.symdex.proto.v1.ListProjectsResponse> out) {
    answer(out, () -> {
      var b = dev.symdex.proto.v1.ListProjectsResponse.newBuilder();
      projects.list().forEach(p -> b.addProjects(ProtoMapper.project(p)));
      return b.build();
    });
  }

  private <T> T query(IndexBackend backend, String name, int requestedLimit, boolean sync, Query q, Response<T> response) throws Exception {
    int limit = ProtoMapper.limit(name, requestedLimit);
    if (sync) {
      backend.sync(DEFAULT_SYNC_TIMEOUT);
    }
    try (IndexSnapshot s = backend.snapshot()) {
      Context ctx = Context.current();
      QueryResult r = q.run(backend, s.cancelWhen(ctx::isCancelled), limit);
      return response.build(s.head(), s.generation(), backend.pendingChanges(), ProtoMapper.results(r.hits()), r.truncated());
    }
  }

  private static Duration syncTimeout(int millis) throws SymdexException.InvalidQuery {
    if (millis < 0) {
      throw new SymdexException.InvalidQuery("timeout_ms must not be negative");
    }
    Duration d = millis == 0 ? DEFAULT_SYNC_TIMEOUT : Duration.ofMillis(millis);
    d = d.compareTo(MAX_SYNC_TIMEOUT) > 0 ? MAX_SYNC_TIMEOUT : d;
    io.grpc.Deadline deadline = Context.current().getDeadline(); // the client's, or the default one
    if (deadline != null) {
      Duration left = Duration.ofMillis(Math.max(0, deadline.timeRemaining(java.util.concurrent.TimeUnit.MILLISECONDS)));
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
  private <T> void answer(StreamObserver<T> out, String project, ProjectCall<T> call) {
    answer(out, () -> {
      T value;
      try (Projects.Lease lease = projects.lease(project)) {
        value = call.call(lease.backend());
      }
      Context ctx = Context.current();
      if (ctx.isCancelled()) {
        throw (ctx.getDeadline() != null && ctx.getDeadline().isExpired()
            ? io.grpc.Status.DEADLINE_EXCEEDED.withDescription("deadline passed before the answer was complete")
            : io.grpc.Status.CANCELLED.withDescription("call cancelled")).asRuntimeException();
      }
      return value;
    });
  }

  private static <T> void answer(StreamObserver<T> out, Call<T> call) {
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
