package dev.symdex.engine.index;

import dev.symdex.engine.model.FileFacts;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one apply tells its caller and subscribers, gathered as it goes: how many files were
 * parsed, changed and removed, each changed file with the definitions it gained and lost (the
 * first {@link ApplyResult#MAX_CHANGES}; the rest is only said to exist), and the files left for
 * later. {@link #result} makes the {@link ApplyResult} of them.
 *
 * <p>Writer-only (one instance per apply, across its checkpoints); not thread-safe.
 */
final class ChangeNotes {
  private int parsed;
  private int changed;
  private int removed;
  private final List<FileChange> changes = new ArrayList<>();
  private boolean truncated;
  /** Files read too late to tell (a passing failure), left as they were. */
  private final List<ApplyResult.Deferred> deferredFiles = new ArrayList<>();

  /** A file's content was parsed (its facts were not stored yet). */
  void parsed() {
    parsed++;
  }

  /** A file (or a name issue) was added or changed in a way a reader sees. */
  void changed() {
    changed++;
  }

  /** A file (or a name issue) was removed. */
  void removed() {
    removed++;
  }

  /** A file could not be read for a passing reason: its entry stays as it was. */
  void deferred(ApplyResult.Deferred d) {
    deferredFiles.add(d);
  }

  /** True when a reader would see something change: a new generation is due. */
  boolean changedAnything() {
    return changed > 0 || removed > 0;
  }

  /** Notes a file's change for subscribers, with its definitions {@code before} and {@code after} (null: none). */
  void note(String path, FileChange.Kind kind, FileFacts before, FileFacts after) {
    if (changes.size() >= ApplyResult.MAX_CHANGES) {
      truncated = true;
      return;
    }
    Set<String> was = describe(before);
    Set<String> is = describe(after);
    changes.add(new FileChange(path, kind,
        is.stream().filter(d -> !was.contains(d)).toList(), was.stream().filter(d -> !is.contains(d)).toList()));
  }

  private static Set<String> describe(FileFacts f) {
    Set<String> out = new LinkedHashSet<>();
    if (f != null) {
      f.definitions().forEach(d -> out.add(d.kind().label() + " " + d.qualifiedName()));
    }
    return out;
  }

  /**
   * The result of an apply that committed generation {@code generation} at {@code head}.
   *
   * @param checked files whose stat was compared
   * @param resolved files whose imports were resolved again
   * @param unlisted what the apply's walks could not list (reported before the files deferred)
   */
  ApplyResult result(long generation, String head, int checked, int resolved, List<ApplyResult.Deferred> unlisted) {
    return new ApplyResult(generation, head, parsed, changed, removed, checked, changes, truncated, resolved, deferred(unlisted));
  }

  /** The result of an apply that changed nothing a reader sees: no changes listed, none counted. */
  ApplyResult unchanged(long generation, String head, int checked, List<ApplyResult.Deferred> unlisted) {
    return new ApplyResult(generation, head, parsed, 0, 0, checked, deferred(unlisted));
  }

  private List<ApplyResult.Deferred> deferred(List<ApplyResult.Deferred> unlisted) {
    List<ApplyResult.Deferred> all = new ArrayList<>(unlisted);
    all.addAll(deferredFiles);
    return all;
  }
}
