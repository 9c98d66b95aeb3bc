package dev.symdex.watcher;

import dev.symdex.grpc.HeldMemory;
import dev.symdex.grpc.ProcessMemory;
import dev.symdex.grpc.ProjectMemory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Keeps a daemon's projects under its memory cap ({@code --max-memory}: heap and index pages
 * together). A project is <em>hot</em> (what its queries built — answers, plan index, file graph
 * and ranks, map memo, facts views — kept, and its index pages mapped) or <em>cold</em> (all of
 * that given back: its index is on disk, its watcher and index loop run on). A query makes a
 * project hot ({@link #used}). {@link #enforce}, run every second, keeps three budgets, cheapest
 * remedy first:
 *
 * <ul>
 *   <li>the index pages mapped (measured) at most {@link #RESIDENT_SHARE_OF_CAP} of the cap:
 *       projects' pages are given back, least recently used first (the most recent one's too:
 *       they stay in the page cache, a page touched again costs a minor fault);
 *   <li>the heap the hot projects hold (estimated from counts) at most {@link #HEAP_SHARE_OF_CAP}
 *       of the cap and {@link #HEAP_SHARE_OF_HEAP} of the JVM's maximum heap: the least recently
 *       queried projects go cold, never the most recent one (whatever it needs, it keeps);
 *   <li>the process's resident set (measured) under {@link #RSS_HIGH} of the cap: what no project
 *       holds is given back (a full collection, which lets the heap shrink, and the C
 *       allocator's free memory, {@link NativeMemory#reclaim}), at most every 10 s, less often
 *       (up to 80 s) while reclaims leave it above that.
 * </ul>
 *
 * A cold project whose pages come back (its index loop writes) has them given back again at each
 * round. Answers do not depend on temperature: a cold project answers what a hot one would, its
 * first query reading from the store.
 *
 * <p>Thread-safe: {@link #used} from any call; {@link #enforce} from one thread at a time.
 */
final class MemoryGovernor {
  private static final Logger LOG = Logger.getLogger(MemoryGovernor.class.getName());
  static final double HEAP_SHARE_OF_CAP = 0.35;
  static final double HEAP_SHARE_OF_HEAP = 0.5;
  static final double RESIDENT_SHARE_OF_CAP = 0.25;
  static final double RSS_HIGH = 0.9;
  /** A cold project's pages are given back again once it maps more than this. */
  static final long COLD_TRIM_BYTES = 4L << 20;

  /** What {@link #enforce} needs of a project: its memory, measured, and how to give it back. */
  interface Member {
    /** The heap it holds between queries: its engine's (facts views) and what {@code server} keeps for it. */
    long heapBytes(HeldMemory server);

    /** The file its index maps into memory, if any. */
    Optional<Path> mappedFile();

    /** Gives back what it holds: what {@code server} keeps for it, its engine's facts views and mapped pages. */
    void release(HeldMemory server);

    /** Gives back its index's mapped pages only (it stays hot). */
    void releasePages();

    /** Its heat: use, temperature, last figures. */
    Heat heat();

    /** Its name, for the log. */
    String id();
  }

  /** One project's temperature, use and last measured figures. Thread-safe. */
  static final class Heat {
    private volatile long lastUsedNanos;
    private volatile boolean used;
    /** Cold until its first query: nothing of it is in memory yet. */
    private volatile boolean hot;
    private final AtomicLong demotions = new AtomicLong();
    private volatile long heapBytes;
    private volatile long residentBytes;

    boolean hot() {
      return hot;
    }

    long demotions() {
      return demotions.get();
    }

    /** Whether it was queried since the daemon started. */
    boolean everUsed() {
      return used;
    }

    long lastUsedNanos() {
      return lastUsedNanos;
    }
  }

  private final long capBytes;
  private final long heapBudget;
  private final long residentBudget;
  private final LongSupplier nanoClock;
  private final Supplier<ProcessMemory> process;
  private final Function<Set<Path>, Map<Path, Long>> residentOf;
  private final long startNanos;
  private final AtomicLong demotions = new AtomicLong();
  private final AtomicLong pageReleases = new AtomicLong();
  private final AtomicLong reclaims = new AtomicLong();
  private final Runnable reclaim;
  private long lastReclaimNanos;
  /** The wait before the next reclaim may run: {@link #RECLAIM_NANOS}, doubled after each that left the process near the cap. */
  private long reclaimBackoffNanos = RECLAIM_NANOS;
  private volatile HeldMemory held = HeldMemory.NONE;
  /**
   * At most one reclaim (a full collection: a pause of a fraction of a second) this often: often
   * enough that a first index's garbage does not outgrow the cap between two of them.
   */
  static final long RECLAIM_NANOS = 10_000_000_000L;
  /** The longest wait between reclaims that leave the process near the cap (its memory is held, not garbage). */
  static final long RECLAIM_MAX_NANOS = 80_000_000_000L;

  /**
   * @param capBytes the cap (heap and index pages together); 0 or less: no cap (nothing is ever made cold)
   * @param maxHeapBytes the JVM's maximum heap
   */
  MemoryGovernor(long capBytes, long maxHeapBytes) {
    this(capBytes, maxHeapBytes, System::nanoTime, ProcessMemory::now, ProcessMemory::residentOf, NativeMemory::reclaim);
  }

  /** With the clock and the process's memory as given (tests). */
  MemoryGovernor(long capBytes, long maxHeapBytes, LongSupplier nanoClock, Supplier<ProcessMemory> process,
      Function<Set<Path>, Map<Path, Long>> residentOf, Runnable reclaim) {
    this.reclaim = reclaim;
    this.capBytes = Math.max(0, capBytes);
    this.heapBudget = (long) Math.min(capBytes * HEAP_SHARE_OF_CAP, maxHeapBytes * HEAP_SHARE_OF_HEAP);
    this.residentBudget = (long) (capBytes * RESIDENT_SHARE_OF_CAP);
    this.nanoClock = nanoClock;
    this.process = process;
    this.residentOf = residentOf;
    this.startNanos = nanoClock.getAsLong();
    this.lastReclaimNanos = startNanos - RECLAIM_MAX_NANOS; // the first may run at once
  }

  /** Where the server's share of each project is measured and given back (once the server runs). */
  void attach(HeldMemory server) {
    this.held = server;
  }

  long capBytes() {
    return capBytes;
  }

  /** A query of {@code member} begins: it is the most recently used, and hot from now on. */
  void used(Member member) {
    Heat h = member.heat();
    h.lastUsedNanos = nanoClock.getAsLong();
    h.used = true;
    if (!h.hot) {
      h.hot = true;
      LOG.fine(() -> "project " + member.id() + " is hot again");
    }
  }

  /**
   * Measures every member, makes the least recently used hot ones cold while a budget is passed
   * (never the most recently used), and gives back the pages cold ones mapped again. Returns the
   * members made cold, least recently used first.
   */
  List<Member> enforce(List<? extends Member> members) {
    Set<Path> files = new HashSet<>();
    for (Member m : members) {
      m.mappedFile().ifPresent(files::add);
    }
    Map<Path, Long> resident = files.isEmpty() ? Map.of() : residentOf.apply(files);
    HeldMemory server = held;
    long heap = 0;
    long mapped = 0;
    for (Member m : members) {
      Heat h = m.heat();
      h.residentBytes = m.mappedFile().map(f -> resident.getOrDefault(f, 0L)).orElse(0L);
      h.heapBytes = h.hot ? m.heapBytes(server) : 0;
      if (!h.hot && h.residentBytes > COLD_TRIM_BYTES) {
        m.release(server);
        h.residentBytes = 0;
      }
      heap += h.heapBytes;
      mapped += h.residentBytes;
    }
    List<Member> demoted = new ArrayList<>();
    if (capBytes <= 0) {
      return demoted;
    }
    List<Member> hot = new ArrayList<>();
    for (Member m : members) {
      if (m.heat().hot) {
        hot.add(m);
      }
    }
    hot.sort(Comparator.comparingLong(m -> m.heat().used ? m.heat().lastUsedNanos : Long.MIN_VALUE));
    // Index pages first: giving them back costs a minor fault per page touched again (they stay in
    // the page cache), so every project's go, the most recent one's too, least recently used first.
    for (Member m : hot) {
      if (mapped <= residentBudget) {
        break;
      }
      Heat h = m.heat();
      if (h.residentBytes > 0) {
        m.releasePages();
        mapped -= h.residentBytes;
        h.residentBytes = 0;
        pageReleases.incrementAndGet();
      }
    }
    // Then what queries built, which costs a rebuild: the least recently used projects go cold,
    // never the most recent one.
    for (Member m : hot.subList(0, Math.max(0, hot.size() - 1))) {
      if (heap <= heapBudget) {
        break;
      }
      Heat h = m.heat();
      if (h.heapBytes == 0) {
        continue; // holds nothing: making it cold frees nothing
      }
      demote(m, server);
      heap -= h.heapBytes;
      mapped -= h.residentBytes;
      h.heapBytes = 0;
      h.residentBytes = 0;
      demoted.add(m);
    }
    if (!demoted.isEmpty()) {
      LOG.info("memory cap " + (capBytes >> 20) + " MB: made cold " + demoted.stream().map(Member::id).toList()
          + " (hot heap now ~" + (heap >> 20) + " MB of " + (heapBudget >> 20) + ", index pages " + (mapped >> 20) + " MB of "
          + (residentBudget >> 20) + ")");
    }
    // Last, what no project holds: garbage the heap keeps committed, native memory freed but kept
    // by the allocator. Given back when the process is near the cap, at most every RECLAIM_NANOS;
    // while reclaims do not bring it below that (what it holds is in use), less and less often.
    long now = nanoClock.getAsLong();
    if (process.get().rssBytes() > capBytes * RSS_HIGH && now - lastReclaimNanos > reclaimBackoffNanos) {
      lastReclaimNanos = now;
      reclaims.incrementAndGet();
      reclaim.run();
      long after = process.get().rssBytes();
      reclaimBackoffNanos = after > capBytes * RSS_HIGH ? Math.min(RECLAIM_MAX_NANOS, reclaimBackoffNanos * 2) : RECLAIM_NANOS;
      LOG.info(() -> "memory cap " + (capBytes >> 20) + " MB: resident set near it, garbage collected and native memory trimmed: now "
          + (after >> 20) + " MB");
    }
    return demoted;
  }

  /** Index-page releases (a project's mapped pages given back while it stays hot) since the daemon started. */
  long pageReleases() {
    return pageReleases.get();
  }

  /** Times the process's garbage and free native memory were given back. */
  long reclaims() {
    return reclaims.get();
  }

  private void demote(Member m, HeldMemory server) {
    Heat h = m.heat();
    h.hot = false;
    h.demotions.incrementAndGet();
    demotions.incrementAndGet();
    m.release(server);
  }

  /** What Status and ListProjects show of {@code member} among {@code members}. */
  ProjectMemory memoryOf(Member member, List<? extends Member> members) {
    int hot = 0;
    for (Member m : members) {
      if (m.heat().hot) {
        hot++;
      }
    }
    Heat h = member.heat();
    long since = h.used ? h.lastUsedNanos : startNanos;
    return new ProjectMemory(h.hot, h.heapBytes, h.residentBytes, h.demotions(), Math.max(0, (nanoClock.getAsLong() - since) / 1_000_000),
        new ProjectMemory.Daemon(capBytes, hot, members.size() - hot, demotions.get()));
  }

  /** Budgets as the log and tests see them. */
  @Override
  public String toString() {
    return "cap " + (capBytes >> 20) + " MB (hot heap " + (heapBudget >> 20) + " MB, index pages " + (residentBudget >> 20) + " MB)";
  }
}
