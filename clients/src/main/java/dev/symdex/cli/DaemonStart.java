package dev.symdex.cli;

import dev.symdex.client.DaemonStarter;
import dev.symdex.client.SymdexPaths;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The command lines that start a daemon through {@link DaemonStarter}: {@code symdex serve
 * --detach} (bin/symdex runs {@link #main} for it) and the {@code --start} flag of every query.
 * Stateless.
 */
public final class DaemonStart {
  /** How long a start waits for the daemon to answer. */
  static final Duration WAIT = Duration.ofSeconds(20);
  /** The query flag that starts a daemon when none answers. */
  static final String START_FLAG = "--start";

  private DaemonStart() {}

  /** {@code symdex serve --detach [--root R] [--data-dir D] [other serve flags]}. */
  public static void main(String[] args) {
    System.exit(detach(args, System.out, System.err));
  }

  /**
   * Starts a daemon for {@code --root} (default: the current directory) on {@code --data-dir}
   * (default: {@link SymdexPaths#defaultDataDir()}) unless one answers there, returns once it
   * answers and prints its pid and socket. Other flags go to {@code serve} as they are. Exit codes
   * as the CLI's: 0 it answers, 2 bad usage, 3 it could not be started.
   */
  static int detach(String[] args, PrintStream out, PrintStream err) {
    Path root = Path.of("").toAbsolutePath();
    Path dataDir = SymdexPaths.defaultDataDir();
    List<String> extra = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String flag = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if ((a.equals("serve") && i == 0) || a.equals("--detach")) {
        continue;
      }
      if (flag.equals("--listen")) {
        err.println("symdex: serve --detach waits for the daemon on its data dir's socket; it does not take --listen");
        return SymdexCli.EXIT_USAGE;
      }
      if (flag.equals("--root") || flag.equals("--data-dir")) {
        String v;
        if (a.contains("=")) {
          v = a.substring(a.indexOf('=') + 1);
        } else if (i + 1 < args.length) {
          v = args[++i];
        } else {
          err.println("symdex: " + flag + " needs a value");
          return SymdexCli.EXIT_USAGE;
        }
        if (flag.equals("--root")) {
          root = Path.of(v).toAbsolutePath().normalize();
        } else {
          dataDir = Path.of(v);
        }
        continue;
      }
      extra.add(a);
    }
    try {
      DaemonStarter.Running r = DaemonStarter.ensureRunning(dataDir, root, WAIT, extra);
      out.println("symdex: daemon " + (r.pid() > 0 ? "pid " + r.pid() + " " : "") + (r.started() ? "started" : "already running")
          + ", answering on unix:" + r.socket() + (r.log() == null ? "" : " (its output: " + r.log() + ")"));
      return SymdexCli.EXIT_OK;
    } catch (DaemonStarter.StartException e) {
      err.println("symdex: " + e.getMessage());
      return SymdexCli.EXIT_NO_DAEMON;
    }
  }

  /**
   * A query's command line without {@link #START_FLAG}; when the flag was there (and no {@code
   * --connect} names another daemon), first starts a daemon on the query's {@code --data-dir}
   * unless one answers, for the root its {@code --project} names when that is a directory, else
   * the work tree holding the current directory ({@link DaemonStarter#defaultRoot}), never the
   * home directory or {@code /} unasked. Returns null, having said why on {@code err}, when none could be started.
   */
  static String[] startIfAsked(String[] args, PrintStream err) {
    boolean asked = false;
    for (String a : args) { // on every command line's path: nothing loaded, nothing computed, unless asked
      asked |= a.equals(START_FLAG);
    }
    if (!asked) {
      return args;
    }
    List<String> rest = new ArrayList<>(args.length);
    boolean connect = false;
    Path dataDir = SymdexPaths.defaultDataDir();
    Path root = DaemonStarter.defaultRoot(Path.of(""));
    boolean named = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals(START_FLAG)) {
        continue;
      }
      rest.add(a);
      String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < args.length ? args[i + 1] : null;
      String flag = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (flag.equals("--connect")) {
        connect = true;
      } else if (flag.equals("--data-dir") && value != null) {
        dataDir = Path.of(value);
      } else if (flag.equals("--project") && value != null && Files.isDirectory(Path.of(value))) {
        root = Path.of(value).toAbsolutePath().normalize();
        named = true;
      }
    }
    if (!connect) {
      String broad = named ? null : DaemonStarter.tooBroad(root);
      if (broad != null && !DaemonStarter.answers(dataDir)) {
        err.println("symdex: --start does not start a daemon for " + root + " (" + broad + "); run from a project, or pass --project ROOT");
        return null;
      }
      try {
        DaemonStarter.Running r = DaemonStarter.ensureRunning(dataDir, root, WAIT, List.of());
        if (r.started()) {
          err.println("symdex: started a daemon for " + root + " (pid " + r.pid() + ", output: " + r.log() + ")");
        }
      } catch (DaemonStarter.StartException e) {
        err.println("symdex: " + e.getMessage());
        return null;
      }
    }
    return rest.toArray(String[]::new);
  }
}
