package dev.symdex.engine.index;

import dev.symdex.engine.model.FileState;
import dev.symdex.engine.model.FileStatus;
import dev.symdex.engine.scan.ScannedFile;

/**
 * A file an apply looks at, with what the index stores for it: its path encoded as a key and its
 * stored state decoded once, in the transaction that first looks at it, then carried through the
 * read, the parse and the write of that file. (Within one apply no other step writes a file's
 * row, so the state stays what was read, across checkpoints too.)
 *
 * @param file the file as stat'ed by this apply
 * @param key its key in the files and issues tables ({@code Keys.path} of its path); the caller
 *     owns the array and never changes it
 * @param stored its state in the index, or null when the index has none
 */
record Candidate(ScannedFile file, byte[] key, FileState stored) {
  String path() {
    return file.path();
  }

  /**
   * True when the stored state can be trusted for the file as it is now, so it is not read: its
   * stat matches, and it was readable (an unreadable file is read again every time it is looked
   * at: a chmod changes no stat we compare).
   */
  boolean unchanged() {
    return stored != null && stored.statMatches(file.stat()) && stored.status() != FileStatus.UNREADABLE;
  }
}
