package dev.symdex.engine.resolve;

import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Import;
import dev.symdex.engine.model.Language;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Resolves imports to the repo's files, per language: Java by declared package and type ({@link
 * JavaImports}), Python against its package roots and relative imports ({@link PythonImports}),
 * JS/TS relative paths with tsconfig paths and workspaces, Go modules, Rust modules and {@code
 * use} paths, C/C++ includes; Ruby and shell relative requires/sources, C# namespaces by
 * directory. Imports of code outside the repo are external, never guessed. Java files also
 * depend on types they use without an import line ({@link #uses}).
 *
 * <p>Built over one set of paths (a snapshot's files); immutable; thread-safe.
 */
public final class ImportResolver {
  /**
   * Version of the resolution rules, stored with a complete import graph: a graph built by other
   * rules is rebuilt when the index opens. Bump it whenever an import may resolve differently.
   *
   * <ul>
   *   <li>1 — first stored graph.
   *   <li>2 — Python absolute imports against package roots only (namespace portions included),
   *       standard-library names external unless a root holds them, built-in modules always;
   *       Java by declared package and type, never by path; Java same-package and fully
   *       qualified uses are edges.
   * </ul>
   */
  public static final int VERSION = 2;

  private final RepoFiles repo;
  private final ProjectConfig config;

  /**
   * @param root the tree on disk (build files such as go.mod and tsconfig.json are read from it)
   * @param paths every file of the index (source or not)
   */
  public ImportResolver(Path root, Collection<String> paths) {
    this(RepoFiles.of(paths), root);
  }

  private ImportResolver(RepoFiles repo, Path root) {
    this(repo, ProjectConfig.read(root, repo));
  }

  /**
   * Resolves over {@code repo} with the build files {@code config} read ({@link ProjectConfig#read}
   * over the same files): the engine builds one of each per transaction, the config once per
   * set of build files.
   */
  public ImportResolver(RepoFiles repo, ProjectConfig config) {
    this.repo = repo;
    this.config = config;
  }

  /**
   * What the index knows of definitions by name: the files defining a name. Java packages are
   * definitions of kind module named by the dotted package ({@code com.acme.util}).
   */
  @FunctionalInterface
  public interface Definitions {
    /** The files that define {@code name}, sorted. */
    List<String> filesDefining(String name);

    /**
     * True when file {@code path} defines {@code name} (a Java file: declares package {@code
     * name}, when the name is its package). Implementations over an index answer without listing
     * every file that defines the name.
     */
    default boolean defines(String path, String name) {
      return filesDefining(name).contains(path);
    }

    /**
     * The files named {@code fileName} (any directory) that define {@code name}, sorted: the
     * {@code Bar.java} files that declare package {@code com.acme}. Implementations over an index
     * look at the few files of that name, not at every file that defines the name.
     */
    default List<String> filesNamedDefining(String fileName, String name) {
      return filesDefining(name).stream().filter(p -> RepoFiles.name(p).equals(fileName)).toList();
    }
  }

  /** This resolver, with every question it asks of the repo's files recorded by {@code recorder}. */
  public ImportResolver recordingTo(ProbeRecorder recorder) {
    return new ImportResolver(recorder.watching(repo), config);
  }

  /** Where {@code imp} of file {@code from} leads; one target per imported path. */
  public List<ImportTarget> resolve(String from, Language language, Import imp, Definitions definitions) {
    String text = imp.text();
    return switch (language) {
      case JAVA -> List.of(JavaImports.resolve(from, text, definitions));
      case PYTHON -> PythonImports.resolve(from, text, repo, config);
      case JAVASCRIPT, TYPESCRIPT, TSX -> List.of(ScriptImports.resolve(from, text, repo, config));
      case GO -> List.of(GoImports.resolve(from, text, repo, config));
      case RUST -> RustImports.resolve(from, text, repo, config);
      case C, CPP -> List.of(IncludeImports.resolve(from, text, repo));
      case RUBY -> List.of(ruby(from, text));
      case BASH -> List.of(relative(from, text, ""));
      case CSHARP -> List.of(csharp(from, text));
    };
  }

  /**
   * The repo files {@code from} depends on other than through its import lines: for Java, the
   * types of its own package it names and the types it names fully qualified ({@link JavaUses});
   * nothing for other languages. With {@link #resolve} over every import, these are the file's
   * edges in the import graph.
   */
  public List<String> uses(String from, FileFacts facts, Definitions definitions) {
    return facts.language() == Language.JAVA ? JavaUses.resolve(from, facts, definitions) : List.of();
  }

  private ImportTarget ruby(String from, String name) {
    String dir = RepoFiles.parent(from);
    String rel = RepoFiles.join(dir, name.endsWith(".rb") ? name : name + ".rb");
    if (rel != null && repo.exists(rel)) {
      return ImportTarget.of(List.of(rel));
    }
    List<String> hits = RepoFiles.nearest(from, repo.withSuffix("lib/" + (name.endsWith(".rb") ? name : name + ".rb")));
    return ImportTarget.orExternal(hits);
  }

  private ImportTarget relative(String from, String path, String ext) {
    String p = RepoFiles.join(RepoFiles.parent(from), path + ext);
    return p != null && repo.exists(p) ? ImportTarget.of(List.of(p)) : ImportTarget.EXTERNAL;
  }

  private ImportTarget csharp(String from, String namespace) {
    String ns = namespace.replaceFirst("^(static |global::)", "").replaceAll("\\s", "");
    if (ns.contains("=")) {
      ns = ns.substring(ns.indexOf('=') + 1);
    }
    List<String> dirs = RepoFiles.nearest(from, repo.dirsWithSuffix(ns.replace('.', '/')));
    List<String> files = dirs.stream().flatMap(d -> repo.filesIn(d).stream()).filter(p -> p.endsWith(".cs")).toList();
    return ImportTarget.orExternal(files);
  }
}
