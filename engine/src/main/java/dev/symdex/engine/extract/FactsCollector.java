package dev.symdex.engine.extract;

import dev.symdex.engine.model.CallSite;
import dev.symdex.engine.model.Definition;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Import;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.model.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns raw query captures (names and byte spans) into {@link FileFacts}: drops duplicates,
 * removes definition names from references, computes containers and the caller of each call,
 * and applies the per-language kind rules. Pure Java, no tree-sitter types, single use, not
 * thread-safe.
 */
final class FactsCollector {
  /** A span of the source: bytes [start, end), 0-based row and byte column of the start. */
  record Span(int start, int end, int row, int column, int endRow) {}

  private record RawDef(String name, DefinitionKind kind, Span node, Span name_) {}

  private record RawCall(String callee, String receiver, Span node, Span name) {}

  private record RawRef(String name, Span span) {}

  private static final int MAX_RECEIVER_CHARS = 80;
  private static final int MAX_IMPORT_CHARS = 200;

  private final Language language;
  private final Map<Integer, RawDef> defsByNameStart = new HashMap<>();
  private final Map<Integer, RawCall> callsByNameStart = new HashMap<>();
  private final Map<Integer, RawRef> refsByStart = new HashMap<>();
  private final List<Import> imports = new ArrayList<>();
  private final Set<Integer> importStarts = new HashSet<>();

  FactsCollector(Language language) {
    this.language = language;
  }

  void definition(String kindLabel, String name, Span node, Span nameSpan) {
    DefinitionKind kind = DefinitionKind.fromLabel(kindLabel)
        .orElseThrow(() -> new IllegalArgumentException("unknown definition kind in query: " + kindLabel));
    if (!name.isEmpty()) {
      defsByNameStart.putIfAbsent(nameSpan.start(), new RawDef(name, kind, node, nameSpan));
    }
  }

  void call(String callee, String receiver, Span node, Span nameSpan) {
    if (callee.isEmpty()) {
      return;
    }
    String r = receiver == null ? "" : collapse(receiver, MAX_RECEIVER_CHARS);
    RawCall prev = callsByNameStart.get(nameSpan.start());
    if (prev == null || (prev.receiver().isEmpty() && !r.isEmpty())) {
      callsByNameStart.put(nameSpan.start(), new RawCall(callee, r, node, nameSpan));
    }
  }

  void importStatement(String text, Span node) {
    if (importStarts.add(node.start())) {
      String t = collapse(text, MAX_IMPORT_CHARS);
      if (!t.isEmpty()) {
        imports.add(new Import(t, node.row() + 1));
      }
    }
  }

  void reference(String name, Span span) {
    if (!name.isEmpty()) {
      refsByStart.putIfAbsent(span.start(), new RawRef(name, span));
    }
  }

  FileFacts build(boolean syntaxErrors) {
    RawDef[] raw = defsByNameStart.values().toArray(new RawDef[0]);
    // Outer definitions first: by start, then longest span first.
    Arrays.sort(raw, Comparator.comparingInt((RawDef d) -> d.node().start())
        .thenComparing(Comparator.comparingInt((RawDef d) -> d.node().end()).reversed())
        .thenComparingInt(d -> d.name_().start()));

    List<Definition> defs = new ArrayList<>(raw.length);
    int[] parent = new int[raw.length];
    int[] stack = new int[raw.length];
    int depth = 0;
    for (int i = 0; i < raw.length; i++) {
      RawDef d = raw[i];
      while (depth > 0 && raw[stack[depth - 1]].node().end() <= d.node().start()) {
        depth--;
      }
      // The nearest enclosing definition that can contain others.
      int p = -1;
      for (int k = depth - 1; k >= 0; k--) {
        if (canContain(raw[stack[k]].kind())) {
          p = stack[k];
          break;
        }
      }
      parent[i] = p;
      String container = p < 0 ? "" : defs.get(p).qualifiedName();
      DefinitionKind kind = adjustKind(d, p < 0 ? null : defs.get(p).kind());
      defs.add(new Definition(d.name(), kind, container, d.node().row() + 1, d.name_().column() + 1, d.node().endRow() + 1));
      stack[depth++] = i;
    }

    RawCall[] calls = callsByNameStart.values().toArray(new RawCall[0]);
    Arrays.sort(calls, Comparator.comparingInt(c -> c.name().start()));
    List<CallSite> callSites = new ArrayList<>(calls.length);
    for (RawCall c : calls) {
      callSites.add(new CallSite(c.callee(), c.receiver(), c.name().row() + 1, c.name().column() + 1, callerOf(raw, defs, c.name().start())));
    }

    RawRef[] refs = refsByStart.values().toArray(new RawRef[0]);
    Arrays.sort(refs, Comparator.comparingInt(r -> r.span().start()));
    List<Reference> references = new ArrayList<>(refs.length);
    for (RawRef r : refs) {
      if (!defsByNameStart.containsKey(r.span().start())) {
        references.add(new Reference(r.name(), r.span().row() + 1, r.span().column() + 1));
      }
    }
    imports.sort(Comparator.comparingInt(Import::line));
    return new FileFacts(language, defs, references, callSites, imports, syntaxErrors);
  }

  private static boolean canContain(DefinitionKind k) {
    return k.isType() || k.isCallable();
  }

  private DefinitionKind adjustKind(RawDef d, DefinitionKind parentKind) {
    if (language == Language.PYTHON) {
      if (d.kind() == DefinitionKind.FUNCTION && parentKind != null && parentKind.isType()) {
        return DefinitionKind.METHOD;
      }
      if (d.kind() == DefinitionKind.VARIABLE && isConstantName(d.name())) {
        return DefinitionKind.CONSTANT;
      }
    }
    return d.kind();
  }

  private static boolean isConstantName(String name) {
    return name.length() > 1 && name.equals(name.toUpperCase(Locale.ROOT)) && name.chars().anyMatch(Character::isLetter);
  }

  /** Innermost callable definition containing {@code pos}, else innermost definition, else -1. */
  private static int callerOf(RawDef[] raw, List<Definition> defs, int pos) {
    int best = -1;
    int bestCallable = -1;
    for (int i = 0; i < raw.length; i++) {
      Span s = raw[i].node();
      if (s.start() > pos) {
        break;
      }
      if (s.end() > pos) {
        best = i;
        if (defs.get(i).kind().isCallable()) {
          bestCallable = i;
        }
      }
    }
    return bestCallable >= 0 ? bestCallable : best;
  }

  private static String collapse(String s, int max) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), max));
    boolean space = false;
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        space = b.length() > 0;
      } else {
        if (space) {
          b.append(' ');
          space = false;
        }
        b.append(c);
      }
    }
    return b.toString();
  }
}
