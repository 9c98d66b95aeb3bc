package dev.symdex.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.symdex.grpc.ProcessMemory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * When the governor reclaims the process's garbage and free native memory: near the cap at most
 * every {@link MemoryGovernor#RECLAIM_NANOS}, less and less often while a reclaim leaves the
 * process near it. A fake clock and a fake resident set (the real ones cannot be steered).
 */
class MemoryGovernorReclaimTest {
  private static final long CAP = 1000L << 20;
  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
  private final AtomicLong rss = new AtomicLong();
  /** The resident set a reclaim leaves. */
  private final AtomicLong afterReclaim = new AtomicLong();
  private final AtomicLong reclaims = new AtomicLong();

  private MemoryGovernor governor() {
    return new MemoryGovernor(CAP, 600L << 20, clock::get, () -> new ProcessMemory(rss.get(), rss.get(), 0),
        files -> Map.of(), () -> {
          reclaims.incrementAndGet();
          rss.set(afterReclaim.get());
        });
  }

  /** Runs the governor once a second for {@code seconds}, the resident set set back to {@code rssBytes} before each round. */
  private void run(MemoryGovernor g, int seconds, long rssBytes) {
    for (int i = 0; i < seconds; i++) {
      rss.set(rssBytes);
      g.enforce(List.of());
      clock.addAndGet(1_000_000_000L);
    }
  }

  @Test
  void belowTheThresholdNothingIsReclaimed() {
    MemoryGovernor g = governor();
    run(g, 120, (long) (CAP * MemoryGovernor.RSS_HIGH) - 1);
    assertEquals(0, reclaims.get());
    assertEquals(0, g.reclaims());
  }

  @Test
  void effectiveReclaimsRunEveryTenSecondsWhileTheProcessKeepsComingBack() {
    MemoryGovernor g = governor();
    afterReclaim.set(CAP / 2); // each reclaim helps; the next index step fills it again
    run(g, 60, CAP);
    // rounds at 0 s, then each round more than 10 s after the last: 0, 11, 22, 33, 44, 55
    assertEquals(6, reclaims.get());
    assertEquals(6, g.reclaims());
  }

  @Test
  void reclaimsThatDoNotHelpBackOffUpToEightySeconds() {
    MemoryGovernor g = governor();
    afterReclaim.set(CAP); // what the process holds is in use: a reclaim frees nothing
    run(g, 400, CAP);
    // waits of more than 20, 40, 80, 80 ... s: reclaims at 0, 21, 62, 143, 224, 305, 386
    assertEquals(7, reclaims.get());
  }

  @Test
  void anEffectiveReclaimResetsTheWait() {
    MemoryGovernor g = governor();
    afterReclaim.set(CAP);
    run(g, 63, CAP); // reclaims at 0, 21, 62: the wait is now 80 s
    assertEquals(3, reclaims.get());
    afterReclaim.set(CAP / 2);
    run(g, 81, CAP); // the next, at 143, helps: the wait is 10 s again
    assertEquals(4, reclaims.get());
    run(g, 11, CAP); // and the next comes at 154
    assertEquals(5, reclaims.get());
  }
}
