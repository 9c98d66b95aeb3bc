package dev.symdex.agent;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are for the agent commands: the launcher {@code bin/symdex}, the home directory and
 * a directory's project root. Stateless.
 */
public final class Places {
  /** The system property bin/symdex sets to its own absolute path. */
  static final String LAUNCHER_PROPERTY = "symdex.launcher";

  private Places() {}

  /**
   * The absolute path of {@code bin/symdex}: {@code -Dsymdex.launcher} (set by bin/symdex), else
   * {@code bin/symdex} beside the CLI jar's {@code clients/target}; null when neither is found.
   */
  public static Path launcher() {
    String p = System.getProperty(LAUNCHER_PROPERTY);
    if (p != null && !p.isBlank()) {
      return Path.of(p).toAbsolutePath().normalize();
    }
    try {
      var source = Places.class.getProtectionDomain().getCodeSource();
      if (source != null) {
        Path jar = Path.of(source.getLocation().toURI()); // clients/target/symdex-cli.jar or clients/target/classes
        Path bin = jar.getParent().getParent().getParent().resolve("bin").resolve("symdex");
        if (Files.isExecutable(bin)) {
          return bin.toAbsolutePath().normalize();
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // not from a jar in the tree: no launcher to name
    }
    return null;
  }

  /** The home directory Claude Code uses: {@code $HOME}, else {@code user.home}. */
  public static Path home() {
    String h = System.getenv("HOME");
    return Path.of(h != null && !h.isBlank() ? h : System.getProperty("user.home")).toAbsolutePath().normalize();
  }

  /** The git working tree {@code dir} lies in (the nearest ancestor with {@code .git}), else {@code dir} itself. */
  public static Path projectRoot(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    for (Path p = abs; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(".git"))) {
        return p;
      }
    }
    return abs;
  }
}
