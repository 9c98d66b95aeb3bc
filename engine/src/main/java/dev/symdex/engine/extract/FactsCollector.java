package dev.symdex.engine.extract;

import dev.symdex.engine.model.CallSite;
import dev.symdex.engine.model.Definition;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Import;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.model.Reference;
import dev.symdex.engine.model.TypeFacts;
import dev.symdex.engine.model.ReferenceKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns raw query captures (texts and byte spans) into {@link FileFacts}: keeps one capture per
 * node (a specific kind over a fallback, a receiver over none), drops what cannot be a name (too
 * long, a C keyword, a macro name error recovery made a declaration), charges what it keeps to the
 * file's {@link ExtractionBudget}, removes definition names from references and tags the rest
 * (call, type, import, other), names the constructor a {@code this(...)}, {@code super(...)} or
 * enum constant calls, and assembles the facts. Containers, kinds and visibility are computed by
 * {@link DefinitionQualifier}, each call's caller by {@link CallerSweep}, Java type facts by
 * {@link TypesCollector} and {@link CallShapeCollector}. Pure Java, no tree-sitter types; single
 * use, not thread-safe.
 */
final class FactsCollector {
  /** A span of the source: bytes [start, end), 0-based rows, 0-based UTF-16 start column. */
  record Span(int start, int end, int row, int column, int endRow) {}

  /**
   * A definition as captured: {@code scope} (nullable) qualifies it explicitly, {@code visibility}
   * (nullable) is the text of its modifiers.
   */
  record RawDef(String name, DefinitionKind kind, Span node, Span nameSpan, String scope, String visibility) {}

  /** A node that is not a definition but qualifies the definitions inside it (a Rust impl block). */
  record RawContainer(String name, Span node) {}

  /** How a call names what it calls: by name, or as a constructor the collector names (see java.scm). */
  enum CallForm { NAMED, NEW, THIS, SUPER, ENUM_CONSTANT, REFERENCE }

  /** A call as captured: {@code receiver} is empty when it has none (then {@code receiverSpan} is null). */
  record RawCall(String callee, String receiver, Span receiverSpan, Span node, Span name, CallForm form) {}

  private record RawRef(String name, Span span, ReferenceKind kind) {}

  /** Bytes charged per row besides its strings: the objects the engine holds for it. */
  private static final int ROW_BYTES = 48;

  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern OPERATOR = Pattern.compile("operator(?![\\w$])");
  private static final int MAX_RECEIVER_CHARS = 80;
  private static final int MAX_IMPORT_CHARS = 200;
  /** Characters of a name (a definition's, a callee's, a reference's, a scope's) kept; a longer one is dropped. */
  static final int MAX_NAME_CHARS = 200;

  private final Language language;
  private final ExtractionBudget budget;
  /** Definitions nested deeper than {@link DefinitionQualifier#MAX_NESTING_DEPTH}, kept flattened (after {@link #build}). */
  private int flattened;
  private final Map<Integer, RawDef> defsByNameStart = new HashMap<>();
  private final List<RawContainer> containers = new ArrayList<>();
  private final Set<RawContainer> containerSet = new HashSet<>();
  private final Map<Integer, RawCall> callsByNameStart = new HashMap<>();
  private final CallShapeCollector callShapes = new CallShapeCollector();
  private final TypesCollector types = new TypesCollector();
  /** References in the order captured, several at one start possibly ({@link #build} keeps one of them). */
  private final List<RawRef> rawRefs = new ArrayList<>();
  private static final Comparator<RawRef> BY_START = Comparator.comparingInt(r -> r.span().start());
  private final List<Import> imports = new ArrayList<>();
  private final List<Span> importSpans = new ArrayList<>();
  private final Set<Integer> importStarts = new HashSet<>();

  /**
   * True while the captures come from a tree that error recovery changed (the tree as parsed
   * follows: {@link #treeAsParsed}).
   */
  private boolean recoveredTree;

  FactsCollector(Language language, ExtractionBudget budget) {
    this(language, budget, false);
  }

  /** @param recovered whether the first captures come from a tree error recovery changed */
  FactsCollector(Language language, ExtractionBudget budget, boolean recovered) {
    this.language = language;
    this.budget = budget;
    this.recoveredTree = recovered;
  }

