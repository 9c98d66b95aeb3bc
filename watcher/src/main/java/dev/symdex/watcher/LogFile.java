package dev.symdex.watcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * The daemon's log file: {@code NAME.0.log} (newest) to {@code NAME.(count-1).log}, rotated when
 * the current one would pass {@code limit} bytes. Unlike the JDK's FileHandler (whose files and
 * their rotations take the umask's mode, 0644 as a rule) every file is created mode 0600: a log
 * names the files of the trees it indexes. Each record is one append; there is no lock file (one
 * daemon writes a data dir, under its lock). Thread-safe.
 */
final class LogFile extends Handler {
  private final Path dir;
  private final String name;
  private final long limit;
  private final int count;
  private FileChannel out;
  private long size;

  LogFile(Path dir, String name, long limit, int count) throws IOException {
    if (limit < 1 || count < 1) {
      throw new IllegalArgumentException("limit and count must be positive");
    }
    this.dir = PrivateFiles.createDirectories(dir);
    this.name = name;
    this.limit = limit;
    this.count = count;
    openCurrent();
  }

  /** Generation {@code g} of the log ({@code 0}: the one being written). */
  Path file(int g) {
    return dir.resolve(name + "." + g + ".log");
  }

  private void openCurrent() throws IOException {
    out = PrivateFiles.open(file(0), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = out.size();
  }

  @Override
  public synchronized void publish(LogRecord r) {
    if (out == null || !isLoggable(r)) {
      return;
    }
    byte[] bytes;
    try {
      bytes = getFormatter().format(r).getBytes(StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      reportError(null, e, ErrorManager.FORMAT_FAILURE);
      return;
    }
    try {
      if (size > 0 && size + bytes.length > limit) {
        rotate();
      }
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        out.write(b);
      }
      size += bytes.length;
    } catch (IOException e) {
      reportError(null, e, ErrorManager.WRITE_FAILURE);
    }
  }

  private void rotate() throws IOException {
    out.close();
    out = null;
    Files.deleteIfExists(file(count - 1));
    for (int g = count - 2; g >= 0; g--) {
      if (Files.exists(file(g))) {
        Files.move(file(g), file(g + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    openCurrent();
  }

  @Override
  public void flush() {
    // every record is written as it comes; nothing is buffered here
  }

  @Override
  public synchronized void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        reportError(null, e, ErrorManager.CLOSE_FAILURE);
      }
      out = null;
    }
  }
}
