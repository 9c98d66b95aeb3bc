package dev.symdex.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store gives back the pages of its file mapped in this process (a cold project's index costs no
 * resident memory), reads fault them in again with the same bytes, and a closed store is left
 * alone. Measured in /proc/self/smaps, on a real LMDB environment.
 */
class ResidentPagesTest {
  @TempDir Path dir;

  private static final int VALUES = 256;
  private static final int VALUE_BYTES = 64 << 10;

  @Test
  void releasedPagesLeaveTheResidentSetAndReadsGetTheSameBytes() throws Exception {
    assumeTrue(ResidentPages.supported() && Files.isReadable(Path.of("/proc/self/smaps")), "Linux only");
    byte[][] values = new byte[VALUES][];
    Random random = new Random(7);
    try (LmdbStore s = LmdbStore.open(dir)) {
      try (WriteTxn w = s.write()) {
        for (int i = 0; i < VALUES; i++) {
          values[i] = new byte[VALUE_BYTES];
          random.nextBytes(values[i]);
          w.put(Table.FACTS, key(i), values[i]);
        }
        w.commit();
      }
      readAll(s, values);
      long before = residentOf(s.mappedFile().orElseThrow());
      assertTrue(before > VALUES * (long) VALUE_BYTES / 2, "read through the map: resident " + before);

      s.releaseResidentPages();
      long after = residentOf(s.mappedFile().orElseThrow());
      assertTrue(after < before / 10, "given back: " + before + " -> " + after);

      readAll(s, values); // faulted in again, from the page cache: the same bytes
      assertTrue(residentOf(s.mappedFile().orElseThrow()) > after);
    }
  }

  /** The environment is reopened (LMDB's kept dirty pages freed): what was committed reads the same, writes go on. */
  @Test
  void releasingWriteMemoryKeepsEveryCommitAndTheStoreWorking() throws Exception {
    byte[][] values = new byte[VALUES][];
    Random random = new Random(8);
    try (LmdbStore s = LmdbStore.open(dir)) {
      try (WriteTxn w = s.write()) {
        for (int i = 0; i < VALUES; i++) {
          values[i] = new byte[1 + random.nextInt(2000)];
          random.nextBytes(values[i]);
          w.put(Table.FACTS, key(i), values[i]);
        }
        w.commit();
      }
      s.releaseWriteMemory();
      readAll(s, values);
      try (WriteTxn w = s.write()) {
        w.put(Table.FACTS, key(0), values[1]);
        w.commit();
      }
      values[0] = values[1];
      readAll(s, values);
      try (ReadTxn open = s.read()) { // a read open: the reopen waits, then gives up; nothing changes
        s.releaseWriteMemory();
        assertArrayEquals(values[2], open.get(Table.FACTS, key(2)));
      }
      readAll(s, values);
    }
    try (LmdbStore again = LmdbStore.open(dir)) {
      readAll(again, values);
    }
  }

  @Test
  void aClosedStoreIsLeftAlone() throws Exception {
    LmdbStore s = LmdbStore.open(dir);
    s.close();
    s.releaseResidentPages(); // no map to advise: nothing happens (never a range that may be reused)
    try (LmdbStore again = LmdbStore.open(dir); ReadTxn r = again.read()) {
      assertEquals(null, r.get(Table.FACTS, key(0)));
    }
  }

  private static void readAll(LmdbStore s, byte[][] values) throws Exception {
    try (ReadTxn r = s.read()) {
      for (int i = 0; i < values.length; i++) {
        assertArrayEquals(values[i], r.get(Table.FACTS, key(i)));
      }
    }
  }

  private static byte[] key(int i) {
    return ("k" + i).getBytes(StandardCharsets.UTF_8);
  }

  /** Resident bytes of this process's mappings of {@code file}, from /proc/self/smaps. */
  private static long residentOf(Path file) throws Exception {
    long sum = 0;
    boolean in = false;
    try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/self/smaps"), StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isEmpty() && Character.digit(line.charAt(0), 16) >= 0 && line.contains("-") && line.indexOf(':') > line.indexOf('-')) {
          in = line.endsWith(" " + file) || line.endsWith("\t" + file);
        } else if (in && line.startsWith("Rss:")) {
          sum += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    }
    return sum;
  }
}
