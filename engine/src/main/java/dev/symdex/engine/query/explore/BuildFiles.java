package dev.symdex.engine.query.explore;

import java.util.Optional;

/** Which build system a file name shows, and which of those files are dependency manifests. */
final class BuildFiles {
  private BuildFiles() {}

  /** The build system {@code path}'s file name belongs to ({@code maven}, {@code gradle} ...), if any. */
  static Optional<String> buildSystem(String path) {
    String name = fileName(path);
    return Optional.ofNullable(switch (name) {
      case "pom.xml" -> "maven";
      case "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts" -> "gradle";
      case "package.json" -> "npm";
      case "pyproject.toml", "setup.py", "setup.cfg" -> "python";
      case "go.mod" -> "go";
      case "Cargo.toml" -> "cargo";
      case "CMakeLists.txt" -> "cmake";
      case "Makefile", "makefile", "GNUmakefile" -> "make";
      case "meson.build" -> "meson";
      case "BUILD", "BUILD.bazel", "WORKSPACE", "WORKSPACE.bazel", "MODULE.bazel" -> "bazel";
      default -> isRequirements(name) ? "python" : null;
    });
  }

  /** The manifest kind of {@code path} ({@code maven}, {@code gradle}, {@code npm} ...), if it lists dependencies. */
  static Optional<String> manifestKind(String path) {
    String name = fileName(path);
    return Optional.ofNullable(switch (name) {
      case "pom.xml" -> "maven";
      case "build.gradle", "build.gradle.kts" -> "gradle";
      case "package.json" -> "npm";
      case "pyproject.toml" -> "pyproject";
      case "go.mod" -> "go";
      case "Cargo.toml" -> "cargo";
      default -> isRequirements(name) ? "requirements" : null;
    });
  }

  private static boolean isRequirements(String name) {
    return name.startsWith("requirements") && name.endsWith(".txt");
  }

  static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The directory of {@code path}, {@code ""} at the root. */
  static String dir(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
