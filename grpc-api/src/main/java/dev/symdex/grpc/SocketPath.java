package dev.symdex.grpc;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The file of a Unix socket the server listens on: claimed before the bind, removed after the
 * server stops, and never someone else's. Stateless; safe from any thread.
 *
 * <p>A path that answers a connect belongs to a live server (another daemon, perhaps of another
 * data dir): it is refused, and its file left alone. A socket file nobody answers (its server
 * died without removing it) is stale and replaced. Anything else at the path (a regular file, a
 * directory, a symbolic link) is refused and never deleted. {@link SymdexGrpcServer#listen} claims
 * its path; a daemon may claim it earlier, before it opens anything, to fail fast.
 */
public final class SocketPath {
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  private SocketPath() {}

  /**
   * Makes {@code path} free to bind: creates its missing parent directories (mode 0700), and
   * removes a stale socket file.
   *
   * @throws IOException when something answers on {@code path} or it is not a socket file
   */
  public static void claim(Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (!Files.isDirectory(parent)) {
      Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    int mode;
    try {
      mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    }
    if ((mode & S_IFMT) != S_IFSOCK) {
      throw new IOException(path + " exists and is not a socket; refusing to replace it (remove it yourself, or listen elsewhere)");
    }
    if (answers(path)) {
      throw new IOException("another process answers on " + path + "; refusing to take its socket over "
          + "(stop that daemon, or listen elsewhere)");
    }
    Files.deleteIfExists(path);
  }

  /**
   * True unless a connect to {@code path} is refused (no listener). A connect that succeeds, or
   * fails any other way (no permission to connect, the listener's queue is full), means a server
   * owns the path.
   */
  private static boolean answers(Path path) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.configureBlocking(false); // a wedged server with a full queue must not hang the probe
      ch.connect(UnixDomainSocketAddress.of(path));
      return true;
    } catch (ConnectException e) {
      return false; // ECONNREFUSED: the file outlived its server
    } catch (IOException e) {
      return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }
  }

  /** The identity (device and inode) of the file at {@code path}, or null when there is none. */
  static Object key(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** Removes the file at {@code path} if it is still the one {@code key} identifies (ours). */
  static void removeIfSame(Path path, Object key) {
    if (key == null || !key.equals(key(path))) {
      return; // gone, or replaced by another server's socket: not ours to remove
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // a stale socket file is replaced by the next daemon
    }
  }
}
