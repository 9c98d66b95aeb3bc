package dev.symdex.engine.index;

/** What {@code Engine.open} found on disk and did about it. */
public enum OpenState {
  /** No index was there; an empty one was created. */
  CREATED,
  /** An index of this format and options was there and is used as is. */
  CURRENT,
  /** An index of an older format this build reads was there; it was upgraded in place and is used. */
  UPGRADED,
  /** The stored index was built with other options or an older format; it was set aside and a new one started. */
  REBUILT_STALE,
  /** The stored index could not be read; it was moved aside (kept, never deleted) and a new one started. */
  REBUILT_CORRUPT
}
