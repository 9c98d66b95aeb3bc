package dev.symdex.engine.index;

/**
 * What one {@code apply} did.
 *
 * @param generation generation after the change (unchanged when nothing changed)
 * @param head HEAD SHA recorded
 * @param filesParsed files whose content was parsed (not found in stored facts)
 * @param filesChanged files added or updated
 * @param filesRemoved files removed
 * @param filesChecked files whose stat was compared
 */
public record ApplyResult(long generation, String head, int filesParsed, int filesChanged, int filesRemoved, int filesChecked) {
  public boolean changedAnything() {
    return filesChanged > 0 || filesRemoved > 0;
  }
}
