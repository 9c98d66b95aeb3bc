package dev.symdex.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.extract.FactExtractor;
import dev.symdex.engine.model.Language;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native libraries a process loads come from the natives cache, unpacked once: a fresh JVM
 * (a child process, so that nothing in this JVM has loaded lmdbjava or a grammar yet) that opens a
 * store and parses one Java file unpacks LMDB's library and tree-sitter's core and Java grammar —
 * no other grammar — and maps LMDB from the cache, leaving no copy in its temp dir; a second such
 * process rewrites none of them.
 */
class NativeUnpackTest {
  @TempDir Path dir;

  /** The child: opens a store in args[0], writes and reads a row, parses a Java file, prints its maps. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      try (LmdbStore s = LmdbStore.open(Path.of(args[0]))) {
        try (WriteTxn w = s.write()) {
          w.put(Table.FILES, "A.java".getBytes(StandardCharsets.UTF_8), "state".getBytes(StandardCharsets.UTF_8));
          w.commit();
        }
        try (ReadTxn r = s.read()) {
          if (!"state".equals(new String(r.get(Table.FILES, "A.java".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))) {
            throw new IllegalStateException("row not read back");
          }
        }
      }
      var x = new FactExtractor(5_000).extract(Language.JAVA, "class A { void b() { c(); } }\n".getBytes(StandardCharsets.UTF_8));
      if (x.facts().isEmpty()) {
        throw new IllegalStateException("no facts: " + x.failure());
      }
      System.out.println("property " + System.getProperty(LmdbNative.NATIVE_LIB));
      for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
        if (line.contains(".so")) {
          System.out.println("map " + line.substring(line.indexOf('/')));
        }
      }
    }
  }

  @Test
  void aFreshProcessUnpacksOnlyWhatItLoadsOnceAndLmdbLoadsTheCachedCopy() throws Exception {
    Path natives = dir.resolve("natives");
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    List<String> out = runChild(natives, tmp, dir.resolve("store1"));

    Map<String, FileTime> unpacked = files(natives);
    List<String> names = unpacked.keySet().stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).sorted().toList();
    assertEquals(3, names.size(), "unpacked: " + unpacked.keySet());
    assertEquals(List.of("libtree-sitter-java.so", "libtree-sitter.so"), names.subList(1, 3));
    assertTrue(names.get(0).matches("liblmdb-[0-9a-f]{8}-\\d+\\.so"), names.get(0));
    Path lmdb = natives.resolve("lmdb").resolve(names.get(0));
    try (InputStream in = LmdbNative.class.getResourceAsStream(LmdbNative.RESOURCE)) {
      assertArrayEquals(in.readAllBytes(), Files.readAllBytes(lmdb), "the cached copy is lmdbjava's library");
    }
    assertTrue(out.contains("property " + lmdb), out.toString());
    assertTrue(out.contains("map " + lmdb), "LMDB is mapped from the cache: " + out);
    try (Stream<Path> left = Files.list(tmp)) {
      List<Path> copies = left.filter(p -> p.getFileName().toString().startsWith("lmdbjava-native-library")).toList();
      assertEquals(List.of(), copies, "no temporary copy of LMDB");
    }

    runChild(natives, tmp, dir.resolve("store2"));
    assertEquals(unpacked, files(natives), "a second process rewrites nothing");
  }

  /** Every regular file under {@code root} (relative path) and its modification time. */
  private static Map<String, FileTime> files(Path root) throws IOException {
    Map<String, FileTime> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        m.put(root.relativize(p).toString(), Files.getLastModifiedTime(p));
      }
    }
    return m;
  }

  private static List<String> runChild(Path natives, Path tmp, Path store) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
    cmd.add("-Djava.io.tmpdir=" + tmp);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName(), store.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SYMDEX_NATIVE_DIR", natives.toString());
    Process p = pb.start();
    byte[] output = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child ended");
    String text = new String(output, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    return text.lines().toList();
  }
}
