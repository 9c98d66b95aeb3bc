package dev.symdex.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One JSON config file of an agent ({@code .mcp.json}, {@code .claude/settings.json}, ...) that
 * symdex edits, with the two files it keeps beside it until uninstall: {@code NAME.symdex-backup},
 * the file's bytes before symdex first changed it, and {@code NAME.symdex-created}, present when
 * symdex created the file (its content lists what else it created: {@code dir} when the parent
 * directory too). A symlinked file is edited where the link points.
 *
 * <p>Writes are atomic (a temp file in the same directory, then a rename): a reader sees the old
 * file or the new one. A file symdex creates is 0600 in a directory it creates 0700; a file it
 * rewrites keeps its permissions. Not thread-safe; one process edits a file at a time.
 */
public final class ConfigFile {
  static final String BACKUP_SUFFIX = ".symdex-backup";
  static final String CREATED_SUFFIX = ".symdex-created";

  private final Path path;

  /** @param path the file; symlinks are followed when it is read and written */
  public ConfigFile(Path path) {
    this.path = path.toAbsolutePath().normalize();
  }

  /** The file as given. */
  public Path path() {
    return path;
  }

  /** The file to read and write: the symlink's target if the path is a symlink. */
  private Path real() throws IOException {
    return Files.isSymbolicLink(path) ? path.toRealPath() : path;
  }

  Path backup() throws IOException {
    Path r = real();
    return r.resolveSibling(r.getFileName() + BACKUP_SUFFIX);
  }

  Path createdMarker() throws IOException {
    Path r = real();
    return r.resolveSibling(r.getFileName() + CREATED_SUFFIX);
  }

  /** The file's bytes, or null when it does not exist. */
  byte[] bytes() throws IOException {
    try {
      return Files.readAllBytes(real());
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * The file's top-level object (a new, modifiable map), empty when the file does not exist or is
   * blank.
   *
   * @throws IOException when it cannot be read, is not JSON, or is JSON but not an object: the
   *     message names the file, and nothing is changed
   */
  Map<String, Object> read() throws IOException {
    byte[] b = bytes();
    return b == null ? new LinkedHashMap<>() : parseObject(b, path);
  }

  static Map<String, Object> parseObject(byte[] b, Path where) throws IOException {
    String text = new String(b, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return new LinkedHashMap<>();
    }
    Object v;
    try {
      v = Json.parse(text.startsWith("\uFEFF") ? text.substring(1) : text);
    } catch (Json.SyntaxException e) {
      throw new IOException(where + " is not valid JSON (" + e.getMessage() + "); fix or move it, symdex changed nothing");
    }
    if (!(v instanceof Map<?, ?>)) {
      throw new IOException(where + " holds JSON that is not an object; symdex changed nothing");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    return m;
  }

  /**
   * Replaces the file with {@code content}, first keeping what was there: the old bytes in the
   * backup (only if no backup exists: the backup is always the file before symdex's first change),
   * or, when the file did not exist, the created marker.
   */
  void writeKeepingOriginal(Map<String, Object> content) throws IOException {
    Path target = real();
    byte[] old = bytes();
    Path backup = backup();
    Path marker = createdMarker();
    if (old != null && !Files.exists(backup) && !Files.exists(marker)) {
      writeAtomically(backup, old, modeOf(target));
    } else if (old == null && !Files.exists(backup)) {
      boolean newDir = !Files.isDirectory(target.getParent());
      createDirs(target.getParent());
      writeAtomically(marker, (newDir ? "dir\n" : "").getBytes(StandardCharsets.UTF_8), PRIVATE);
    }
    writeAtomically(target, Json.write(content).getBytes(StandardCharsets.UTF_8), old == null ? PRIVATE : modeOf(target));
  }

  /** Replaces the file's bytes (uninstall: a rewrite or the backup's bytes). */
  void writeBytes(byte[] content) throws IOException {
    Path target = real();
    writeAtomically(target, content, Files.exists(target) ? modeOf(target) : PRIVATE);
  }

  /** The bytes of the backup, or null when there is none. */
  byte[] backupBytes() throws IOException {
    try {
      return Files.readAllBytes(backup());
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  boolean createdBySymdex() throws IOException {
    return Files.exists(createdMarker());
  }

  /** Deletes the file, and its directory when symdex created that too and it is now empty. */
  void deleteCreated() throws IOException {
    Path target = real();
    Path marker = createdMarker();
    boolean dir = Files.exists(marker) && Files.readString(marker, StandardCharsets.UTF_8).contains("dir");
    Files.deleteIfExists(target);
    Files.deleteIfExists(marker);
    if (dir) {
      try (var list = Files.list(target.getParent())) {
        if (list.findAny().isEmpty()) {
          Files.delete(target.getParent());
        }
      }
    }
  }

  /** Removes the backup and the created marker: symdex keeps nothing of this file any more. */
  void forgetOriginal() throws IOException {
    Files.deleteIfExists(backup());
    Files.deleteIfExists(createdMarker());
  }

  static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

  private static Set<PosixFilePermission> modeOf(Path p) throws IOException {
    try {
      return Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return PRIVATE;
    }
  }

  private static void createDirs(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    createDirs(dir.getParent());
    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  private static void writeAtomically(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
    createDirs(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp",
        PosixFilePermissions.asFileAttribute(PRIVATE));
    try {
      Files.write(tmp, content);
      Files.setPosixFilePermissions(tmp, mode);
      try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
