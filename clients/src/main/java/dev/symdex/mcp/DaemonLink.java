package dev.symdex.mcp;

import dev.symdex.client.DaemonStarter;
import dev.symdex.client.SymdexClient;
import dev.symdex.proto.v1.AddProjectRequest;
import dev.symdex.proto.v1.ListProjectsRequest;
import dev.symdex.proto.v1.Project;
import dev.symdex.proto.v1.StatusRequest;
import dev.symdex.proto.v1.StatusResponse;
import dev.symdex.proto.v1.SymdexServiceGrpc.SymdexServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The MCP server's link to its daemon and project. On first use (and again after the daemon went
 * away) it makes a daemon answer on the data dir ({@link DaemonStarter}: started for the project's
 * root when none answers) and settles which project the tools ask about:
 *
 * <ul>
 *   <li>{@code --project P} given: P (an id or a root, as the daemon takes it);
 *   <li>else the project whose root is the current directory or holds it, the deepest;
 *   <li>else the work tree holding the current directory (or the directory itself), added to the
 *       daemon as a project (AddProject); if the daemon
 *       refuses it (it lies around another project, say), the daemon's default project, with a note
 *       {@link #note()} that {@code status} shows.
 * </ul>
 *
 * Thread-safe: calls from any number of tool threads share one client; the set-up runs once, under
 * the lock.
 */
final class DaemonLink implements AutoCloseable {
  /** Deadline of a tool's call: long enough for a sync behind a burst of edits. */
  static final Duration CALL_DEADLINE = Duration.ofSeconds(30);

  private final Path dataDir;
  private final String projectOption;
  private final Path cwd;
  private SymdexClient client;
  private String project = "";
  private Path root;
  private String note = "";
  /** Set once the project was seen past its first index: no tool call checks again. */
  private volatile boolean indexed;

  /**
   * @param dataDir the daemon's data dir
   * @param projectOption {@code --project} as given, or null
   * @param cwd the directory the server runs in (absolute)
   */
  DaemonLink(Path dataDir, String projectOption, Path cwd) {
    this.dataDir = dataDir.toAbsolutePath().normalize();
    this.projectOption = projectOption;
    this.cwd = cwd.toAbsolutePath().normalize();
  }

  /** What the tools ask about: the request's {@code project} and the root snippets are read under. */
  record Target(SymdexClient client, String project, Path root) {}

  /** Why a tool cannot be answered: no daemon could be made to answer. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }

  /**
   * The root a started daemon indexes, and the one added as a project: {@code --project} when it
   * names a directory, else the work tree holding the current directory ({@link
   * DaemonStarter#defaultRoot}).
   */
  Path startRoot() {
    if (projectOption != null && Files.isDirectory(Path.of(projectOption))) {
      return Path.of(projectOption).toAbsolutePath().normalize();
    }
    return DaemonStarter.defaultRoot(cwd);
  }

  /** Connects (starting a daemon if none answers) and settles the project, once. */
  synchronized Target target() throws Unavailable {
    if (client == null) {
      Path start = startRoot();
      String broad = projectOption == null ? DaemonStarter.tooBroad(start) : null;
      if (broad != null && !DaemonStarter.answers(dataDir)) {
        throw new Unavailable("no daemon answers on " + dataDir + ", and none is started for " + start + " (" + broad
            + "): run the agent in a project, or give symdex mcp --project ROOT");
      }
      try {
        DaemonStarter.ensureRunning(dataDir, start, Duration.ofSeconds(20), List.of());
      } catch (DaemonStarter.StartException e) {
        throw new Unavailable(e.getMessage());
      }
      SymdexClient.Builder b = SymdexClient.builder().dataDir(dataDir).deadline(CALL_DEADLINE).startupWait(Duration.ofSeconds(5));
      String token = token();
      if (token != null) {
        b.token(token);
      }
      SymdexClient c = b.build();
      try {
        settleProject(c);
      } catch (StatusRuntimeException e) {
        c.close();
        throw new Unavailable("the daemon on " + dataDir + " did not answer: " + e.getStatus().getCode()
            + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()));
      }
      client = c;
    }
    return new Target(client, project, root);
  }

  private void settleProject(SymdexClient c) {
    note = "";
    if (projectOption != null) {
      project = projectOption;
    } else {
      Project best = null;
      for (Project p : c.call(s -> s.listProjects(ListProjectsRequest.getDefaultInstance())).getProjectsList()) {
        Path r = Path.of(p.getRoot());
        if (cwd.startsWith(r) && (best == null || r.getNameCount() > Path.of(best.getRoot()).getNameCount())) {
          best = p;
        }
      }
      if (best != null) {
        project = best.getId();
      } else {
        try {
          Path add = startRoot();
          project = c.call(s -> s.addProject(AddProjectRequest.newBuilder().setRoot(add.toString()).build())).getProject().getId();
          note = "added " + add + " to the daemon as a project";
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.INVALID_ARGUMENT && e.getStatus().getCode() != Status.Code.FAILED_PRECONDITION) {
            throw e;
          }
          project = "";
          note = "the current directory " + cwd + " is in no project of this daemon and it would not add " + startRoot() + " ("
              + e.getStatus().getDescription() + "); answering from its default project";
        }
      }
    }
    root = Path.of(c.call(s -> s.status(StatusRequest.newBuilder().setProject(project).build())).getRoot());
  }

  /**
   * Until the project's first index is complete, why a query would be refused (or wait for it): the
   * progress, in words for the model; null once it is complete (then never asked again, so it costs
   * a Status call only while it matters).
   */
  String stillIndexing() throws Unavailable {
    if (indexed) {
      return null;
    }
    StatusResponse st = call((s, p) -> s.status(StatusRequest.newBuilder().setProject(p).build()));
    if (!st.getState().equals("indexing")) {
      indexed = true;
      return null;
    }
    return "symdex is still building its first index of " + st.getRoot() + ": " + st.getProgressDone() + " of " + st.getProgressTotal()
        + " files checked. Ask again in a little while (status shows the progress); use other tools meanwhile.";
  }

  /** What {@code status} says about how the project was chosen; empty when there is nothing to say. */
  synchronized String note() {
    return note;
  }

  Path dataDir() {
    return dataDir;
  }

  /**
   * Makes one call for the project: {@code rpc} gets the stub (with the call deadline) and the
   * project id. When the daemon has gone away (UNAVAILABLE after the client's own retries), the
   * link starts one again, once, and repeats the call.
   */
  <T> T call(CallFn<T> rpc) throws Unavailable {
    Target t = target();
    try {
      return t.client().call(s -> rpc.apply(s, t.project()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
        throw e;
      }
      reset(t.client());
      Target again = target();
      return again.client().call(s -> rpc.apply(s, again.project()));
    }
  }

  /** One RPC for a project. */
  @FunctionalInterface
  interface CallFn<T> {
    T apply(SymdexServiceBlockingStub stub, String project);
  }

  /** The root under which answer paths are read (known once connected). */
  Path root() throws Unavailable {
    return target().root();
  }

  private synchronized void reset(SymdexClient stale) {
    indexed = false;
    if (client == stale && client != null) {
      client.close();
      client = null;
    }
  }

  /** The token of {@code $SYMDEX_TOKEN_FILE} (its first line), for a daemon serving with --token-file; null when unset. */
  private static String token() throws Unavailable {
    String file = System.getenv("SYMDEX_TOKEN_FILE");
    if (file == null || file.isBlank()) {
      return null;
    }
    try (BufferedReader r = Files.newBufferedReader(Path.of(file))) {
      String line = r.readLine();
      if (line == null || line.isBlank()) {
        throw new Unavailable("the token file " + file + " is empty");
      }
      return line.strip();
    } catch (IOException e) {
      throw new Unavailable("cannot read the token file " + file + ": " + e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.channel().shutdownNow();
      client = null;
    }
  }
}
