package dev.symdex.engine.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.ignore.IgnoreNode;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;

/**
 * git's ignore rules for one working tree: {@code .gitignore} in every directory (deeper files
 * win), then {@code .git/info/exclude}, then the user's global excludes file ({@code
 * core.excludesFile}, default {@code $XDG_CONFIG_HOME/git/ignore}). {@code .git} itself, and
 * symdex's own sync cookies, are always ignored.
 *
 * <p>As in git, a file that is tracked (in {@code .git/index}) is never ignored, whatever the rules
 * say, and neither are the directories that hold tracked files.
 *
 * <p>Paths are relative to the root, '/'-separated. Rules are read lazily per directory and
 * cached; call {@link #invalidate(String)} when a {@code .gitignore} changes. Thread-safe.
 */
public final class IgnoreRules {
  /** Prefix of the cookie files the daemon writes to implement sync barriers. */
  public static final String COOKIE_PREFIX = ".symdex-cookie-";

  private static final IgnoreNode EMPTY = new IgnoreNode();

  private final Path root;
  private volatile IgnoreNode infoExclude;
  private final IgnoreNode globalExcludes;
  private final ConcurrentHashMap<String, IgnoreNode> perDirectory = new ConcurrentHashMap<>();
  private final Set<String> alwaysIgnored = ConcurrentHashMap.newKeySet();
  /** Read on first use (a large repo's index takes a second to parse: not on the way to serving). */
  private volatile Tracked tracked;

  /** Tracked files and the directories holding them. */
  private record Tracked(Set<String> files, Set<String> dirs) {
    static final Tracked NONE = new Tracked(Set.of(), Set.of());
  }

  private IgnoreRules(Path root, IgnoreNode infoExclude, IgnoreNode globalExcludes) {
    this.root = root;
    this.infoExclude = infoExclude;
    this.globalExcludes = globalExcludes;
  }

  /** Rules of the tree at {@code root}. Never fails: unreadable rule files count as empty. */
  public static IgnoreRules load(Path root) {
    return new IgnoreRules(root, read(root.resolve(".git/info/exclude")), read(globalExcludesFile(root)));
  }

  private Tracked tracked() {
    Tracked t = tracked;
    if (t == null) {
      synchronized (this) {
        if (tracked == null) {
          readTracked();
        }
        t = tracked;
      }
    }
    return t;
  }

  /**
   * Re-reads which files git tracks ({@code .git/index}); call after the index changed. Returns
   * true when the set of tracked files changed (so what is ignored may have changed).
   */
  public synchronized boolean refreshTracked() {
    Tracked before = tracked;
    readTracked();
    return before != null && !before.files().equals(tracked.files());
  }

  private void readTracked() {
    Path index = root.resolve(".git/index");
    if (!Files.isRegularFile(index)) {
      tracked = Tracked.NONE;
      return;
    }
    try {
      DirCache cache = DirCache.read(index.toFile(), FS.DETECTED);
      Set<String> files = new HashSet<>(cache.getEntryCount() * 2);
      Set<String> dirs = new HashSet<>();
      for (int i = 0; i < cache.getEntryCount(); i++) {
        String p = cache.getEntry(i).getPathString();
        files.add(p);
        for (int slash = p.lastIndexOf('/'); slash > 0 && dirs.add(p.substring(0, slash)); slash = p.lastIndexOf('/', slash - 1)) {
          // every parent directory, until one already known
        }
      }
      tracked = new Tracked(Set.copyOf(files), Set.copyOf(dirs));
    } catch (IOException | IllegalStateException | IllegalArgumentException e) {
      // An index caught mid-write, or not git's: keep what we had; the next change re-reads it.
      if (tracked == null) {
        tracked = Tracked.NONE;
      }
    }
  }

  /**
   * True when {@code relPath} is ignored, looking at the path itself and at every parent
   * directory (a file inside an ignored directory is ignored, unless git tracks it).
   */
  public boolean isIgnored(String relPath, boolean isDirectory) {
    if (isSpecial(relPath)) {
      return true;
    }
    if (isTracked(relPath, isDirectory)) {
      return false;
    }
    int slash = -1;
    while ((slash = relPath.indexOf('/', slash + 1)) >= 0) {
      String parent = relPath.substring(0, slash);
      if (isSpecial(parent) || matchesRules(parent, true)) {
        return true;
      }
    }
    return matchesRules(relPath, isDirectory);
  }

  /**
   * True when {@code relPath} is ignored, assuming its parent directories are not (as when
   * walking down from the root, which never enters an ignored directory). In a git tree a
   * directory that holds tracked files is entered even when the rules match it, so there an
   * untracked path also has its parents checked.
   */
  public boolean isIgnoredHere(String relPath, boolean isDirectory) {
    if (isSpecial(relPath)) {
      return true;
    }
    if (isTracked(relPath, isDirectory)) {
      return false;
    }
    if (tracked() != Tracked.NONE) {
      return isIgnored(relPath, isDirectory);
    }
    return matchesRules(relPath, isDirectory);
  }

