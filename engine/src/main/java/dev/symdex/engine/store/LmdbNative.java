package dev.symdex.engine.store;

import dev.symdex.engine.natives.NativeCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Gives lmdbjava a lasting copy of its LMDB library. Left alone, lmdbjava copies the library out
 * of its jar into a new {@code /tmp/lmdbjava-native-library-*.so} at every process start and
 * deletes it only at a normal JVM exit, so every killed process leaves one behind. Here the library
 * is unpacked once into the {@link NativeCache} under a name made of its CRC and size, and named to
 * lmdbjava by its {@code lmdbjava.native.lib} system property, which lmdbjava reads when its
 * classes initialise: {@link #install()} must run before any lmdbjava class is used.
 *
 * <p>Left to lmdbjava's own unpacking: a JVM where either property is set already, a platform
 * other than linux-x86_64 (glibc), a cache that cannot be written. Thread-safe.
 */
final class LmdbNative {
  /** lmdbjava's property: the path of an LMDB library to load instead of the one in its jar. */
  static final String NATIVE_LIB = "lmdbjava.native.lib";
  /** lmdbjava's property: another resource of its jar to unpack. */
  static final String EMBEDDED_LIB = "lmdbjava.embedded.lib";
  /** Where lmdbjava keeps its linux-x86_64 glibc library (org.lmdbjava.TargetName). */
  static final String RESOURCE = "/org/lmdbjava/native/x86_64-linux-gnu.so";

  private static boolean done;

  private LmdbNative() {}

  /** Sets {@code lmdbjava.native.lib} to the cached copy, unpacking it first if needed; idempotent. */
  static synchronized void install() {
    if (done) {
      return;
    }
    done = true;
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (System.getProperty(NATIVE_LIB) != null || System.getProperty(EMBEDDED_LIB) != null
        || !os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      return;
    }
    try (InputStream in = LmdbNative.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return;
      }
      byte[] content = in.readAllBytes();
      CRC32C crc = new CRC32C();
      crc.update(content);
      Path file = NativeCache.root().resolve("lmdb")
          .resolve(String.format(Locale.ROOT, "liblmdb-%08x-%d.so", crc.getValue(), content.length));
      if (!Files.isRegularFile(file) || Files.size(file) != content.length) {
        NativeCache.write(file, content);
      }
      System.setProperty(NATIVE_LIB, file.toString());
    } catch (IOException | RuntimeException e) {
      // lmdbjava unpacks its own temporary copy, as it would without us
    }
  }
}
