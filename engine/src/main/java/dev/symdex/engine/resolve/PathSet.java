package dev.symdex.engine.resolve;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files of one index held in memory, arranged by exact path, by directory, and by path suffix
 * (file name first). Immutable after construction; thread-safe. (The engine resolves over its
 * store instead; this serves tools and tests that have a plain list of paths.)
 */
final class PathSet implements RepoFiles {
  private final Set<String> files;
  private final Set<String> dirs = new HashSet<>();
  private final Map<String, List<String>> byName = new HashMap<>();
  private final Map<String, List<String>> byDir = new HashMap<>();
  private final Map<String, List<String>> dirsByName = new HashMap<>();

  PathSet(Collection<String> paths) {
    this.files = Set.copyOf(paths);
    for (String p : files) {
      int slash = p.lastIndexOf('/');
      String dir = slash < 0 ? "" : p.substring(0, slash);
      byName.computeIfAbsent(p.substring(slash + 1), k -> new ArrayList<>()).add(p);
      byDir.computeIfAbsent(dir, k -> new ArrayList<>()).add(p);
      for (String d = dir; !d.isEmpty() && dirs.add(d); d = RepoFiles.parent(d)) {
        dirsByName.computeIfAbsent(d.substring(d.lastIndexOf('/') + 1), k -> new ArrayList<>()).add(d);
      }
    }
    byName.values().forEach(l -> l.sort(null));
    byDir.values().forEach(l -> l.sort(null));
    dirsByName.values().forEach(l -> l.sort(null));
  }

  @Override
  public boolean exists(String path) {
    return files.contains(path);
  }

  @Override
  public boolean isDirectory(String dir) {
    return dir.isEmpty() || dirs.contains(dir);
  }

  @Override
  public List<String> filesIn(String dir) {
    return byDir.getOrDefault(dir, List.of());
  }

  @Override
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

  @Override
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

}
