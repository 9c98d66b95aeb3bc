package dev.symdex.watcher;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Logging for the daemon: one line per record, to stderr and to a rotating file in the data dir (mode 0600, see {@link LogFile}). */
final class Logs {
  private static final long FILE_BYTES = 10L << 20;
  private static final int FILE_COUNT = 3;

  /** Loggers whose levels are set here; JUL holds loggers weakly, so keep them reachable. */
  private static final List<Logger> CONFIGURED = new ArrayList<>();

  /** The {@link Manager}'s class name, for the {@code java.util.logging.manager} property. */
  static final String MANAGER = "dev.symdex.watcher.Logs$Manager";

  private Logs() {}

  /**
   * Keeps the log open through the JVM's shutdown until the daemon has said its last words.
   *
   * <p>The JDK's LogManager closes every handler from a shutdown hook of its own, racing the
   * daemon's shutdown hook: a record logged after that ("stopping", "stopped") hit a closed
   * FileHandler and printed a NullPointerException. Here {@link #reset} does nothing until
   * {@link Logs#close} has run. Installed by the {@code java.util.logging.manager} property.
   */
  public static final class Manager extends LogManager {
    private volatile boolean closed;

    @Override
    public void reset() {
      if (closed) {
        super.reset();
      }
    }

    void closeNow() {
      closed = true;
      super.reset();
    }
  }

  /** Flushes and closes every handler (idempotent); records logged afterwards are dropped. */
  static void close() {
    if (LogManager.getLogManager() instanceof Manager m) {
      m.closeNow();
    }
  }

  static void setup(Path logDir, boolean verbose) throws IOException {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    Formatter line = new Formatter() {
      @Override
      public String format(LogRecord r) {
        String msg = formatMessage(r);
        String where = r.getLoggerName() == null ? "" : r.getLoggerName().substring(r.getLoggerName().lastIndexOf('.') + 1);
        StringBuilder b = new StringBuilder().append(Instant.ofEpochMilli(r.getMillis())).append(' ')
            .append(r.getLevel()).append(' ').append(where).append(": ").append(msg).append('\n');
        if (r.getThrown() != null) {
          b.append("  ").append(r.getThrown()).append('\n');
        }
        return b.toString();
      }
    };
    ConsoleHandler console = new ConsoleHandler();
    console.setFormatter(line);
    console.setLevel(verbose ? Level.FINE : Level.INFO);
    root.addHandler(console);
    if (logDir != null) {
      LogFile file = new LogFile(logDir, "symdex", FILE_BYTES, FILE_COUNT);
      file.setFormatter(line);
      file.setLevel(Level.FINE);
      root.addHandler(file);
    }
    root.setLevel(verbose ? Level.FINE : Level.INFO);
    level("dev.symdex", Level.FINE);
    // Harmless option warning of Netty's epoll domain socket channel.
    level("io.grpc.netty.shaded.io.netty.bootstrap", Level.SEVERE);
  }

  private static void level(String name, Level level) {
    Logger l = Logger.getLogger(name);
    l.setLevel(level);
    CONFIGURED.add(l);
  }
}
