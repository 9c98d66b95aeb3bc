package dev.symdex.watcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import net.openhft.hashing.LongHashFunction;

/**
 * Layout of a symdex data directory:
 *
 * <pre>
 * SYMDEX                  marker: this directory belongs to symdex
 * daemon.lock             held (flock) by the one process that writes here
 * daemon.json             pid, root and address of the running daemon
 * symdex.sock             the daemon's Unix socket (mode 0600; a --listen socket elsewhere needs --allow-socket-path)
 * token                   bearer token a TCP address demands (made at first use)
 * projects                roots added with AddProject, one absolute path a line
 * logs/symdex.N.log       rotating daemon log
 * index/NAME-HASH/        one LMDB index per root
 * </pre>
 *
 * Files are 0600 and directories 0700 (the data dir itself is made so when symdex creates it).
 *
 * A directory that exists, is not empty and has no marker is someone else's: symdex refuses to
 * use it rather than write into it. Thread-safe (immutable).
 */
public final class DataDir {
  static final String MARKER = "SYMDEX";
  private static final String MARKER_TEXT = "symdex data directory, layout 1\n";

  private final Path dir;

  private DataDir(Path dir) {
    this.dir = dir;
  }

  /** Default: {@code $SYMDEX_DATA_DIR}, else {@code ~/.local/share/symdex}. */
  public static Path defaultPath() {
    String env = System.getenv("SYMDEX_DATA_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".local", "share", "symdex");
  }

  /**
   * Opens {@code dir} as a data dir, creating it (and its missing parents) mode 0700 when absent.
   * Whatever symdex makes in it is private (files 0600, directories 0700; see {@link PrivateFiles}).
   *
   * @throws IOException when it is not a directory, or is a non-empty directory without the marker
   */
  public static DataDir open(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new IOException("data dir " + abs + " is not a directory");
    }
    if (!Files.exists(abs)) {
      PrivateFiles.createDirectories(abs); // and its missing parents: 0700 each
    }
    Path marker = abs.resolve(MARKER);
    if (!Files.exists(marker)) {
      if (!isEmpty(abs)) {
        throw new IOException("data dir " + abs + " is not empty and is not a symdex data dir (no " + MARKER
            + " file); choose another --data-dir, or an empty one");
      }
      PrivateFiles.write(marker, MARKER_TEXT, false);
    }
    return new DataDir(abs);
  }

  private static boolean isEmpty(Path d) throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
      return !s.iterator().hasNext();
    }
  }

  public Path path() {
    return dir;
  }

  public Path lockFile() {
    return dir.resolve("daemon.lock");
  }

  public Path daemonInfo() {
    return dir.resolve("daemon.json");
  }

  public Path socket() {
    return dir.resolve("symdex.sock");
  }

  /** The bearer token a daemon listening on TCP demands (see {@link TokenFile}). */
  public Path token() {
    return dir.resolve("token");
  }

  /** Roots added with AddProject (see {@link ProjectRegistry}). */
  public Path projects() {
    return dir.resolve("projects");
  }

  /** When each project was last queried (see {@link ProjectUse}): a restart opens them in that order. */
  public Path projectUse() {
    return dir.resolve("project-use");
  }

  public Path logs() {
    return dir.resolve("logs");
  }

  /** Where the index of {@code root} lives: {@code index/<dir name>-<hash of the absolute path>}. */
  public Path indexFor(Path root) {
    String abs = root.toAbsolutePath().normalize().toString();
    String base = root.toAbsolutePath().normalize().getFileName() == null ? "root" : root.toAbsolutePath().normalize().getFileName().toString();
    base = base.replaceAll("[^A-Za-z0-9._-]", "_").toLowerCase(Locale.ROOT);
    if (base.length() > 40) {
      base = base.substring(0, 40);
    }
    String hash = HexFormat.of().toHexDigits(LongHashFunction.xx3().hashChars(abs)).substring(0, 12);
    return dir.resolve("index").resolve(base + "-" + hash);
  }
}
