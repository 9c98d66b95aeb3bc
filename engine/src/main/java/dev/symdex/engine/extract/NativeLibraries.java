package dev.symdex.engine.extract;

import dev.symdex.engine.natives.NativeCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import net.openhft.hashing.LongHashFunction;

/**
 * The tree-sitter shared libraries that travel inside the engine jar ({@code
 * /native/linux-x86_64/}), each copied on first use into a {@link NativeCache} directory named by
 * the content of them all, so that {@code dlopen} can load them and a new build never loads stale
 * ones. A start reads only the small catalogue the build wrote ({@code natives.sums}: SHA-256,
 * size and name of each library) and unpacks only the libraries it loads (the core, and the
 * grammars of the languages it meets), once per build and machine.
 *
 * <p>Thread-safe.
 */
public final class NativeLibraries {
  private static final String RESOURCE_DIR = "/native/linux-x86_64/";
  private static final String CORE_FILE = "libtree-sitter.so";
  private static volatile Catalogue catalogue;

  /** What the jar holds: the unpack directory, each library's size, each grammar's entry point. */
  private record Catalogue(Path dir, Map<String, Long> sizes, Map<String, String> symbols) {}

  private NativeLibraries() {}

  /** Path of {@code libtree-sitter.so} (the core), unpacked. */
  public static Path core() {
    return library(CORE_FILE);
  }

  /** The grammar's entry point, as listed in grammars.txt ({@code tree_sitter_c_sharp}). */
  public static String symbol(String name) {
    String s = catalogue().symbols().get(name);
    if (s == null) {
      throw new IllegalStateException("grammar " + name + " is not in grammars.txt");
    }
    return s;
  }

  /** Path of the grammar library for {@code name} ({@code libtree-sitter-java.so}), unpacked. */
  public static Path grammar(String name) {
    return library("libtree-sitter-" + name + ".so");
  }

  private static Path library(String file) {
    Catalogue c = catalogue();
    Long size = c.sizes().get(file);
    if (size == null) {
      throw new IllegalStateException("native library " + file + " is not in " + RESOURCE_DIR + "natives.sums");
    }
    try {
      return NativeCache.unpack(NativeLibraries.class, RESOURCE_DIR + file, c.dir().resolve(file), size);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack tree-sitter native " + file + ": " + e.getMessage(), e);
    }
  }

  private static Catalogue catalogue() {
    Catalogue c = catalogue;
    if (c == null) {
      synchronized (NativeLibraries.class) {
        if (catalogue == null) {
          catalogue = read();
        }
        c = catalogue;
      }
    }
    return c;
  }

  private static Catalogue read() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new UnsupportedOperationException(
          "symdex ships tree-sitter natives for linux-x86_64 only; this is " + os + "/" + arch);
    }
    Map<String, String> symbols = new HashMap<>();
    for (String line : resourceLines("grammars.txt")) {
      String[] cols = line.split("\\s+");
      if (cols.length >= 4) {
        symbols.put(cols[0], cols[3]);
      }
    }
    String sums = String.join("\n", resourceLines("natives.sums"));
    Map<String, Long> sizes = new HashMap<>();
    for (String line : sums.split("\n")) {
      String[] cols = line.split(" ");
      if (cols.length != 3) {
        throw new IllegalStateException(RESOURCE_DIR + "natives.sums: bad line '" + line + "'; rebuild the engine module");
      }
      sizes.put(cols[2], Long.parseLong(cols[1]));
    }
    String key = HexFormat.of().toHexDigits(LongHashFunction.xx3().hashChars(sums));
    return new Catalogue(NativeCache.root().resolve(key), Map.copyOf(sizes), Map.copyOf(symbols));
  }

  /** The resource's lines, stripped, without blank lines and comments. */
  private static String[] resourceLines(String name) {
    try (InputStream in = NativeLibraries.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("tree-sitter natives are missing from the classpath (" + RESOURCE_DIR + name
            + "); build the engine module (bin/mvn package) to compile them");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#")).toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE_DIR + name + ": " + e.getMessage(), e);
    }
  }
}