  /** The captures that follow come from the tree as parsed. */
  void treeAsParsed() {
    recoveredTree = false;
  }

  /**
   * In C and C++, most syntax errors are unexpanded macros, and a recovered tree reads a list of
   * macro names ({@code FOO_METHODDEF BAR_METHODDEF} in a method table) as declarations: of what
   * only it gives, only functions and types are kept (measured on CPython: 296 of the 421
   * definitions it added were such macro names).
   */
  private boolean unlikelyRecovered(DefinitionKind kind) {
    return recoveredTree && (language == Language.C || language == Language.CPP) && !kind.isCallable() && !kind.isType();
  }

  /** Definitions that nested deeper than {@link DefinitionQualifier#MAX_NESTING_DEPTH} and were kept flattened (after {@link #build}). */
  int flattened() {
    return flattened;
  }

  /**
   * A definition. {@code scope} (nullable) qualifies it explicitly (Go receiver type, C++ {@code
   * Foo::}); {@code visibility} (nullable) is the text of its modifiers.
   */
  void definition(String kindLabel, String name, Span node, Span nameSpan, String scope, String visibility) {
    DefinitionKind kind = DefinitionKind.fromLabel(kindLabel)
        .orElseThrow(() -> new IllegalArgumentException("unknown definition kind in query: " + kindLabel));
    String n = name.strip();
    if (language == Language.CPP && OPERATOR.matcher(n).lookingAt()) {
      n = operatorName(n);
    }
    if (!n.isEmpty() && n.length() <= MAX_NAME_CHARS && !isKeyword(n) && !unlikelyRecovered(kind)) {
      budget.charge(ROW_BYTES + n.length());
      RawDef prev = defsByNameStart.get(nameSpan.start());
      // Several patterns may name the same node; a specific kind beats a generic fallback, and of
      // two of the same kind, one that gives a visibility (e.g. its owner's) beats one that does not.
      // A visibility only one of them sees (an `export` around a JS/TS declaration) is kept.
      if (prev == null || (isFallback(prev.kind()) && !isFallback(kind))
          || (prev.kind() == kind && prev.visibility() == null && visibility != null)) {
        String v = visibility == null && prev != null ? prev.visibility() : visibility;
        defsByNameStart.put(nameSpan.start(), new RawDef(n, kind, node, nameSpan, scope, v));
      } else if (prev.visibility() == null && visibility != null) {
        defsByNameStart.put(nameSpan.start(), new RawDef(prev.name(), prev.kind(), prev.node(), prev.nameSpan(), prev.scope(), visibility));
      }
    }
  }

  /**
   * One spelling per C++ operator, whatever the source's spacing: {@code operator ==} and {@code
   * operator==} are {@code operator==}; a conversion's name drops its declarator ({@code operator
   * bool() const} is {@code operator bool}).
   */
  static String operatorName(String name) {
    String rest = SPACES.matcher(name.substring("operator".length())).replaceAll(" ").strip();
    if (!rest.isEmpty() && Character.isJavaIdentifierStart(rest.charAt(0))) {
      // A conversion (operator bool() const) or new/delete: words, then maybe a declarator.
      int paren = rest.indexOf('(');
      return "operator " + (paren < 0 ? rest : rest.substring(0, paren)).strip().replace(" [", "[").replace("[ ]", "[]");
    }
    return "operator" + rest.replace(" ", "");
  }

  /** Error recovery around macros can make a keyword look like a name ({@code if (...) {...}} as a function). */
  private boolean isKeyword(String name) {
    return (language == Language.C || language == Language.CPP) && C_KEYWORDS.contains(name);
  }

  private static final Set<String> C_KEYWORDS = Set.of("if", "else", "while", "for", "do", "switch", "case", "return",
      "sizeof", "goto", "break", "continue", "default", "typedef", "static", "extern", "struct", "union", "enum");

  private static boolean isFallback(DefinitionKind k) {
    return k == DefinitionKind.TYPE_ALIAS || k == DefinitionKind.VARIABLE;
  }

