package dev.symdex.watcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stops the daemon of a data dir from another process: SIGTERM to the pid its {@code daemon.json}
 * names, then waits for that process to end. Reads the data dir without opening it (never creates it).
 */
final class DaemonStop {
  private static final Pattern PID = Pattern.compile("\"pid\":(\\d+)");

  /** How a stop ended. */
  enum Outcome {
    /** The daemon ended. */
    STOPPED,
    /** No daemon runs there: no {@code daemon.json}, or its pid is not running (the stale file is then deleted). */
    NOT_RUNNING,
    /** {@code daemon.json} names no pid, or the daemon did not end in time. */
    FAILED
  }

  /** An outcome, and what to tell the user (without the {@code symdex: } prefix). */
  record Result(Outcome outcome, String message) {}

  private DaemonStop() {}

  /** Stops the daemon whose data dir is {@code dataDir}, waiting at most {@code wait} for it to end. */
  static Result stop(Path dataDir, Duration wait) throws IOException, InterruptedException, ExecutionException {
    Path info = dataDir.resolve("daemon.json");
    if (!Files.exists(info)) {
      return new Result(Outcome.NOT_RUNNING, "no daemon runs on " + dataDir);
    }
    String text = Files.readString(info, StandardCharsets.UTF_8);
    Matcher m = PID.matcher(text);
    if (!m.find()) {
      return new Result(Outcome.FAILED, "unreadable " + info);
    }
    long pid = Long.parseLong(m.group(1));
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty()) {
      Files.deleteIfExists(info);
      return new Result(Outcome.NOT_RUNNING, "daemon pid " + pid + " is not running");
    }
    p.get().destroy();
    try {
      p.get().onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return new Result(Outcome.FAILED, "daemon pid " + pid + " did not stop within " + wait.toSeconds() + " s");
    }
    return new Result(Outcome.STOPPED, "stopped daemon pid " + pid);
  }
}
