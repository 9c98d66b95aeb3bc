package dev.symdex.engine.query.explore;

import dev.symdex.engine.Quote;
import dev.symdex.engine.SymdexException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The sub-projects of one indexed root (see {@link SubProjectDetector} for what makes one) and
 * which files each holds: a file belongs to the deepest sub-project whose directory holds it, and
 * to none when no sub-project's does. Immutable; thread-safe.
 */
public final class SubProjectLayout {
  /** Names listed in an unknown scope's error. */
  static final int NAMES_SHOWN = 8;

  /**
   * One sub-project as its build declares it.
   *
   * @param name the build's own name for it (Maven artifactId, Gradle project path, npm or Cargo
   *     or Python package name, Go module path, Bazel package label), else its directory
   * @param path its directory relative to the root, {@code .} for the root itself
   * @param buildSystem {@code maven}, {@code gradle}, {@code npm}, {@code go}, {@code cargo},
   *     {@code bazel} or {@code python}
   */
  public record SubProject(String name, String path, String buildSystem) {
    public SubProject {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(buildSystem, "buildSystem");
    }

    /** Its directory as a path prefix: {@code ""} for the root, else {@code path/}. */
    String prefix() {
      return path.equals(ROOT) ? "" : path + "/";
    }
  }

  static final String ROOT = ".";
  /** No sub-projects: every file belongs to none. */
  public static final SubProjectLayout NONE = new SubProjectLayout(List.of());

  private final List<SubProject> all;
  private final Map<String, SubProject> byDir = new HashMap<>();

  /** A layout of {@code subProjects}, at most one per directory. */
  SubProjectLayout(List<SubProject> subProjects) {
    this.all = subProjects.stream().sorted(Comparator.comparing(SubProject::path)).toList();
    for (SubProject p : all) {
      if (byDir.put(p.path().equals(ROOT) ? "" : p.path(), p) != null) {
        throw new IllegalArgumentException("two sub-projects at " + p.path());
      }
    }
  }

  /** Every sub-project, by path. */
  public List<SubProject> subProjects() {
    return all;
  }

  /** The sub-project {@code path} (a file, relative to the root) belongs to: the deepest holding it. */
  public Optional<SubProject> ownerOf(String path) {
    String dir = BuildFiles.dir(path);
    while (true) {
      SubProject p = byDir.get(dir);
      if (p != null) {
        return Optional.of(p);
      }
      if (dir.isEmpty()) {
        return Optional.empty();
      }
      dir = BuildFiles.dir(dir);
    }
  }

  /**
   * The sub-project {@code scope} names: its name, else its directory ({@code ./} in front and
   * {@code /} behind allowed; {@code .} for the root).
   *
   * @throws SymdexException.InvalidQuery when no sub-project has that name or directory (the
   *     message lists a few that exist), or when several share the name and none has it as its directory
   */
  public SubProject resolve(String scope) throws SymdexException.InvalidQuery {
    List<SubProject> named = all.stream().filter(p -> p.name().equals(scope)).toList();
    if (named.size() == 1) {
      return named.get(0);
    }
    String dir = Focus.normalize(scope);
    SubProject at = byDir.get(dir.equals(ROOT) ? "" : dir);
    if (at != null) {
      return at;
    }
    if (named.size() > 1) {
      throw new SymdexException.InvalidQuery("scope " + Quote.of(scope) + " names " + named.size()
          + " sub-projects; give its directory instead: " + String.join(", ", named.stream().map(SubProject::path).toList()));
    }
    if (all.isEmpty()) {
      throw new SymdexException.InvalidQuery("unknown scope " + Quote.of(scope) + ": this project has no sub-projects");
    }
    List<String> names = new ArrayList<>();
    for (SubProject p : all.subList(0, Math.min(NAMES_SHOWN, all.size()))) {
      names.add(p.name().equals(p.path()) ? p.name() : p.name() + " (" + p.path() + ")");
    }
    String more = all.size() > NAMES_SHOWN ? " and " + (all.size() - NAMES_SHOWN) + " more (ListProjects lists them)" : "";
    throw new SymdexException.InvalidQuery("unknown scope " + Quote.of(scope) + ": no sub-project has that name or directory; known: "
        + String.join(", ", names) + more);
  }

  /** True for the paths (files, relative to the root) that belong to {@code subProject}. */
  public Predicate<String> within(SubProject subProject) {
    String prefix = subProject.prefix();
    return path -> path.startsWith(prefix) && ownerOf(path).filter(subProject::equals).isPresent();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubProjectLayout l && l.all.equals(all);
  }

  @Override
  public int hashCode() {
    return all.hashCode();
  }

  @Override
  public String toString() {
    return all.toString();
  }
}