  /** A node that is not a definition but qualifies the definitions inside it (a Rust impl block). */
  void container(String name, Span node) {
    String n = DefinitionQualifier.normalizeScope(name);
    RawContainer c = new RawContainer(n, node);
    // The same node may come twice (from the tree as parsed and the tree after error recovery).
    if (!n.isEmpty() && containerSet.add(c)) {
      budget.charge(ROW_BYTES + n.length());
      containers.add(c);
    }
  }

  /**
   * A call. {@code receiver} (nullable) is the receiver's text and {@code receiverSpan} its span;
   * {@code argumentList} the start byte of its argument list, -1 when this match does not say.
   */
  void call(String callee, String receiver, Span receiverSpan, Span node, Span nameSpan, CallForm form, int argumentList) {
    if (argumentList >= 0) {
      callShapes.argumentList(nameSpan.start(), argumentList);
    }
    if (form == CallForm.NEW || form == CallForm.REFERENCE) {
      callShapes.form(nameSpan.start(), form);
      form = CallForm.NAMED;
    }
    if (callee.isEmpty() || callee.length() > MAX_NAME_CHARS) {
      return;
    }
    String r = receiver == null ? "" : collapse(receiver, MAX_RECEIVER_CHARS);
    budget.charge(ROW_BYTES + callee.length() + r.length());
    RawCall prev = callsByNameStart.get(nameSpan.start());
    if (prev == null || (prev.receiver().isEmpty() && !r.isEmpty())) {
      callsByNameStart.put(nameSpan.start(), new RawCall(callee, r, r.isEmpty() ? null : receiverSpan, node, nameSpan, form));
    }
  }

  /** An argument ({@code text} at {@code span}) of the argument list starting at byte {@code list}. */
  void argument(int list, Span span, String text) {
    callShapes.argument(list, span, text);
  }

  /** The collector of type facts (fed by the {@code typing.*} captures). */
  TypesCollector types() {
    return types;
  }

  void importStatement(String text, Span node) {
    if (importStarts.add(node.start())) {
      importSpans.add(node);
      String t = collapse(text, MAX_IMPORT_CHARS);
      budget.charge(ROW_BYTES + t.length());
      if (!t.isEmpty()) {
        imports.add(new Import(t, node.row() + 1));
      }
    }
  }

  void reference(String name, Span span, ReferenceKind kind) {
    if (name.isEmpty() || name.length() > MAX_NAME_CHARS) {
      return;
    }
    budget.charge(ROW_BYTES + name.length());
    rawRefs.add(new RawRef(name, span, kind));
  }

  FileFacts build(boolean syntaxErrors) {
    RawDef[] raw = defsByNameStart.values().toArray(new RawDef[0]);
    Arrays.sort(raw, Comparator.comparingInt((RawDef d) -> d.node().start())
        .thenComparing(Comparator.comparingInt((RawDef d) -> d.node().end()).reversed())
        .thenComparingInt(d -> d.nameSpan().start()));
    DefinitionQualifier qualifier = new DefinitionQualifier(language, budget);
    List<Definition> defs = qualifier.qualify(raw, containers);
    flattened = qualifier.flattened();

    List<RawCall> calls = new ArrayList<>(callsByNameStart.size());
    for (RawCall c : callsByNameStart.values()) {
      RawCall named = c.form() == CallForm.NAMED ? c : constructorCall(raw, defs, c);
      if (named != null) {
        calls.add(named);
      }
    }
    calls.sort(Comparator.comparingInt(c -> c.name().start()));
    List<CallSite> callSites = new ArrayList<>(calls.size());
    CallerSweep callers = new CallerSweep(raw, defs);
    for (RawCall c : calls) {
      callSites.add(new CallSite(c.callee(), c.receiver(), c.name().row() + 1, c.name().column() + 1, callers.at(c.name().start())));
    }
    TypeFacts typeFacts = typeFacts(raw, defs, calls);

    List<RawRef> refs = oneReferencePerStart();
    importSpans.sort(Comparator.comparingInt(Span::start));
    List<Reference> references = new ArrayList<>(refs.size());
    int imp = 0;
    for (RawRef r : refs) {
      int at = r.span().start();
      RawDef named = defsByNameStart.get(at);
      if (named != null && named.kind() != DefinitionKind.IMPL) {
        continue; // a definition's own name; an impl's names an existing trait or type: a use of it
      }
      while (imp < importSpans.size() && importSpans.get(imp).end() <= at) {
        imp++;
      }
      ReferenceKind kind = r.kind();
      if (imp < importSpans.size() && importSpans.get(imp).start() <= at) {
        kind = ReferenceKind.IMPORT;
      } else if (callsByNameStart.containsKey(at)) {
        kind = ReferenceKind.CALL;
      }
      references.add(new Reference(r.name(), r.span().row() + 1, r.span().column() + 1, kind));
    }
    imports.sort(Comparator.comparingInt(Import::line));
    return new FileFacts(language, defs, references, callSites, imports, syntaxErrors, typeFacts);
  }

