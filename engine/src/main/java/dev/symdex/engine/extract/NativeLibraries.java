package dev.symdex.engine.extract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.openhft.hashing.LongHashFunction;

/**
 * The tree-sitter shared libraries that travel inside the engine jar ({@code
 * /native/linux-x86_64/}), copied once into a cache directory named by their content hash, so
 * that {@code dlopen} can load them and a new build never loads stale ones.
 *
 * <p>The cache is {@code $SYMDEX_NATIVE_DIR}, else {@code ~/.cache/symdex/native}. Thread-safe.
 */
public final class NativeLibraries {
  private static final String RESOURCE_DIR = "/native/linux-x86_64/";
  private static volatile Path dir;
  private static final Map<String, String> SYMBOLS = new ConcurrentHashMap<>();

  private NativeLibraries() {}

  /** Path of {@code libtree-sitter.so} (the core). */
  public static Path core() {
    return directory().resolve("libtree-sitter.so");
  }

  /** The grammar's entry point, as listed in grammars.txt ({@code tree_sitter_c_sharp}). */
  public static String symbol(String name) {
    directory();
    String s = SYMBOLS.get(name);
    if (s == null) {
      throw new IllegalStateException("grammar " + name + " is not in grammars.txt");
    }
    return s;
  }

  /** Path of the grammar library for {@code name} ({@code libtree-sitter-java.so}). */
  public static Path grammar(String name) {
    return directory().resolve("libtree-sitter-" + name + ".so");
  }

  private static Path directory() {
    Path d = dir;
    if (d == null) {
      synchronized (NativeLibraries.class) {
        if (dir == null) {
          dir = extract();
        }
        d = dir;
      }
    }
    return d;
  }

  private static Path extract() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new UnsupportedOperationException(
          "symdex ships tree-sitter natives for linux-x86_64 only; this is " + os + "/" + arch);
    }
    try {
      List<String> names = new ArrayList<>();
      List<byte[]> contents = new ArrayList<>();
      try (InputStream list = NativeLibraries.class.getResourceAsStream(RESOURCE_DIR + "grammars.txt")) {
        if (list == null) {
          throw new IllegalStateException("tree-sitter natives are missing from the classpath (" + RESOURCE_DIR
              + "); build the engine module (bin/mvn package) to compile them");
        }
        for (String line : new String(list.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          String t = line.strip();
          if (t.isEmpty() || t.startsWith("#")) {
            continue;
          }
          String[] cols = t.split("\\s+");
          String name = cols[0];
          if (cols.length >= 4) {
            SYMBOLS.put(name, cols[3]);
          }
          names.add(name.equals("core") ? "libtree-sitter.so" : "libtree-sitter-" + name + ".so");
        }
      }
      long hash = 0;
      for (String n : names) {
        try (InputStream in = NativeLibraries.class.getResourceAsStream(RESOURCE_DIR + n)) {
          if (in == null) {
            throw new IllegalStateException("missing native library " + RESOURCE_DIR + n);
          }
          byte[] b = in.readAllBytes();
          contents.add(b);
          hash = hash * 31 + LongHashFunction.xx3().hashBytes(b);
        }
      }
      String base = System.getenv("SYMDEX_NATIVE_DIR");
      Path root = base != null && !base.isBlank()
          ? Path.of(base)
          : Path.of(System.getProperty("user.home"), ".cache", "symdex", "native");
      Path target = root.resolve(HexFormat.of().toHexDigits(hash));
      Files.createDirectories(target);
      for (int i = 0; i < names.size(); i++) {
        Path f = target.resolve(names.get(i));
        if (!Files.exists(f) || Files.size(f) != contents.get(i).length) {
          Path tmp = Files.createTempFile(target, names.get(i), ".tmp");
          Files.write(tmp, contents.get(i));
          Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack tree-sitter natives: " + e.getMessage(), e);
    }
  }
}
