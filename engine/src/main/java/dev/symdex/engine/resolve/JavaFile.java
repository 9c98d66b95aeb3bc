package dev.symdex.engine.resolve;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsView;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.TypeFacts;
import dev.symdex.engine.model.TypeFacts.Anonymous;
import dev.symdex.engine.model.TypeFacts.CallShape;
import dev.symdex.engine.model.TypeFacts.DefinitionTypes;
import dev.symdex.engine.model.TypeFacts.Local;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Java file as call resolution sees it, read from its stored facts (references are not read):
 * its package, imports, types and their members, type facts, locals and calls. Immutable once
 * built.
 */
final class JavaFile {
  final String path;
  /** The declared package; empty for none. Set once, while the file is read. */
  private String pkg = "";
  final String[] names;
  final DefinitionKind[] kinds;
  final String[] containers;
  final int[] lines;
  private final int[] columns;
  private final int[] endLines;
  /** Type facts by definition index; null where a definition has none. */
  final DefinitionTypes[] types;
  /** Types of the file by their dotted name in it ({@code Outer.Inner}): the definition index. */
  final Map<String, Integer> typeIndex = new HashMap<>();
  /** Members of each type (by its dotted name in the file): definition indexes by name. */
  private final Map<String, Map<String, List<Integer>>> members = new HashMap<>();
  final List<String> singleImports = new ArrayList<>();
  final List<String> onDemandImports = new ArrayList<>();
  final List<String> staticImports = new ArrayList<>();
  final List<String> staticOnDemandImports = new ArrayList<>();
  final List<Local> locals;
  /** The locals by name, each list in source order (as {@link #locals}). */
  private final Map<String, List<Local>> localsByName = new HashMap<>();
  final List<Anonymous> anonymous;
  final List<Call> calls = new ArrayList<>();

  /** A call site of the file, with its shape (null when the facts have none). */
  record Call(String callee, String receiver, int line, int column, int caller, CallShape shape) {}

  private JavaFile(String path, int n, TypeFacts typeFacts) {
    this.path = path;
    this.names = new String[n];
    this.kinds = new DefinitionKind[n];
    this.containers = new String[n];
    this.lines = new int[n];
    this.columns = new int[n];
    this.endLines = new int[n];
    this.types = new DefinitionTypes[n];
    for (DefinitionTypes d : typeFacts.definitions()) {
      if (d.definition() < n) {
        types[d.definition()] = d;
      }
    }
    this.locals = typeFacts.locals();
    for (Local l : locals) {
      localsByName.computeIfAbsent(l.name(), k -> new ArrayList<>(1)).add(l);
    }
    this.anonymous = typeFacts.anonymous();
  }

  static JavaFile of(String path, FactsView view) throws SymdexException.CorruptIndex {
    TypeFacts typeFacts = view.types();
    int[] count = {0};
    view.definitions(-1, (i, nm, kind, vis, container, line, col, end) -> count[0] = Math.max(count[0], i + 1));
    JavaFile out = new JavaFile(path, count[0], typeFacts);
    view.definitions(-1, (i, nm, kind, vis, container, line, col, end) -> {
      out.names[i] = view.string(nm);
      out.kinds[i] = kind;
      out.containers[i] = view.container(container);
      out.lines[i] = line;
      out.columns[i] = col;
      out.endLines[i] = end;
      if (kind == DefinitionKind.MODULE && out.pkg.isEmpty()) {
        out.pkg = out.names[i];
      }
    });
    out.index();
    view.imports((text, line) -> out.importStatement(text));
    List<CallShape> shapes = typeFacts.calls();
    view.calls((callee, receiver, line, col, caller) -> {
      int k = out.calls.size();
      out.calls.add(new Call(view.string(callee), view.string(receiver), line, col, caller, k < shapes.size() ? shapes.get(k) : null));
    });
    return out;
  }

