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
 * project hot ({@link #used}); {@link #enforce}, run every second, makes the least recently
 * queried ones cold until three budgets hold:
 *
 * <ul>
 *   <li>the heap the hot projects hold (estimated from counts) is at most {@link
 *       #HEAP_SHARE_OF_CAP} of the cap and {@link #HEAP_SHARE_OF_HEAP} of the JVM's maximum heap
 *       (the rest is the JVM's own, and room for garbage);
 *   <li>the index pages mapped (measured) are at most {@link #RESIDENT_SHARE_OF_CAP} of the cap;
 *   <li>the process's resident set (measured) is under {@link #RSS_HIGH} of the cap.
 * </ul>
 *
 * The most recently queried project is never made cold: whatever it needs, it keeps. A cold
 * project whose pages come back (its index loop writes) has them given back again at each round.
 * Answers do not depend on temperature: a cold project answers what a hot one would, its first
 * query reading from the store.
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

    /** Its heat: use, temperature, last figures. */
    Heat heat();

    /** Its name, for the log. */
    String id();
  }

  /** One project's temperature, use and last measured figures. Thread-safe. */
  static final class Heat {
    private volatile long lastUsedNanos;
    private volatile boolean used;
    private volatile boolean hot = true;
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
  private volatile HeldMemory held = HeldMemory.NONE;

  /**
   * @param capBytes the cap (heap and index pages together); 0 or less: no cap (nothing is ever made cold)
   * @param maxHeapBytes the JVM's maximum heap
   */
  MemoryGovernor(long capBytes, long maxHeapBytes) {
    this(capBytes, maxHeapBytes, System::nanoTime, ProcessMemory::now, ProcessMemory::residentOf);
  }

  /** With the clock and the process's memory as given (tests). */
  MemoryGovernor(long capBytes, long maxHeapBytes, LongSupplier nanoClock, Supplier<ProcessMemory> process,
      Function<Set<Path>, Map<Path, Long>> residentOf) {
    this.capBytes = Math.max(0, capBytes);
    this.heapBudget = (long) Math.min(capBytes * HEAP_SHARE_OF_CAP, maxHeapBytes * HEAP_SHARE_OF_HEAP);
    this.residentBudget = (long) (capBytes * RESIDENT_SHARE_OF_CAP);
    this.nanoClock = nanoClock;
    this.process = process;
    this.residentOf = residentOf;
    this.startNanos = nanoClock.getAsLong();
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
    long rss = process.get().rssBytes();
    List<Member> candidates = new ArrayList<>();
    for (Member m : members) {
      if (m.heat().hot) {
        candidates.add(m);
      }
    }
    candidates.sort(Comparator.comparingLong(m -> m.heat().used ? m.heat().lastUsedNanos : Long.MIN_VALUE));
    if (!candidates.isEmpty()) {
      candidates.remove(candidates.size() - 1); // the most recently used keeps what it needs
    }
    for (Member m : candidates) {
      if (heap <= heapBudget && mapped <= residentBudget && rss <= capBytes * RSS_HIGH) {
        break;
      }
      Heat h = m.heat();
      if (h.heapBytes + h.residentBytes == 0) {
        continue; // holds nothing: making it cold frees nothing
      }
      demote(m, server);
      heap -= h.heapBytes;
      mapped -= h.residentBytes;
      rss -= h.heapBytes + h.residentBytes;
      h.heapBytes = 0;
      h.residentBytes = 0;
      demoted.add(m);
    }
    if (!demoted.isEmpty()) {
      LOG.info("memory cap " + (capBytes >> 20) + " MB: made cold " + demoted.stream().map(Member::id).toList()
          + " (hot heap now ~" + (heap >> 20) + " MB of " + (heapBudget >> 20) + ", index pages " + (mapped >> 20) + " MB of "
          + (residentBudget >> 20) + ")");
    }
    return demoted;
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
