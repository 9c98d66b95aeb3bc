package dev.symdex.engine.query.explore;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import java.util.Collection;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The neighbourhood of a focus: for a path (a file, or a directory prefix), the files under it;
 * for anything else, taken as a symbol name, the files defining it; in both cases with the files
 * they import and the files that import them (one step each way).
 */
final class Focus {
  private Focus() {}

  /** The focus as asked, made a relative path: no {@code ./} in front, no {@code /} behind. */
  static String normalize(String focus) {
    String f = focus.strip().replace('\\', '/');
    while (f.startsWith("./")) {
      f = f.substring(2);
    }
    while (f.endsWith("/")) {
      f = f.substring(0, f.length() - 1);
    }
    return f;
  }

  /** The files of {@code all} in the neighbourhood of {@code focus} (normalized, non-empty). */
  static NavigableSet<String> neighbourhood(String focus, Collection<String> all, IndexSnapshot snapshot) throws SymdexException {
    NavigableSet<String> seeds = new TreeSet<>();
    for (String p : all) {
      if (p.equals(focus) || p.startsWith(focus + "/")) {
        seeds.add(p);
      }
    }
    if (seeds.isEmpty()) {
      seeds.addAll(snapshot.filesDefining(focus));
    }
    NavigableSet<String> out = new TreeSet<>(seeds);
    for (String s : seeds) {
      snapshot.checkCancelled();
      out.addAll(snapshot.importedBy(s));
      out.addAll(snapshot.importersOf(s));
    }
    return out;
  }

  /** True when {@code dir} is {@code ""} or a directory above (or holding) one of {@code files}. */
  static boolean governs(String dir, NavigableSet<String> files) {
    if (dir.isEmpty()) {
      return !files.isEmpty();
    }
    String prefix = dir + "/";
    String next = files.ceiling(prefix);
    return next != null && next.startsWith(prefix);
  }
}
