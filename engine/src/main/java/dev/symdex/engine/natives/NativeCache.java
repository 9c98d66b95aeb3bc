package dev.symdex.engine.natives;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where the native libraries that travel inside the jars (tree-sitter's, LMDB's) are unpacked so
 * that {@code dlopen} can load them: {@code $SYMDEX_NATIVE_DIR}, else {@code ~/.cache/symdex/native}.
 * Every file in it is named by its content, written once (to a temporary file renamed into place,
 * so a reader never sees half of one) and shared by every later process: a start unpacks nothing
 * it finds there already. Thread-safe; processes may unpack the same file at once.
 */
public final class NativeCache {
  private NativeCache() {}

  /** The cache's root directory (not created here). */
  public static Path root() {
    String base = System.getenv("SYMDEX_NATIVE_DIR");
    return base != null && !base.isBlank()
        ? Path.of(base)
        : Path.of(System.getProperty("user.home"), ".cache", "symdex", "native");
  }

  /**
   * Makes {@code file} hold the classpath resource {@code resource} of {@code size} bytes, unless a
   * file of that size is there already; returns {@code file}.
   *
   * @throws IOException when the resource is missing or the file cannot be written
   */
  public static Path unpack(Class<?> owner, String resource, Path file, long size) throws IOException {
    if (Files.isRegularFile(file) && Files.size(file) == size) {
      return file;
    }
    byte[] content;
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing native library " + resource + " on the classpath");
      }
      content = in.readAllBytes();
    }
    return write(file, content);
  }

  /** Writes {@code content} to {@code file} (temporary file, then an atomic rename); returns {@code file}. */
  public static Path write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.write(tmp, content);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return file;
  }
}