  private boolean isSpecial(String relPath) {
    String name = relPath.substring(relPath.lastIndexOf('/') + 1);
    return name.equals(".git") || name.startsWith(COOKIE_PREFIX) || (!alwaysIgnored.isEmpty() && alwaysIgnored.contains(relPath));
  }

  private boolean isTracked(String relPath, boolean isDirectory) {
    Tracked t = tracked();
    return isDirectory ? t.dirs().contains(relPath) : t.files().contains(relPath);
  }

  /** What the rule files say of this one path (deepest .gitignore first, then exclude files). */
  private boolean matchesRules(String relPath, boolean isDirectory) {
    int end = relPath.lastIndexOf('/');
    while (true) {
      String dir = end < 0 ? "" : relPath.substring(0, end);
      String sub = end < 0 ? relPath : relPath.substring(end + 1);
      Boolean r = decide(gitignoreOf(dir), sub, isDirectory);
      if (r != null) {
        return r;
      }
      if (end < 0) {
        break;
      }
      end = dir.lastIndexOf('/');
    }
    Boolean r = decide(infoExclude, relPath, isDirectory);
    if (r != null) {
      return r;
    }
    r = decide(globalExcludes, relPath, isDirectory);
    return r != null && r;
  }

  /**
   * Ignores {@code relPath} and everything below it whatever the rule files say: symdex's own data
   * dir when it lies inside the tree (its writes must not feed the watcher).
   */
  public void alwaysIgnore(String relPath) {
    if (!relPath.isEmpty()) {
      alwaysIgnored.add(relPath);
    }
  }

  /** Forgets the cached rules of {@code relDir} (after its .gitignore changed). */
  public void invalidate(String relDir) {
    if (relDir.equals(".git/info")) {
      infoExclude = read(root.resolve(".git/info/exclude"));
    }
    perDirectory.remove(relDir);
  }

  /** Forgets every rule file read so far (each is read again when next needed). */
  public void invalidateAll() {
    infoExclude = read(root.resolve(".git/info/exclude"));
    perDirectory.clear();
  }

  /** True when a change to {@code relPath} changes what is ignored. */
  public static boolean isRuleFile(String relPath) {
    return relPath.equals(".gitignore") || relPath.endsWith("/.gitignore") || relPath.equals(".git/info/exclude");
  }

  private static Boolean decide(IgnoreNode node, String path, boolean isDirectory) {
    if (node == EMPTY) {
      return null;
    }
    return switch (node.isIgnored(path, isDirectory)) {
      case IGNORED -> Boolean.TRUE;
      case NOT_IGNORED -> Boolean.FALSE;
      default -> null;
    };
  }

  private IgnoreNode gitignoreOf(String relDir) {
    return perDirectory.computeIfAbsent(relDir, d -> {
      try {
        return read(d.isEmpty() ? root.resolve(".gitignore") : root.resolve(d).resolve(".gitignore"));
      } catch (InvalidPathException e) {
        return EMPTY; // a directory whose name the JVM cannot encode (a bad name): nothing is read below it
      }
    });
  }

  private static IgnoreNode read(Path file) {
    if (file == null) {
      return EMPTY;
    }
    try (InputStream in = Files.newInputStream(file)) {
      IgnoreNode node = new IgnoreNode();
      node.parse(file.toString(), in);
      return node.getRules().isEmpty() ? EMPTY : node;
    } catch (NoSuchFileException e) {
      return EMPTY;
    } catch (IOException | RuntimeException e) {
      // A rule file we cannot read or parse ignores nothing; the walk goes on.
      return EMPTY;
    }
  }

  private static Path globalExcludesFile(Path root) {
    Path home = Path.of(System.getProperty("user.home"));
    try {
      Config merged = new Config();
      for (Path cfg : new Path[] {xdgConfigHome(home).resolve("git/config"), home.resolve(".gitconfig"), root.resolve(".git/config")}) {
        if (Files.isRegularFile(cfg)) {
          FileBasedConfig f = new FileBasedConfig(merged, cfg.toFile(), FS.DETECTED);
          f.load();
          merged = f;
        }
      }
      String configured = merged.getString("core", null, "excludesfile");
      if (configured != null && !configured.isBlank()) {
        return Optional.of(configured.startsWith("~/") ? home.resolve(configured.substring(2)) : Path.of(configured))
            .map(p -> p.isAbsolute() ? p : root.resolve(p))
            .get();
      }
    } catch (IOException | ConfigInvalidException | IllegalArgumentException e) {
      // Unreadable git config: fall back to the default location.
    }
    return xdgConfigHome(home).resolve("git/ignore");
  }

  private static Path xdgConfigHome(Path home) {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    return xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config");
  }
}
