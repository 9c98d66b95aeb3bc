package dev.symdex.watcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The exclusive lock on a data dir: one writing process at a time (a daemon, or a one-shot {@code
 * index}). The OS releases it when the process dies, however it dies. The lock file holds the
 * holder's pid and purpose, so a refused second process can say who holds it.
 */
final class DaemonLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DaemonLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock, or returns empty when another process holds it. */
  static Optional<DaemonLock> tryAcquire(DataDir dataDir, String purpose) throws IOException {
    FileChannel ch = PrivateFiles.open(dataDir.lockFile(), StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      ch.close();
      return Optional.empty();
    }
    ch.truncate(0);
    ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + " " + purpose + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    ch.force(false);
    return Optional.of(new DaemonLock(ch, l));
  }

  /** Who holds the lock, as written by the holder ("PID PURPOSE"), or empty. */
  static String holder(DataDir dataDir) {
    try {
      return Files.readString(dataDir.lockFile(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