  private void index() {
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      if (kinds[i] != null) {
        byName.putIfAbsent(qualified(i), i);
        if (kinds[i].isType()) {
          typeIndex.putIfAbsent(qualified(i), i);
        }
      }
    }
    for (int i = 0; i < names.length; i++) {
      if (kinds[i] == null || containers[i].isEmpty()) {
        continue;
      }
      int anon = anonymousOf(i, byName.getOrDefault(containers[i], -1));
      String owner = anon >= 0 ? anonymousType(anon) : typeIndex.containsKey(containers[i]) ? containers[i] : null;
      if (owner != null) {
        members.computeIfAbsent(owner, k -> new HashMap<>()).computeIfAbsent(names[i], k -> new ArrayList<>(2)).add(i);
      }
    }
  }

  /**
   * The anonymous class (an enum constant's body) definition {@code i} is a member of: the
   * innermost one around it that lies inside its container (definition {@code container}); -1
   * when none.
   */
  private int anonymousOf(int i, int container) {
    List<Integer> around = anonymousAround(lines[i], columns[i]);
    if (around.isEmpty() || container < 0) {
      return -1;
    }
    Anonymous a = anonymous.get(around.getFirst());
    return before(lines[container], columns[container], a.line(), a.column()) ? around.getFirst() : -1;
  }

  /** The name anonymous class {@code k} goes by as a type of this file ({@code #k}: no name collides). */
  static String anonymousType(int k) {
    return "#" + k;
  }

  /** The index of anonymous class {@code type} ({@code #k}), or -1 for a named type. */
  static int anonymousIndex(String type) {
    return type.startsWith("#") ? Integer.parseInt(type.substring(1)) : -1;
  }

  /** The innermost named type of the file around anonymous class {@code k}, or empty. */
  String typeAround(int k) {
    Anonymous a = anonymous.get(k);
    String best = "";
    int bestLine = -1;
    for (Map.Entry<String, Integer> e : typeIndex.entrySet()) {
      int i = e.getValue();
      if (before(lines[i], columns[i], a.line(), a.column()) && a.line() <= endLines[i] && lines[i] >= bestLine) {
        best = e.getKey();
        bestLine = lines[i];
      }
    }
    return best;
  }

  private void importStatement(String text) {
    boolean isStatic = text.startsWith("static ");
    String name = (isStatic ? text.substring(7) : text).strip();
    boolean wildcard = name.endsWith(".*");
    if (wildcard) {
      name = name.substring(0, name.length() - 2);
    }
    (isStatic ? wildcard ? staticOnDemandImports : staticImports : wildcard ? onDemandImports : singleImports).add(name);
  }

  String pkg() {
    return pkg;
  }

  /** Dotted name of definition {@code i} in the file. */
  String qualified(int i) {
    return containers[i].isEmpty() ? names[i] : containers[i] + "." + names[i];
  }

  /** Members of the type {@code type} (dotted name in the file) named {@code name}. */
  List<Integer> members(String type, String name) {
    Map<String, List<Integer>> m = members.get(type);
    List<Integer> l = m == null ? null : m.get(name);
    return l == null ? List.of() : l;
  }

  /** Whether type {@code type} declares any constructor. */
  boolean declaresConstructor(String type) {
    int i = typeIndex.getOrDefault(type, -1);
    return i >= 0 && members(type, names[i]).stream().anyMatch(k -> kinds[k] == DefinitionKind.CONSTRUCTOR);
  }

  /**
   * The innermost type enclosing definition {@code def} (the definition itself when a type); empty
   * for -1 or a definition outside any type.
   */
  String enclosingType(int def) {
    if (def < 0 || def >= names.length) {
      return "";
    }
    String q = kinds[def] != null && kinds[def].isType() ? qualified(def) : containers[def];
    while (!q.isEmpty() && !typeIndex.containsKey(q)) {
      int dot = q.lastIndexOf('.');
      q = dot < 0 ? "" : q.substring(0, dot);
    }
    return q;
  }

  /** The dotted name enclosing {@code type} in the file (its outer type), or empty. */
  String outer(String type) {
    int dot = type.lastIndexOf('.');
    String q = dot < 0 ? "" : type.substring(0, dot);
    while (!q.isEmpty() && !typeIndex.containsKey(q)) {
      dot = q.lastIndexOf('.');
      q = dot < 0 ? "" : q.substring(0, dot);
    }
    return q;
  }

  /** The innermost local or parameter named {@code name} visible at (line, column), or null. */
  Local local(String name, int line, int column) {
    Local best = null;
    for (Local l : localsByName.getOrDefault(name, List.of())) {
      if (before(line, column, l.line(), l.column())) {
        break; // locals are in source order: the rest start after the call
      }
      if (before(line, column, l.endLine(), l.endColumn())) {
        best = l;
      }
    }
    return best;
  }

  /** Indexes of the anonymous class bodies containing (line, column), innermost first. */
  List<Integer> anonymousAround(int line, int column) {
    List<Integer> out = new ArrayList<>(1);
    for (int k = 0; k < anonymous.size(); k++) {
      Anonymous a = anonymous.get(k);
      if (before(line, column, a.line(), a.column())) {
        break;
      }
      if (before(line, column, a.endLine(), a.endColumn())) {
        out.addFirst(k);
      }
    }
    return out;
  }

  /** (l1, c1) is before (l2, c2). */
  static boolean before(int l1, int c1, int l2, int c2) {
    return l1 < l2 || (l1 == l2 && c1 < c2);
  }
}
