package dev.symdex.engine.index;

/**
 * What an index directory holds, found before anything in it is trusted (after Zoekt's {@code
 * IndexState}). {@link IndexOpener} classifies a directory and acts on the class: see each
 * constant for what it does.
 */
public enum DataDirState {
  /** No index is there (or an empty store): a new one is created. */
  MISSING,
  /** An index of another root: moved aside (kept) and a new one started. */
  FOREIGN,
  /** The store fails its checks or holds data without a format record: moved aside (kept) and a new one started. */
  CORRUPT,
  /** A format older than this build reads, or built with other options: deleted and rebuilt. */
  TOO_OLD,
  /** A format newer than this build reads: left alone, and the open fails. */
  TOO_NEW,
  /** An older format this build upgrades in place. */
  UPGRADABLE,
  /** This format and these options: used as is. */
  CURRENT
}