  /**
   * The references captured, by start, one at each: the first of a kind other than {@code OTHER}
   * captured there, else the first captured there. Captures come nearly in order, so the (stable)
   * sort costs about one pass.
   */
  private List<RawRef> oneReferencePerStart() {
    rawRefs.sort(BY_START);
    List<RawRef> out = new ArrayList<>(rawRefs.size());
    for (int i = 0; i < rawRefs.size(); ) {
      int start = rawRefs.get(i).span().start();
      RawRef chosen = rawRefs.get(i);
      int j = i + 1;
      for (; j < rawRefs.size() && rawRefs.get(j).span().start() == start; j++) {
        if (chosen.kind() == ReferenceKind.OTHER && rawRefs.get(j).kind() != ReferenceKind.OTHER) {
          chosen = rawRefs.get(j);
        }
      }
      out.add(chosen);
      i = j;
    }
    return out;
  }

  /**
   * A constructor invocation named: {@code this(...)} calls its class's constructor, {@code
   * super(...)} its superclass's (none when the class extends nothing), an enum constant its
   * enum's. Null when there is no such class.
   */
  private RawCall constructorCall(RawDef[] raw, List<Definition> defs, RawCall c) {
    int at = c.name().start();
    String callee = null;
    if (c.form() == CallForm.ENUM_CONSTANT) {
      int constant = innermost(raw, at, DefinitionKind.CONSTANT);
      Definition d = constant < 0 ? null : defs.get(constant);
      callee = d == null || d.container().isEmpty() ? null : d.container().substring(d.container().lastIndexOf('.') + 1);
    } else {
      int type = innermost(raw, at, null);
      if (type >= 0) {
        callee = c.form() == CallForm.THIS ? raw[type].name() : simpleTypeName(types.superclass(raw[type].nameSpan().start()));
      }
    }
    return callee == null || callee.isEmpty() ? null : new RawCall(callee, c.receiver(), c.receiverSpan(), c.node(), c.name(), c.form());
  }

  /** The innermost definition containing byte {@code at}: of {@code kind}, or a type when null; -1 when none. */
  private static int innermost(RawDef[] raw, int at, DefinitionKind kind) {
    int best = -1;
    for (int i = 0; i < raw.length && raw[i].node().start() <= at; i++) {
      if (raw[i].node().end() > at && (kind == null ? raw[i].kind().isType() : raw[i].kind() == kind)) {
        best = i;
      }
    }
    return best;
  }

  /** {@code a.b.Foo<T>} → {@code Foo}. */
  private static String simpleTypeName(String type) {
    int generic = type.indexOf('<');
    String t = generic < 0 ? type : type.substring(0, generic);
    return t.substring(t.lastIndexOf('.') + 1);
  }

  /** Type facts, with one shape per call (Java: the only language whose query gives them). */
  private TypeFacts typeFacts(RawDef[] raw, List<Definition> defs, List<RawCall> calls) {
    if (language != Language.JAVA) {
      return TypeFacts.EMPTY;
    }
    List<TypeFacts.CallShape> shapes = callShapes.shapes(calls);
    Map<Integer, Integer> defIndex = new HashMap<>();
    for (int i = 0; i < raw.length; i++) {
      defIndex.put(raw[i].nameSpan().start(), i);
    }
    return types.build(defIndex, constantStart -> {
      Integer i = defIndex.get(constantStart);
      return i == null ? null : defs.get(i).container();
    }, shapes);
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
