package dev.symdex.client;

import dev.symdex.proto.v1.StatusRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts a symdex daemon in the background when none answers on a data dir's socket: the one
 * mechanism behind {@code symdex serve --detach}, the queries' {@code --start} and {@code symdex
 * mcp}.
 *
 * <p>Contract of {@link #ensureRunning}: when a daemon answers Status on {@code <dataDir>/symdex.sock}
 * (whatever its state, indexing included) nothing is started. Otherwise it runs {@code <symdex
 * home>/bin/symdex serve --root ROOT --data-dir DIR [extra...]} detached: in its own session
 * ({@code setsid}, when the system has it: no terminal's hang-up or Ctrl-C reaches it), stdin from
 * {@code /dev/null}, stdout and stderr to {@link #LOG} in the data dir (mode 0600, rewritten at
 * each start), and waits until a daemon answers, at most {@code wait}. Two callers racing to start
 * one are safe: the daemon holds a lock per data dir, the second {@code serve} exits, and both
 * callers see the first one answer. A data dir that does not exist, or is empty, is made (0700)
 * and marked as symdex's, as {@code serve} would, so that the log can be written there first.
 * Stateless; thread-safe.
 */
public final class DaemonStarter {
  /** The detached daemon's stdout and stderr, relative to its data dir. */
  public static final String LOG = "logs/serve-detached.log";
  /** The system property {@code bin/symdex} sets to its checkout (the directory holding {@code bin/symdex}). */
  public static final String HOME_PROPERTY = "symdex.home";
  /** The marker of a symdex data dir and its text (as the daemon's DataDir writes them). */
  static final String MARKER = "SYMDEX";
  static final String MARKER_TEXT = "symdex data directory, layout 1\n";

  private static final Pattern PID = Pattern.compile("\"pid\":(\\d+)");
  /**
   * Netty warns, on every connection to a Unix socket, of a socket option it ignores; waiting for a
   * daemon makes many. JUL holds loggers weakly: this keeps the one whose level is set.
   */
  private static final Logger NETTY_BOOTSTRAP = Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap");

  private DaemonStarter() {}

  /**
   * A daemon that answers.
   *
   * @param started true when this call started it, false when it already answered
   * @param pid its process id as its {@code daemon.json} says (or the started process's), 0 if unknown
   * @param socket the socket it answers on
   * @param log where a daemon this call started writes its output; null when none was started
   */
  public record Running(boolean started, long pid, Path socket, Path log) {}

  /** Why no daemon could be made to answer; the message says what happened and where the log is. */
  public static final class StartException extends Exception {
    private static final long serialVersionUID = 1L;

    StartException(String message) {
      super(message);
    }
  }

  /**
   * Returns the daemon answering on {@code dataDir}, starting one for {@code root} if none answers
   * (the class comment says how).
   *
   * @param extraArgs more {@code serve} flags (e.g. {@code --idle-timeout 2h}); not {@code --root},
   *     {@code --data-dir} or {@code --listen}
   * @throws StartException when it cannot be started or does not answer within {@code wait}
   */
  public static Running ensureRunning(Path dataDir, Path root, Duration wait, List<String> extraArgs) throws StartException {
    NETTY_BOOTSTRAP.setLevel(Level.SEVERE);
    Path dir = dataDir.toAbsolutePath().normalize();
    Path socket = SymdexPaths.socket(dir);
    if (answers(dir)) {
      return new Running(false, pid(dir).orElse(0L), socket, null);
    }
    if (!Files.isDirectory(root)) {
      throw new StartException("cannot start a daemon: the root " + root + " is not a directory");
    }
    Path home = home().orElseThrow(() -> new StartException(
        "cannot start a daemon: symdex's checkout is unknown (run through bin/symdex, or set -D" + HOME_PROPERTY + ")"));
    Path log;
    try {
      log = prepareLog(dir);
    } catch (IOException e) {
      throw new StartException("cannot start a daemon in " + dir + ": " + e.getMessage());
    }
    List<String> command = new ArrayList<>();
    Optional<Path> setsid = setsid();
    setsid.ifPresent(p -> command.add(p.toString()));
    command.add(home.resolve("bin").resolve("symdex").toString());
    command.addAll(List.of("serve", "--root", root.toAbsolutePath().normalize().toString(), "--data-dir", dir.toString()));
    command.addAll(extraArgs);
    Process process;
    try {
      process = new ProcessBuilder(command)
          .directory(root.toFile())
          .redirectInput(new File("/dev/null"))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      throw new StartException("cannot run " + String.join(" ", command) + ": " + e.getMessage());
    }
    long deadline = System.nanoTime() + wait.toNanos();
    try (SymdexClient client = probe(dir)) {
      while (true) {
        if (answers(client)) {
          return new Running(true, pid(dir).orElse(process.pid()), socket, log);
        }
        // Our serve ended: another daemon may hold the data dir (it then has a daemon.json and
        // answers soon), else it failed and its log says why.
        if (!process.isAlive() && !Files.exists(dir.resolve("daemon.json")) && !tail(log).contains(" is in use")) {
          throw new StartException("the daemon exited (" + process.exitValue() + ") before it answered: " + tail(log) + " (log: " + log + ")");
        }
        if (System.nanoTime() > deadline) {
          throw new StartException("no daemon answered on " + socket + " within " + wait.toMillis() + " ms (log: " + log + ")");
        }
        client.channel().resetConnectBackoff();
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartException("interrupted while waiting for the daemon to answer");
    }
  }

  /**
   * The root to start a daemon for when none is named, from the directory a command runs in: the
   * nearest directory at or above {@code cwd} that holds {@code .git} (the work tree's top), else
   * {@code cwd} itself.
   */
  public static Path defaultRoot(Path cwd) {
    Path abs = cwd.toAbsolutePath().normalize();
    for (Path p = abs; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(".git"))) {
        return p;
      }
    }
    return abs;
  }

  /**
   * Why {@code root} is too broad to index unasked (the file system's root or the home directory:
   * an agent started outside any project), or null when it is fine. A start that someone asked for
   * by naming its root is not checked.
   */
  public static String tooBroad(Path root) {
    Path abs = root.toAbsolutePath().normalize();
    if (abs.getParent() == null) {
      return "it is the file system's root";
    }
    String home = System.getProperty("user.home");
    if (home != null && abs.equals(Path.of(home).toAbsolutePath().normalize())) {
      return "it is the home directory";
    }
    return null;
  }

  /** True when a daemon answers Status on {@code dataDir}'s socket now (any answer but UNAVAILABLE). */
  public static boolean answers(Path dataDir) {
    if (!Files.exists(SymdexPaths.socket(dataDir))) {
      return false;
    }
    try (SymdexClient client = probe(dataDir)) {
      return answers(client);
    }
  }

  private static SymdexClient probe(Path dataDir) {
    return SymdexClient.builder().dataDir(dataDir).deadline(Duration.ofSeconds(2)).startupWait(Duration.ZERO).build();
  }

  private static boolean answers(SymdexClient client) {
    try {
      client.stub().withDeadlineAfter(2, TimeUnit.SECONDS).status(StatusRequest.getDefaultInstance());
      return true;
    } catch (StatusRuntimeException e) {
      // UNAUTHENTICATED and the like: a daemon is there, it just wants a token.
      return e.getStatus().getCode() != Status.Code.UNAVAILABLE && e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED;
    }
  }

  /**
   * The symdex checkout (the directory with {@code bin/symdex}): the {@value #HOME_PROPERTY}
   * system property, else found from where this class was loaded (a jar or classes directory
   * inside the checkout).
   */
  public static Optional<Path> home() {
    String prop = System.getProperty(HOME_PROPERTY);
    if (prop != null && !prop.isBlank()) {
      Path p = Path.of(prop).toAbsolutePath().normalize();
      return Files.isRegularFile(p.resolve("bin").resolve("symdex")) ? Optional.of(p) : Optional.empty();
    }
    try {
      var source = DaemonStarter.class.getProtectionDomain().getCodeSource();
      for (Path p = source == null ? null : Path.of(source.getLocation().toURI()).toAbsolutePath(); p != null; p = p.getParent()) {
        if (Files.isRegularFile(p.resolve("bin").resolve("symdex"))) {
          return Optional.of(p);
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The pid {@code daemon.json} names, if the file is there and names one. */
  static Optional<Long> pid(Path dataDir) {
    try {
      Matcher m = PID.matcher(Files.readString(dataDir.resolve("daemon.json"), StandardCharsets.UTF_8));
      return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Makes the data dir (0700, and its missing parents) and marks it when it is absent or empty,
   * refuses one that is someone else's (not empty, no marker), and returns the log file, emptied
   * and mode 0600.
   */
  static Path prepareLog(Path dir) throws IOException {
    var dirMode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    var fileMode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException("data dir " + dir + " is not a directory");
    }
    createDirectories(dir, dirMode);
    Path marker = dir.resolve(MARKER);
    if (!Files.exists(marker)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
        if (s.iterator().hasNext()) {
          throw new IOException("data dir " + dir + " is not empty and is not a symdex data dir (no " + MARKER + " file)");
        }
      }
      Path tmp = Files.createTempFile(dir, ".marker", ".tmp", fileMode);
      Files.writeString(tmp, MARKER_TEXT, StandardCharsets.UTF_8);
      Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE);
    }
    Path log = dir.resolve(LOG);
    createDirectories(log.getParent(), dirMode);
    if (!Files.exists(log)) {
      Files.createFile(log, fileMode);
    }
    Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-------"));
    Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
    return log;
  }

  private static void createDirectories(Path dir, FileAttribute<?> mode) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (parent != null) {
      createDirectories(parent, mode);
    }
    try {
      Files.createDirectory(dir, mode);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }

  private static Optional<Path> setsid() {
    for (String p : List.of("/usr/bin/setsid", "/bin/setsid")) {
      if (Files.isExecutable(Path.of(p))) {
        return Optional.of(Path.of(p));
      }
    }
    return Optional.empty();
  }

  /** The last lines of the log, on one line, at most 400 characters. */
  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      String t = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).strip();
      return t.isEmpty() ? "(no output)" : t.length() > 400 ? t.substring(t.length() - 400) : t;
    } catch (IOException | RuntimeException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }
}
