package dev.symdex.grpc;

/**
 * One project under its daemon's memory cap, as Status and ListProjects show it.
 *
 * @param hot whether its graphs, ranks, caches and index pages are kept in memory (else it is
 *     cold: its index is on disk only, still watched, and its next query makes it hot)
 * @param heapBytes heap it holds between queries, estimated from counts
 * @param residentBytes pages of its index file mapped in memory now (measured)
 * @param demotions times it was made cold
 * @param idleMillis milliseconds since its last query (since the daemon started, when none)
 * @param daemon the daemon's figures, the same for every project
 */
public record ProjectMemory(boolean hot, long heapBytes, long residentBytes, long demotions, long idleMillis, Daemon daemon) {
  /**
   * The daemon's memory, all projects together.
   *
   * @param capBytes its cap (--max-memory), 0 for none
   * @param hotProjects projects hot now
   * @param coldProjects projects cold now
   * @param demotions demotions of every project since the daemon started
   */
  public record Daemon(long capBytes, int hotProjects, int coldProjects, long demotions) {
    public static final Daemon NONE = new Daemon(0, 1, 0, 0);
  }

  /** A project that is not under any cap (a server answering for one project it does not manage). */
  public static final ProjectMemory UNTRACKED = new ProjectMemory(true, 0, 0, 0, 0, Daemon.NONE);

  /** "hot" or "cold". */
  public String temperature() {
    return hot ? "hot" : "cold";
  }
}
