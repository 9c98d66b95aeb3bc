package dev.symdex.engine.index;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.Keys;
import dev.symdex.engine.git.GitHead;
import dev.symdex.engine.model.FileState;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files of one index generation whose content may differ from what git's index records: not
 * tracked by git, tracked but gone, or indexed with a stat other than git's (or racy). Made once
 * by merging git's index with the files table — O(index entries) — then carried to the next
 * generation by re-checking only the files that generation changed, O(changed files), for as long
 * as git's index stays the same object. A superset is harmless (candidates are compared by
 * content afterwards); a file whose stat moved without its content changing stays as it was.
 *
 * @param generation the index generation the set is exact for
 * @param index git's index it was computed against ({@link GitHead#index} returns the same object
 *     while the file is unchanged)
 * @param paths the candidates, sorted, unmodifiable
 */
public record WorkingCandidates(long generation, GitHead.Index index, Set<String> paths) {
  /** The candidates of {@code s} against {@code index}, by a full merge of the two. */
  static WorkingCandidates of(IndexSnapshot s, GitHead.Index index) throws SymdexException.CorruptIndex {
    Set<String> out = new TreeSet<>();
    byte[][] tracked = index.paths();
    int[] g = {0};
    s.forEachFileKey((key, state) -> {
      int c = -1;
      while (g[0] < tracked.length && (c = Arrays.compareUnsigned(tracked[g[0]], key)) < 0) {
        out.add(utf8(tracked[g[0]++])); // tracked, gone from the working tree (or never indexed)
      }
      if (g[0] < tracked.length && c == 0) {
        if (differs(index, g[0]++, state)) {
          out.add(utf8(key));
        }
      } else {
        out.add(utf8(key)); // not tracked by git: new since any revision that lacks it
      }
      return true;
    });
    while (g[0] < tracked.length) {
      out.add(utf8(tracked[g[0]++]));
    }
    return new WorkingCandidates(s.generation(), index, Collections.unmodifiableSet(out));
  }

  /** These candidates carried to {@code s}, whose generation changed exactly {@code changed}. */
  WorkingCandidates carriedTo(IndexSnapshot s, Collection<String> changed) throws SymdexException.CorruptIndex {
    Set<String> out = new TreeSet<>(paths);
    for (String path : changed) {
      if (isCandidate(s, path)) {
        out.add(path);
      } else {
        out.remove(path);
      }
    }
    return new WorkingCandidates(s.generation(), index, Collections.unmodifiableSet(out));
  }

  private boolean isCandidate(IndexSnapshot s, String path) throws SymdexException.CorruptIndex {
    Optional<FileState> state = s.file(path);
    int i = Keys.path(path).map(k -> Arrays.binarySearch(index.paths(), k, Arrays::compareUnsigned)).orElse(-1);
    if (state.isEmpty()) {
      return i >= 0; // tracked, gone
    }
    return i < 0 || differs(index, i, state.get());
  }

  private static boolean differs(GitHead.Index index, int i, FileState state) {
    return index.sizes()[i] != state.size() || index.mtimeNanos()[i] != state.mtimeNanos() || state.racy();
  }

  private static String utf8(byte[] path) {
    return new String(path, StandardCharsets.UTF_8);
  }
}
