package dev.symdex.engine.query.explore;

import java.util.Optional;

/**
 * How much of the map an Explore call builds, each level adding layers to the one before:
 * {@link #OVERVIEW} is cheap (no graph, no git), {@link #FULL} reads the most.
 */
public enum Detail {
  /** L0 identity and L1 entry points. */
  OVERVIEW(0),
  /** Also L2 modules by centrality, L5 dependency manifests, L6 test map and change digest. */
  MAP(1),
  /** Also L3 API surface of the top modules and L4 type graph. */
  FULL(2);

  private final int level;

  Detail(int level) {
    this.level = level;
  }

  /** Its number, as the API spells it (0, 1, 2). */
  public int level() {
    return level;
  }

  /** True when this detail includes the layers of {@code other}. */
  public boolean includes(Detail other) {
    return level >= other.level;
  }

  /** The detail of number {@code level}, or empty when there is none. */
  public static Optional<Detail> ofLevel(int level) {
    for (Detail d : values()) {
      if (d.level == level) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
