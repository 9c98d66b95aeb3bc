package dev.symdex.engine.query.explore;

import java.util.List;
import java.util.Objects;

/**
 * A layered map of a project, the layers that need no ranking: identity (L0), entry points (L1),
 * dependency manifests (L5) and the test map (L6). Every list is in a fixed order, so one index
 * gives one map.
 *
 * @param focus the focus asked for, empty for the whole project
 * @param identity L0
 * @param entryPoints L1, by path then line
 * @param manifests L5, by path
 * @param tests L6
 */
public record ExploreMap(String focus, Identity identity, Section<EntryPoint> entryPoints, Section<Manifest> manifests, TestMap tests) {
  public ExploreMap {
    Objects.requireNonNull(focus, "focus");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(entryPoints, "entryPoints");
    Objects.requireNonNull(manifests, "manifests");
    Objects.requireNonNull(tests, "tests");
  }

  /**
   * L0: what the project is. Under a focus, files, bytes and languages count the focused files only.
   *
   * @param head HEAD SHA the index was last updated at, empty outside git
   * @param files files the index knows (parsed or not)
   * @param bytes their total size
   * @param byFiles languages parsed, most files first
   * @param byBytes the same languages, most bytes first
   * @param buildSystems build systems whose files are present, by name
   */
  public record Identity(String head, int files, long bytes, Section<LanguageShare> byFiles, Section<LanguageShare> byBytes,
      Section<BuildSystem> buildSystems) {}

  /** One language's share: its files and their bytes. */
  public record LanguageShare(String language, int files, long bytes) {}

  /** A build system and the files that show it (root first, then by depth and path). */
  public record BuildSystem(String name, List<String> paths) {
    public BuildSystem {
      paths = List.copyOf(paths);
    }
  }

  /**
   * A place a program starts.
   *
   * @param path the file
   * @param line 1-based line (1 when only the file is known)
   * @param kind {@code java-main}, {@code python-main}, {@code python-main-module}, {@code go-main},
   *     {@code rust-main}, {@code c-main}, {@code npm-bin}, {@code npm-script}, {@code python-script},
   *     {@code maven-main-class} or {@code gradle-main-class}
   * @param why what says so, in a few words
   */
  public record EntryPoint(String path, int line, String kind, String why) {}

  /**
   * A dependency manifest, parsed; or, when it could not be, why not.
   *
   * @param path the file
   * @param kind {@code maven}, {@code gradle}, {@code npm}, {@code pyproject}, {@code requirements},
   *     {@code go} or {@code cargo}
   * @param name the project's own name where the manifest states it, else empty
   * @param dependencies the dependencies it declares, in its order
   * @param workspaces member paths or globs of a workspace (npm workspaces, Cargo workspace members)
   * @param skipped empty when parsed; else why the manifest was not read (too large, binary, not
   *     well-formed ...), and then it has no dependencies
   */
  public record Manifest(String path, String kind, String name, Section<Dependency> dependencies, List<String> workspaces,
      String skipped) {
    public Manifest {
      workspaces = List.copyOf(workspaces);
    }
  }

  /**
   * One declared dependency.
   *
   * @param name {@code group:artifact} (Maven, Gradle), the package name or module path elsewhere
   * @param version as declared ({@code ${property}} resolved where the same pom says), empty when none
   * @param scope the section or configuration it is declared in ({@code test}, {@code devDependencies},
   *     {@code implementation}, {@code indirect} ...), empty for the main one where the manifest names none
   */
  public record Dependency(String name, String version, String scope) {}

  /**
   * L6: which test files test which files.
   *
   * @param tested tested files, by path, each with its test files
   * @param unmatched test files matched to no file, by path
   */
  public record TestMap(Section<TestedFile> tested, Section<String> unmatched) {}

  /** A tested file and the test files that test it (by path). */
  public record TestedFile(String path, Section<String> tests) {}
}
