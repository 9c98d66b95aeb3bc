package dev.symdex.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which project a command line means, and its paths as that project's root sees them. Without
 * {@code --project}, the project is the registered root that holds the path given (when absolute)
 * or else the current directory, the deepest one when roots nest; none: the daemon's default.
 * {@code --project} takes an id, a root (absolute or relative to the current directory), a unique
 * prefix of an id, or a root's directory name; more than one match is an error that lists them.
 * A relative {@code --path} (or {@code --path-prefix}) is relative to the current directory when
 * that is inside the project, else to the project's root as before; an absolute one must be inside
 * the root. A query's project is sent as "" when it is the default one (the request is then what
 * it was without this class), else as its root.
 *
 * <p>Roots come from a {@link Source}: the data dir's own files ({@code daemon.json} names the
 * default root, {@code projects} the added ones) when the daemon asked is that data dir's, so the
 * common command line costs no call; the daemon's ListProjects otherwise, and whenever ids are
 * needed. Runs on the CLI's fast path: no lambdas or streams here. Stateless.
 */
final class ProjectScope {
  /** The request fields holding a path relative to the project root. */
  static final String[] PATH_FIELDS = {"path", "path_prefix"};
  /** Requests whose project is never taken from the current directory (it must be named). */
  static final String NO_CWD_DEFAULT = "RemoveProjectRequest";

  /**
   * A project the daemon serves.
   *
   * @param id its id, or "" when read from the data dir's files (which do not hold ids)
   * @param root its root, absolute and normalized
   * @param isDefault the daemon's default project
   */
  record Known(String id, Path root, boolean isDefault) {}

  /** Where the daemon's projects are read; each method may be called at most once per command line. */
  interface Source {
    /** The roots, possibly without ids (cheap: from the data dir), or null when unknown. */
    List<Known> roots();

    /** The projects with their ids (asks the daemon), or null when it cannot be asked. */
    List<Known> withIds();
  }

  /**
   * What to send.
   *
   * @param project the request's project field ("" for the default project)
   * @param paths each path field given, translated (same keys)
   */
  record Resolved(String project, Map<String, String> paths) {}

  private ProjectScope() {}

  /**
   * Resolves a command line's project and paths.
   *
   * @param project the {@code --project} value, or "" when not given
   * @param paths the path fields given (field name to value), in {@link #PATH_FIELDS}
   * @param cwd the current directory, absolute
   * @param cwdDefault whether the project may be taken from the current directory (a query), else it
   *     is sent as the root of the project named (RemoveProject)
   * @throws IllegalArgumentException for a project nothing or several match, or a path outside it
   */
  static Resolved resolve(String project, Map<String, String> paths, Path cwd, boolean cwdDefault, Source source) {
    Known chosen = null;
    if (!project.isEmpty()) {
      chosen = named(project, cwd, source);
    } else if (cwdDefault) {
      List<Known> roots = source.roots();
      if (roots == null) {
        roots = source.withIds();
      }
      if (roots != null) {
        Path base = cwd;
        for (String v : paths.values()) {
          if (v.startsWith("/")) {
            base = Path.of(v).normalize();
          }
        }
        chosen = deepest(roots, base);
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : paths.entrySet()) {
      out.put(e.getKey(), translate(e.getKey(), e.getValue(), chosen, cwd));
    }
    // A query for the default project is sent as "" (as without this class); a project to remove is always named.
    String send = chosen == null ? project : chosen.isDefault() && cwdDefault ? "" : chosen.root().toString();
    return new Resolved(send, out);
  }

  /** The project {@code --project} names (see the class comment), or null when the daemon cannot list its projects. */
  private static Known named(String project, Path cwd, Source source) {
    Path asPath = project.startsWith("/") || project.startsWith(".") || project.contains("/") ? cwd.resolve(project).normalize() : null;
    if (asPath != null) {
      List<Known> roots = source.roots();
      if (roots != null) {
        for (Known k : roots) {
          if (sameRoot(k, asPath)) {
            return k;
          }
        }
      }
    }
    List<Known> all = source.withIds();
    if (all == null) {
      return null; // the daemon cannot list its projects: it is sent as given, for the daemon to judge
    }
    List<Known> matches = new ArrayList<>();
    for (Known k : all) {
      if (k.id().equals(project) || (asPath != null && sameRoot(k, asPath))) {
        return k;
      }
    }
    for (Known k : all) {
      Path name = k.root().getFileName();
      if (k.id().startsWith(project) || (name != null && name.toString().equals(project))) {
        matches.add(k);
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    throw new IllegalArgumentException((matches.isEmpty() ? "no project matches --project " + project + "; the daemon serves: "
        : "--project " + project + " is ambiguous; it matches: ") + list(matches.isEmpty() ? all : matches)
        + " (give an id, a longer id prefix or a root)");
  }

  private static String list(List<Known> projects) {
    StringBuilder b = new StringBuilder();
    for (Known k : projects) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(k.id().isEmpty() ? "?" : k.id()).append(" (").append(k.root()).append(')');
    }
    return b.length() == 0 ? "no project" : b.toString();
  }

  /** The project whose root holds {@code dir} with the longest root, or null. */
  static Known deepest(List<Known> roots, Path dir) {
    Known best = null;
    int bestDepth = -1;
    for (Known k : roots) {
      Path r = rootHolding(k, dir);
      if (r != null && r.getNameCount() > bestDepth) {
        best = k;
        bestDepth = r.getNameCount();
      }
    }
    return best;
  }

  /** The form of {@code k}'s root (as registered, or its real path) that holds {@code p}, or null. */
  private static Path rootHolding(Known k, Path p) {
    if (p.startsWith(k.root())) {
      return k.root();
    }
    Path real = real(k.root());
    return p.startsWith(real) ? real : null;
  }

  private static boolean sameRoot(Known k, Path p) {
    return p.equals(k.root()) || real(p).equals(real(k.root()));
  }

  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException | SecurityException e) {
      return p;
    }
  }

