package dev.symdex.engine.query.explore;

import dev.symdex.engine.query.Delta.DefinitionDelta;
import dev.symdex.engine.query.Delta.FileDelta;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A layered map of a project: identity (L0), entry points (L1), modules ranked by centrality (L2),
 * the API surface of the top modules (L3), the type graph (L4), dependency manifests (L5), the
 * test map and the change digest (L6). A layer the {@link #detail} does not include is empty.
 * Every list is in a fixed order, so one index (and one working tree) gives one map.
 *
 * @param focus the focus asked for, empty for the whole project
 * @param detail which layers were built
 * @param identity L0
 * @param entryPoints L1, outside test code first, then by path and line
 * @param modules L2, most central first
 * @param api L3, one entry per top module, in the order of {@code modules}
 * @param types L4
 * @param manifests L5, by path
 * @param tests L6
 * @param changes L6, the change digest
 */
public record ExploreMap(String focus, Detail detail, Identity identity, Section<EntryPoint> entryPoints, Section<Module> modules,
    Section<ModuleApi> api, TypeGraph types, Section<Manifest> manifests, TestMap tests, ChangeDigest changes, List<String> notes) {
  /** Said when the project's first file graph is still being built: modules and API files are then in file-count and path order. */
  public static final String CENTRALITY_PENDING =
      "centrality: the file graph is still being built for this project (first use); modules ordered by files";

  public ExploreMap {
    notes = List.copyOf(notes);
    Objects.requireNonNull(focus, "focus");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(entryPoints, "entryPoints");
    Objects.requireNonNull(modules, "modules");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(types, "types");
    Objects.requireNonNull(manifests, "manifests");
    Objects.requireNonNull(tests, "tests");
    Objects.requireNonNull(changes, "changes");
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

  /**
   * L2: one unit of the project (see {@link ModuleFinder}) and how central it is.
   *
   * @param path its directory, {@code .} for the project root
   * @param kind the build system that makes it a module ({@code maven}, {@code npm} ...), or
   *     {@code directory} when the project's modules are its source directories
   * @param files its files (under a focus, the focused ones)
   * @param languages its languages, most files first
   * @param centrality the sum of its files' PageRank over the import + call graph (all files sum to 1)
   */
  public record Module(String path, String kind, int files, List<String> languages, double centrality) {
    public Module {
      languages = List.copyOf(languages);
    }
  }

  /**
   * L3: the public definitions of one top module, its most central files first.
   *
   * @param module the module's path, as in {@link Module#path}
   * @param files files with public definitions, shown of the module's parsed files
   */
  public record ModuleApi(String module, Section<FileApi> files) {}

  /** A file of the API surface: its centrality and its public definitions in source order. */
  public record FileApi(String path, double centrality, Section<ApiDefinition> definitions) {}

  /**
   * A public definition and its signature.
   *
   * @param name qualified name (container and name, dotted)
   * @param kind {@code class}, {@code method} ...
   * @param line 1-based line of its name
   * @param signature the source line at {@code line}, trimmed and capped; empty when the file
   *     could not be read
   */
  public record ApiDefinition(String name, String kind, int line, String signature) {}

  /**
   * L4: extends/implements edges of the most central files, and Rust trait impls.
   *
   * @param filesRead files whose type facts were read (the most central ones, in the focus)
   * @param filesTotal parsed files in the focus
   * @param edges the edges found, the most central subtype files first, then by line
   */
  public record TypeGraph(int filesRead, int filesTotal, Section<TypeEdge> edges) {
    public static final TypeGraph EMPTY = new TypeGraph(0, 0, Section.empty());
  }

  /**
   * A subtype and one of its supertypes.
   *
   * @param path the file defining the subtype
   * @param line the subtype's line
   * @param type the subtype's qualified name
   * @param relation {@code extends}, {@code implements} or {@code impl} (a Rust trait impl)
   * @param supertype the supertype as written
   * @param supertypePath the file defining the supertype, when the index tells (an import of the
   *     subtype's file, its own directory or the file itself); else empty
   */
  public record TypeEdge(String path, int line, String type, String relation, String supertype, String supertypePath) {}

  /**
   * L6: what changed, as files and definitions.
   *
   * @param unavailable empty when the digest was read; else why not (not a git working tree ...)
   * @param uncommitted the working tree (as indexed) against HEAD
   * @param since the working tree against the revision asked for, when one was
   */
  public record ChangeDigest(String unavailable, Optional<Changes> uncommitted, Optional<Changes> since) {
    public static final ChangeDigest NONE = new ChangeDigest("", Optional.empty(), Optional.empty());
  }

  /**
   * Changes against one revision.
   *
   * @param revision the revision as asked ({@code HEAD} for uncommitted changes)
   * @param commit the commit it resolved to
   * @param files changed files, by path
   * @param definitions changed definitions, by path then line
   * @param more true when git held more changes than were read (then totals are lower bounds)
   */
  public record Changes(String revision, String commit, Section<FileDelta> files, Section<DefinitionDelta> definitions, boolean more) {}
}
