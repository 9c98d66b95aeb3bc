package dev.symdex.engine.resolve;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files of one index, arranged for resolving imports: by exact path, by directory, and by
 * path suffix (file name first). Immutable after construction; thread-safe.
 */
public final class RepoFiles {
  private final Set<String> files;
  private final Set<String> dirs = new HashSet<>();
  private final Map<String, List<String>> byName = new HashMap<>();
  private final Map<String, List<String>> byDir = new HashMap<>();
  private final Map<String, List<String>> dirsByName = new HashMap<>();

  public RepoFiles(Collection<String> paths) {
    this.files = Set.copyOf(paths);
    for (String p : files) {
      int slash = p.lastIndexOf('/');
      String dir = slash < 0 ? "" : p.substring(0, slash);
      byName.computeIfAbsent(p.substring(slash + 1), k -> new ArrayList<>()).add(p);
      byDir.computeIfAbsent(dir, k -> new ArrayList<>()).add(p);
      for (String d = dir; !d.isEmpty() && dirs.add(d); d = parent(d)) {
        dirsByName.computeIfAbsent(d.substring(d.lastIndexOf('/') + 1), k -> new ArrayList<>()).add(d);
      }
    }
    byName.values().forEach(l -> l.sort(null));
    byDir.values().forEach(l -> l.sort(null));
  }

  public boolean exists(String path) {
    return files.contains(path);
  }

  public boolean isDirectory(String dir) {
    return dir.isEmpty() || dirs.contains(dir);
  }

  /** Files directly in {@code dir}, sorted. */
  public List<String> filesIn(String dir) {
    return byDir.getOrDefault(dir, List.of());
  }

  /** Files whose path is {@code suffix} or ends with {@code "/" + suffix}, sorted. */
  public List<String> withSuffix(String suffix) {
    String name = suffix.substring(suffix.lastIndexOf('/') + 1);
    List<String> out = new ArrayList<>();
    for (String p : byName.getOrDefault(name, List.of())) {
      if (p.equals(suffix) || p.endsWith("/" + suffix)) {
        out.add(p);
      }
    }
    return out;
  }

  /** Directories whose path is {@code suffix} or ends with {@code "/" + suffix}. */
  public List<String> dirsWithSuffix(String suffix) {
    String name = suffix.substring(suffix.lastIndexOf('/') + 1);
    List<String> out = new ArrayList<>();
    for (String d : dirsByName.getOrDefault(name, List.of())) {
      if (d.equals(suffix) || d.endsWith("/" + suffix)) {
        out.add(d);
      }
    }
    return out;
  }

  /** Every file, unordered. */
  public Set<String> all() {
    return files;
  }

  /** Parent directory of a path ({@code ""} at the top). */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** {@code dir/rel} with {@code .} and {@code ..} folded; null when it climbs above the root. */
  public static String join(String dir, String rel) {
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
  public static List<String> nearest(String from, List<String> candidates) {
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