  /** A path field's value relative to {@code project}'s root (see the class comment). */
  static String translate(String field, String value, Known project, Path cwd) {
    if (value.isEmpty() || project == null) {
      return value;
    }
    Path full;
    if (value.startsWith("/")) {
      full = Path.of(value).normalize();
    } else {
      Path cwdRoot = rootHolding(project, cwd);
      if (cwdRoot == null) {
        return value; // outside the project: relative to its root, as always
      }
      full = cwd.resolve(value).normalize();
    }
    Path root = rootHolding(project, full);
    if (root == null) {
      throw new IllegalArgumentException("--" + field.replace('_', '-') + " " + value + " is outside the project root " + project.root());
    }
    String rel = root.relativize(full).toString();
    boolean dir = value.endsWith("/") || value.equals(".") || value.equals("..") || value.endsWith("/.") || value.endsWith("/..");
    if (field.equals("path_prefix")) {
      return rel.isEmpty() || !dir ? rel : rel + "/";
    }
    if (rel.isEmpty()) {
      throw new IllegalArgumentException("--" + field.replace('_', '-') + " " + value + " is the project root, not a file in it");
    }
    return rel;
  }

  /**
   * The roots the daemon asked serves, as its data dir's files name them: the default root and the
   * lines of {@code projects}. Without {@code --connect} that is the data dir's daemon (empty when
   * no daemon.json names a root: none runs there); with it, the daemon of the data dir whose
   * daemon.json names that address (the given or default data dir, or the socket's own
   * directory); null when no data dir here is that daemon's (ask it).
   *
   * @param connect the {@code --connect} value, or null
   * @param dataDir the {@code --data-dir} value, or null for the default
   */
  static List<Known> dataDirRoots(String connect, Path dataDir) {
    Path dir = dataDir != null ? dataDir : Target.defaultDataDir();
    DaemonInfo info = DaemonInfo.read(dir).orElse(null);
    if (connect != null && (info == null || !sameAddress(connect, info.address()))) {
      Path socketDir = connect.startsWith("unix:") ? Path.of(connect.substring(5)).toAbsolutePath().getParent() : null;
      info = socketDir == null ? null : DaemonInfo.read(socketDir).orElse(null);
      if (info == null || !sameAddress(connect, info.address())) {
        return null;
      }
      dir = socketDir;
    }
    List<Known> out = new ArrayList<>();
    if (info == null || info.root() == null) {
      return out;
    }
    out.add(new Known("", info.root(), true));
    try {
      for (String line : Files.readAllLines(dir.resolve("projects"), StandardCharsets.UTF_8)) {
        if (line.startsWith("/")) {
          out.add(new Known("", Path.of(line).normalize(), false));
        }
      }
    } catch (IOException e) {
      // no projects added
    }
    return out;
  }

  private static boolean sameAddress(String connect, String address) {
    if (connect.startsWith("unix:") && address.startsWith("unix:")) {
      return Path.of(connect.substring(5)).toAbsolutePath().normalize().equals(Path.of(address.substring(5)).toAbsolutePath().normalize());
    }
    return connect.equals(address);
  }
}
