package dev.symdex.engine.query;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsView;
import dev.symdex.engine.index.IndexSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the definition a place sits in, from the spans of its file's stored definitions: the
 * innermost one (latest start) whose span holds the place. References are stored without it, so
 * it is worked out here; a call site's calling definition is found the same way, preferring the
 * definition the call records when its name is given. One file's definitions are read once per
 * instance. Not thread-safe: one request's use, on its snapshot's thread.
 */
public final class Enclosings {
  /** A definition's place and span in its file. */
  private record Span(Enclosing def, int column) {}

  private final IndexSnapshot snapshot;
  private final Map<String, List<Span>> files = new HashMap<>();

  public Enclosings(IndexSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  /**
   * The innermost definition of {@code path} whose span holds (line, column): it starts on an
   * earlier line and ends on or after this one, or its name is on this line. Of those, the latest
   * to start wins; on the place's own line, the last name at or before the column (the place is
   * in its body or initializer), else the first name after it (a type or modifier written before
   * the name: {@code Ledger ledger}). With {@code qualifiedName} non-empty, the innermost such
   * definition of that qualified name is preferred (a call site's recorded caller). Empty at file
   * level, or when the file is not indexed.
   */
  public Optional<Enclosing> of(String path, int line, int column, String qualifiedName) throws SymdexException.CorruptIndex {
    Span best = null;
    Span bestNamed = null;
    for (Span s : spans(path)) {
      Enclosing d = s.def();
      boolean holds = d.line() == line || (d.line() < line && d.endLine() >= line);
      if (!holds) {
        continue;
      }
      if (best == null || inner(s, best, column)) {
        best = s;
      }
      if (!qualifiedName.isEmpty() && d.qualifiedName().equals(qualifiedName) && (bestNamed == null || inner(s, bestNamed, column))) {
        bestNamed = s;
      }
    }
    Span pick = bestNamed != null ? bestNamed : best;
    return pick == null ? Optional.empty() : Optional.of(pick.def());
  }

  /** True when {@code a} is nearer to a place at {@code column} than {@code b} (both hold the place). */
  private static boolean inner(Span a, Span b, int column) {
    if (a.def().line() != b.def().line()) {
      return a.def().line() > b.def().line();
    }
    boolean aBefore = a.column() <= column;
    boolean bBefore = b.column() <= column;
    if (aBefore != bBefore) {
      return aBefore;
    }
    return aBefore ? a.column() > b.column() : a.column() < b.column();
  }

  private List<Span> spans(String path) throws SymdexException.CorruptIndex {
    List<Span> known = files.get(path);
    if (known != null) {
      return known;
    }
    List<Span> out = new ArrayList<>();
    Optional<FactsView> view = snapshot.factsView(path);
    if (view.isPresent()) {
      FactsView f = view.get();
      f.definitions(-1, (i, nm, kind, vis, container, line, col, end) ->
          out.add(new Span(new Enclosing(f.string(nm), kind.label(), f.container(container), line, end), col)));
    }
    files.put(path, List.copyOf(out));
    return files.get(path);
  }
}
