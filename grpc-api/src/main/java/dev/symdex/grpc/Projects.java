package dev.symdex.grpc;

import dev.symdex.engine.Quote;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.query.Searcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The projects a server answers for: each request names one ({@code project}: an id or a root;
 * empty for the default one) and is answered by that project's {@link IndexBackend}.
 * Implementations are thread-safe.
 */
public interface Projects {
  /** A project's backend held for one call: the project is not closed while a lease is open. */
  interface Lease extends AutoCloseable {
    IndexBackend backend();

    /** Idempotent. */
    @Override
    void close();
  }

  /**
   * The backend of {@code project} (its id, or its absolute root; {@code ""} for the default),
   * held until the lease is closed.
   *
   * @throws ProjectException NOT_FOUND when no project has that id or root (or it was removed)
   */
  Lease lease(String project) throws ProjectException;

  /**
   * Starts indexing and watching {@code root} (absolute); returns once it serves (from its stored
   * index when it has one; its first reconcile runs on).
   *
   * @throws ProjectException INVALID_ROOT, ALREADY_EXISTS; NOT_ALLOWED where projects are fixed
   */
  ProjectInfo add(Path root) throws ProjectException, SymdexException, IOException;

  /**
   * Stops watching {@code project} and closes its index (the index stays on disk).
   *
   * @throws ProjectException NOT_FOUND; NOT_ALLOWED for the default project
   */
  ProjectInfo remove(String project) throws ProjectException, SymdexException, IOException;

  /** Every project, the default first. */
  List<ProjectInfo> list() throws SymdexException;

  /** One fixed project: {@code backend} is the default and only one; add and remove are refused. */
  static Projects single(IndexBackend backend) {
    return new Projects() {
      @Override
      public Lease lease(String project) throws ProjectException {
        if (project.isEmpty() || project.equals(backend.runtimeStatus().root())) {
          return new Lease() {
            @Override
            public IndexBackend backend() {
              return backend;
            }

            @Override
            public void close() {}
          };
        }
        throw new ProjectException(ProjectException.Reason.NOT_FOUND, "no project " + Quote.of(project) + " (this server serves one)");
      }

      @Override
      public ProjectInfo add(Path root) throws ProjectException {
        throw new ProjectException(ProjectException.Reason.NOT_ALLOWED, "this server serves one project");
      }

      @Override
      public ProjectInfo remove(String project) throws ProjectException {
        throw new ProjectException(ProjectException.Reason.NOT_ALLOWED, "this server serves one project");
      }

      @Override
      public List<ProjectInfo> list() throws SymdexException {
        RuntimeStatus rt = backend.runtimeStatus();
        try (Searcher s = backend.searcher()) {
          Path root = Path.of(rt.root());
          return List.of(new ProjectInfo(root.getFileName() == null ? "root" : root.getFileName().toString(), rt.root(), true,
              s.counts().files(), s.head(), s.generation(), rt.state(), rt.pendingChanges()));
        }
      }
    };
  }
}
