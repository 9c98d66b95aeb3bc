package dev.symdex.engine.resolve;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The files of one index as import resolution sees them: which paths exist, which directories,
 * what is directly in a directory, and which files or directories end with a path suffix. Every
 * answer is sorted by path, so resolution is deterministic whichever implementation serves it.
 *
 * <p>Implementations: {@link #of} (a list held in memory) and the engine's view over a store
 * transaction. Resolution reads files only through this interface, so what it read can be
 * recorded ({@link ProbeRecorder}) and a resolved import re-resolved exactly when one of those
 * answers may have changed.
 */
public interface RepoFiles {
  /** True when {@code path} is a file of the index. */
  boolean exists(String path);

  /** True when some file of the index lies below {@code dir} ({@code ""}, the root, always). */
  boolean isDirectory(String dir);

  /** Files directly in {@code dir}, sorted. */
  List<String> filesIn(String dir);

  /** Files whose path is {@code suffix} or ends with {@code "/" + suffix}, sorted. */
  List<String> withSuffix(String suffix);

  /** Directories whose path is {@code suffix} or ends with {@code "/" + suffix}, sorted. */
  List<String> dirsWithSuffix(String suffix);

  /** The files {@code paths}, held in memory. */
  static RepoFiles of(Collection<String> paths) {
    return new PathSet(paths);
  }

  /** File or directory name: what follows the last {@code /}. */
  static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Parent directory of a path ({@code ""} at the top). */
  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** {@code dir/rel} with {@code .} and {@code ..} folded; null when it climbs above the root. */
  static String join(String dir, String rel) {
    List<String> parts = new ArrayList<>();
    if (!dir.isEmpty() && !rel.startsWith("/")) {
      parts.addAll(List.of(dir.split("/")));
    }
    for (String seg : rel.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.remove(parts.size() - 1);
      } else {
        parts.add(seg);
      }
    }
    return String.join("/", parts);
  }

  /** Of several candidates, those nearest to {@code from} (longest common directory prefix). */
  static List<String> nearest(String from, List<String> candidates) {
    if (candidates.size() <= 1) {
      return candidates;
    }
    int best = -1;
    List<String> out = new ArrayList<>();
    for (String c : candidates) {
      int common = commonPrefix(from, c);
      if (common > best) {
        best = common;
        out.clear();
      }
      if (common == best) {
        out.add(c);
      }
    }
    return out;
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int lastSlash = 0;
    for (int i = 0; i < n; i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return lastSlash;
      }
      if (a.charAt(i) == '/') {
        lastSlash = i + 1;
      }
    }
    return lastSlash;
  }
}
