package dev.symdex.agent;

import dev.symdex.client.SymdexClient;
import dev.symdex.client.SymdexPaths;
import dev.symdex.proto.v1.StatusResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code symdex doctor [--data-dir DIR] [--root DIR]}: checks the set-up and prints one line per
 * check, {@code ok}, {@code note} (worth knowing, not wrong) or {@code FAIL}: the daemon answers
 * (Status), the data dir and what is in it are private (0700 / 0600), the inotify watch limit
 * covers the tree, the Claude Code registration (MCP server and hooks, project or user) points at
 * an existing bin/symdex, and the index is fresh (state, pending changes, lag). Exit codes as
 * {@code status}: 0 all ok, 3 no daemon answers, 4 any other FAIL. Stateless.
 */
public final class Doctor {
  /** A lag past this is not fresh. */
  static final long MAX_LAG_MS = 10_000;
  private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  /** JUL holds loggers weakly: keep the one whose level is set (Netty warns of an option a Unix socket ignores). */
  private static final java.util.logging.Logger NETTY_BOOTSTRAP = java.util.logging.Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap");

  private final PrintStream out;
  private boolean failed;

  private Doctor(PrintStream out) {
    this.out = out;
  }

  /** Runs {@code args} ({@code args[0]} is "doctor") and returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Path dataDir = SymdexPaths.defaultDataDir();
    Path root = Path.of("");
    for (int i = 1; i < args.length; i++) {
      if ((args[i].equals("--data-dir") || args[i].equals("--root")) && i + 1 < args.length) {
        Path p = Path.of(args[i + 1]);
        if (args[i].equals("--data-dir")) {
          dataDir = p;
        } else {
          root = p;
        }
        i++;
      } else if (args[i].equals("--help") || args[i].equals("-h")) {
        out.println("Usage: symdex doctor [--data-dir DIR] [--root DIR]  (exit 0 ok, 3 no daemon, 4 a problem)");
        return 0;
      } else {
        err.println("symdex: doctor takes --data-dir DIR and --root DIR, got " + args[i]);
        return 2;
      }
    }
    return new Doctor(out).check(dataDir.toAbsolutePath().normalize(), Places.projectRoot(root));
  }

  private int check(Path dataDir, Path projectRoot) {
    StatusResponse status = daemon(dataDir);
    permissions(dataDir);
    inotify(status);
    registration(projectRoot);
    if (status != null) {
      freshness(status);
    }
    out.flush();
    return status == null ? 3 : failed ? 4 : 0;
  }

  private StatusResponse daemon(Path dataDir) {
    NETTY_BOOTSTRAP.setLevel(java.util.logging.Level.SEVERE);
    Path socket = SymdexPaths.socket(dataDir);
    if (!Files.exists(socket)) {
      fail("daemon: no daemon answers (no socket " + socket + "; start one with: bin/symdex serve --data-dir " + dataDir + ")");
      return null;
    }
    try (SymdexClient client = SymdexClient.builder().socket(socket).deadline(Duration.ofSeconds(3)).startupWait(Duration.ZERO).build()) {
      StatusResponse s = client.status();
      ok("daemon: " + s.getState() + " at unix:" + socket + ", root " + s.getRoot() + ", " + s.getFiles() + " files, "
          + (s.getHead().isEmpty() ? "no git HEAD" : "HEAD " + s.getHead().substring(0, Math.min(12, s.getHead().length())))
          + ", generation " + s.getGeneration());
      for (String w : s.getWarningsList()) {
        fail("daemon warns: " + w);
      }
      return s;
    } catch (StatusRuntimeException e) {
      fail("daemon: " + (e.getStatus().getCode() == Status.Code.UNAVAILABLE ? "no daemon answers at unix:" + socket
          + " (a stale socket? start one with: bin/symdex serve --data-dir " + dataDir + ")" : e.getStatus().getCode()
          + " from the daemon at unix:" + socket + ": " + e.getStatus().getDescription()));
      return null;
    }
  }

  private void permissions(Path dataDir) {
    if (!Files.isDirectory(dataDir)) {
      note("data dir " + dataDir + " does not exist yet (bin/symdex serve creates it 0700)");
      return;
    }
    List<String> open = new ArrayList<>();
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dataDir);
      if (!disjoint(mode)) {
        open.add(dataDir + " is " + PosixFilePermissions.toString(mode) + " (want rwx------: chmod 700 " + dataDir + ")");
      }
      try (Stream<Path> all = Files.walk(dataDir, 3)) {
        all.skip(1).forEach(p -> {
          try {
            Set<PosixFilePermission> m = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            if (!Files.isSymbolicLink(p) && !disjoint(m)) {
              open.add(p + " is " + PosixFilePermissions.toString(m));
            }
          } catch (IOException e) {
            // gone meanwhile
          }
        });
      }
    } catch (IOException | RuntimeException e) {
      fail("data dir " + dataDir + ": cannot read its permissions (" + e.getMessage() + ")");
      return;
    }
    if (open.isEmpty()) {
      ok("data dir " + dataDir + ": private (0700, files 0600)");
    } else {
      fail("data dir: others may read " + String.join("; ", open.subList(0, Math.min(5, open.size())))
          + (open.size() > 5 ? " and " + (open.size() - 5) + " more" : ""));
    }
  }

  private static boolean disjoint(Set<PosixFilePermission> mode) {
    return mode.stream().noneMatch(GROUP_OR_OTHER::contains);
  }

  private void inotify(StatusResponse status) {
    Path limit = Path.of("/proc/sys/fs/inotify/max_user_watches");
    long max;
    try {
      // Read as a stream: /proc says its files are empty, and Files.readString then reads one byte.
      try (var r = Files.newBufferedReader(limit, StandardCharsets.US_ASCII)) {
        max = Long.parseLong(String.valueOf(r.readLine()).strip());
      }
    } catch (IOException | NumberFormatException e) {
      note("inotify: no " + limit + " (not Linux?): the daemon polls what it cannot watch");
      return;
    }
    if (status == null) {
      note("inotify: max_user_watches " + max + " (one watch per directory of the tree)");
    } else if (status.getUnwatchedDirectories() > 0 && status.getWatchBudget() > 0
        && status.getWatchesInUse() >= status.getWatchBudget()) {
      fail("inotify: " + status.getUnwatchedDirectories() + " directories not watched: the daemon's watch budget of "
          + status.getWatchBudget() + " is spent (they are polled every 2 s): restart it with a larger serve --max-watches"
          + " (max_user_watches " + max + ")");
    } else if (status.getUnwatchedDirectories() > 0) {
      fail("inotify: " + status.getUnwatchedDirectories() + " directories not watched (max_user_watches " + max
          + "; they are polled every 2 s): sudo sysctl fs.inotify.max_user_watches=" + Math.max(max * 2, 524_288));
    } else if (status.getFiles() > max) {
      note("inotify: max_user_watches " + max + " is below the " + status.getFiles()
          + " files indexed; every directory is watched now, a larger tree may not be");
    } else {
      ok("inotify: every directory watched (max_user_watches " + max + ", " + status.getFiles() + " files)");
    }
  }

  private void registration(Path projectRoot) {
    for (AgentSetup s : List.of(AgentSetup.project(projectRoot), AgentSetup.user(Places.home()))) {
      try {
        List<String> lines = s.status();
        boolean stale = lines.stream().anyMatch(l -> l.contains("not found"));
        if (stale) {
          fail("Claude Code, " + s.name() + ": registered bin/symdex does not exist: " + String.join("; ", lines));
        } else if (s.installed()) {
          ok("Claude Code, " + s.name() + ": MCP server and hooks registered");
        } else {
          note("Claude Code, " + s.name() + ": not set up (" + String.join("; ", lines) + "); bin/symdex agent install"
              + (s.name().startsWith("user") ? " --user" : "") + " sets it up");
        }
      } catch (IOException e) {
        fail("Claude Code, " + s.name() + ": " + e.getMessage());
      }
    }
  }

  private void freshness(StatusResponse s) {
    String what = "freshness: state " + s.getState() + ", " + s.getPendingChanges() + " changes pending, lag " + s.getLagMs() + " ms";
    switch (s.getState()) {
      case "indexing" -> note(what + " (first index: " + s.getProgressDone() + " of " + s.getProgressTotal() + " files)");
      case "degraded" -> fail(what + ": " + s.getStateReason());
      default -> {
        if (s.getLagMs() > MAX_LAG_MS) {
          fail(what + " (changes wait longer than " + MAX_LAG_MS / 1000 + " s)");
        } else {
          ok(what);
        }
      }
    }
  }

  private void ok(String line) {
    out.println("ok    " + line);
  }

  private void note(String line) {
    out.println("note  " + line);
  }

  private void fail(String line) {
    failed = true;
    out.println("FAIL  " + line);
  }
}
