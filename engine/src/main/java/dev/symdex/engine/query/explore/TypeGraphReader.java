package dev.symdex.engine.query.explore;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.Definition;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.model.TypeFacts.DefinitionTypes;
import dev.symdex.engine.query.explore.ExploreMap.TypeEdge;
import dev.symdex.engine.query.explore.ExploreMap.TypeGraph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * L4: extends/implements edges (Java type facts) and trait impls (Rust {@code impl Trait for Type}
 * definitions) of the most central files of the focus, at most {@link Caps#typeGraphFiles} files
 * read. A supertype is resolved to the file defining its simple name (generics and array brackets
 * dropped) when the index can tell: the subtype's file itself, else a file it imports, else a file
 * of its own directory (Java's package, Rust's module directory), the first by path when several;
 * else it stays unresolved.
 */
final class TypeGraphReader {
  private final IndexSnapshot snapshot;
  private final Map<String, List<TypeEdge>> known;

  /** A reader of {@code snapshot} that keeps each file's edges in {@code known} (of that generation only). */
  TypeGraphReader(IndexSnapshot snapshot, Map<String, List<TypeEdge>> known) {
    this.snapshot = snapshot;
    this.known = known;
  }

  /**
   * The type graph of the indexed files of {@code files}, read in the order of {@code
   * mostCentralFirst} (the project's indexed files, most central first).
   */
  TypeGraph read(Map<String, FileState> files, List<String> mostCentralFirst, Caps caps) throws SymdexException {
    List<String> parsed = mostCentralFirst.stream().filter(files::containsKey).toList();
    List<String> read = parsed.subList(0, Math.min(caps.typeGraphFiles(), parsed.size()));
    List<TypeEdge> edges = new ArrayList<>();
    for (String path : read) {
      snapshot.checkCancelled();
      List<TypeEdge> of = known.get(path);
      if (of == null) {
        Optional<FileFacts> facts = snapshot.facts(path);
        of = facts.isPresent() ? List.copyOf(edgesOf(path, facts.get())) : List.of();
        known.put(path, of);
      }
      edges.addAll(of);
    }
    return new TypeGraph(read.size(), parsed.size(), Section.of(edges, caps.typeEdges()));
  }

  private List<TypeEdge> edgesOf(String path, FileFacts facts) throws SymdexException {
    List<TypeEdge> out = new ArrayList<>();
    List<Definition> defs = facts.definitions();
    Resolver resolver = new Resolver(path, facts);
    for (DefinitionTypes t : facts.types().definitions()) {
      Definition d = defs.get(t.definition());
      String relation = d.kind() == DefinitionKind.INTERFACE ? "extends" : "implements";
      if (!t.superclass().isEmpty()) {
        out.add(new TypeEdge(path, d.line(), d.qualifiedName(), "extends", t.superclass(), resolver.resolve(t.superclass())));
      }
      for (String i : t.interfaces()) {
        out.add(new TypeEdge(path, d.line(), d.qualifiedName(), relation, i, resolver.resolve(i)));
      }
    }
    for (Definition d : defs) {
      if (d.kind() == DefinitionKind.IMPL && !d.container().isEmpty() && !d.name().equals(simpleName(d.container()))) {
        out.add(new TypeEdge(path, d.line(), d.container(), "impl", d.name(), resolver.resolve(d.name())));
      }
    }
    out.sort(Comparator.comparingInt(TypeEdge::line).thenComparing(TypeEdge::type).thenComparing(TypeEdge::supertype));
    return out;
  }

  /** {@code a.b.C<D>[]} → {@code C}; {@code std::fmt::Display} → {@code Display}. */
  static String simpleName(String type) {
    String t = type;
    int generic = t.indexOf('<');
    if (generic >= 0) {
      t = t.substring(0, generic);
    }
    t = t.replace("[]", "").replace("::", ".").strip();
    return t.substring(t.lastIndexOf('.') + 1);
  }

  /** Resolves supertype names from one file, reading its imports once. */
  private final class Resolver {
    private final String path;
    private final Set<String> ownTypes = new HashSet<>();
    private List<String> imported;

    Resolver(String path, FileFacts facts) {
      this.path = path;
      facts.definitions().stream().filter(d -> d.kind().isType()).forEach(d -> ownTypes.add(d.name()));
    }

    String resolve(String type) throws SymdexException {
      String name = simpleName(type);
      if (name.isEmpty()) {
        return "";
      }
      if (ownTypes.contains(name)) {
        return path;
      }
      List<String> definers = snapshot.filesDefining(name).stream().sorted().toList();
      if (definers.isEmpty()) {
        return "";
      }
      if (imported == null) {
        imported = snapshot.importedBy(path);
      }
      for (String d : definers) {
        if (imported.contains(d)) {
          return d;
        }
      }
      String dir = BuildFiles.dir(path);
      for (String d : definers) {
        if (BuildFiles.dir(d).equals(dir) && !d.equals(path)) {
          return d;
        }
      }
      return "";
    }
  }
}
