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
import dev.symdex.engine.model.Visibility;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns raw query captures (texts and byte spans) into {@link FileFacts}: drops duplicates,
 * removes definition names from references and tags the rest (call, type, import, other),
 * computes each definition's container (from nesting, container-only nodes such as Rust impl
 * blocks, and explicit scopes such as a Go receiver or C++ {@code Foo::}), its visibility, and the
 * caller of each call. Pure Java, no tree-sitter types; single use, not thread-safe.
 */
final class FactsCollector {
  /** A span of the source: bytes [start, end), 0-based rows, 0-based UTF-16 start column. */
  record Span(int start, int end, int row, int column, int endRow) {}

  private record RawDef(String name, DefinitionKind kind, Span node, Span nameSpan, String scope, String visibility) {}

  private record RawContainer(String name, Span node) {}

  /** How a call names what it calls: by name, or as a constructor the collector names (see java.scm). */
  enum CallForm { NAMED, NEW, THIS, SUPER, ENUM_CONSTANT, REFERENCE }

  private record RawCall(String callee, String receiver, Span receiverSpan, Span node, Span name, CallForm form) {}

  private record RawRef(String name, Span span, ReferenceKind kind) {}

  /**
   * Nesting levels a container keeps. A definition nested deeper is kept, under the container of
   * its {@value}th level (as if declared there), and the file is reported as flattened: real code
   * nests well under this (the public corpora: 7 at most), and a container name can then not grow
   * past {@value} names of {@link #MAX_NAME_CHARS} characters.
   */
  static final int MAX_NESTING_DEPTH = 32;
  /** Bytes charged per row besides its strings: the objects the engine holds for it. */
  private static final int ROW_BYTES = 48;

  private static final Pattern OPERATOR = Pattern.compile("operator(?![\\w$])");
  private static final int MAX_RECEIVER_CHARS = 80;
  private static final int MAX_IMPORT_CHARS = 200;
  private static final int MAX_NAME_CHARS = 200;

  private final Language language;
  private final ExtractionBudget budget;
  /** Definitions nested deeper than {@link #MAX_NESTING_DEPTH}, kept flattened. */
  private int flattened;
  private final Map<Integer, RawDef> defsByNameStart = new HashMap<>();
  private final List<RawContainer> containers = new ArrayList<>();
  private final Set<RawContainer> containerSet = new HashSet<>();
  private final Map<Integer, RawCall> callsByNameStart = new HashMap<>();
  /** Start byte of each call's argument list, by the call's name start. */
  private final Map<Integer, Integer> argumentListByNameStart = new HashMap<>();
  /** Arguments of every argument list, in no order (grouped by list when the facts are built). */
  private final List<RawArgument> arguments = new ArrayList<>();

  private record RawArgument(int list, Span span, String text) {}
  /** Calls found to be {@code new} or a method reference (by another match of the same name). */
  private final Map<Integer, CallForm> formByNameStart = new HashMap<>();
  private final TypesCollector types = new TypesCollector();
  private final Map<Integer, RawRef> refsByStart = new HashMap<>();
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

  /** Definitions that nested deeper than {@link #MAX_NESTING_DEPTH} and were kept flattened (after {@link #build}). */
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
    String rest = name.substring("operator".length()).replaceAll("\\s+", " ").strip();
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
    String n = normalizeScope(name);
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
      argumentListByNameStart.put(nameSpan.start(), argumentList);
    }
    if (form == CallForm.NEW || form == CallForm.REFERENCE) {
      formByNameStart.put(nameSpan.start(), form);
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
    arguments.add(new RawArgument(list, span, text));
  }

  /** The arguments of each argument list (by the list's start byte), in order, each once. */
  private Map<Integer, List<RawArgument>> argumentsByList() {
    arguments.sort(Comparator.comparingInt((RawArgument a) -> a.list()).thenComparingInt(a -> a.span().start()));
    Map<Integer, List<RawArgument>> out = new HashMap<>();
    List<RawArgument> cur = null;
    for (int i = 0; i < arguments.size(); i++) {
      RawArgument a = arguments.get(i);
      if (i > 0 && arguments.get(i - 1).list() == a.list() && arguments.get(i - 1).span().start() == a.span().start()) {
        continue;
      }
      if (cur == null || arguments.get(i - 1).list() != a.list()) {
        cur = new ArrayList<>(2);
        out.put(a.list(), cur);
      }
      cur.add(a);
    }
    return out;
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
    RawRef prev = refsByStart.get(span.start());
    if (prev == null || (prev.kind() == ReferenceKind.OTHER && kind != ReferenceKind.OTHER)) {
      refsByStart.put(span.start(), new RawRef(name, span, kind));
    }
  }

  FileFacts build(boolean syntaxErrors) {
    RawDef[] raw = defsByNameStart.values().toArray(new RawDef[0]);
    Arrays.sort(raw, Comparator.comparingInt((RawDef d) -> d.node().start())
        .thenComparing(Comparator.comparingInt((RawDef d) -> d.node().end()).reversed())
        .thenComparingInt(d -> d.nameSpan().start()));
    List<Definition> defs = qualify(raw);

    List<RawCall> calls = new ArrayList<>(callsByNameStart.size());
    for (RawCall c : callsByNameStart.values()) {
      RawCall named = c.form() == CallForm.NAMED ? c : constructorCall(raw, defs, c);
      if (named != null) {
        calls.add(named);
      }
    }
    calls.sort(Comparator.comparingInt(c -> c.name().start()));
    List<CallSite> callSites = new ArrayList<>(calls.size());
    Callers callers = new Callers(raw, defs);
    for (RawCall c : calls) {
      callSites.add(new CallSite(c.callee(), c.receiver(), c.name().row() + 1, c.name().column() + 1, callers.at(c.name().start())));
    }
    TypeFacts typeFacts = typeFacts(raw, defs, calls);

    RawRef[] refs = refsByStart.values().toArray(new RawRef[0]);
    Arrays.sort(refs, Comparator.comparingInt(r -> r.span().start()));
    importSpans.sort(Comparator.comparingInt(Span::start));
    List<Reference> references = new ArrayList<>(refs.length);
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
    Map<Long, Integer> callByNode = new HashMap<>();
    for (int i = 0; i < calls.size(); i++) {
      callByNode.putIfAbsent(spanKey(calls.get(i).node().start(), calls.get(i).node().end()), i);
    }
    Map<Integer, List<RawArgument>> argumentsByList = argumentsByList();
    List<TypeFacts.CallShape> shapes = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      RawCall c = calls.get(i);
      int receiverCall = -1;
      Span r = c.receiverSpan();
      if (r != null) {
        Integer k = callByNode.get(spanKey(r.start(), r.end()));
        if (k == null && c.receiver().startsWith("(") && c.receiver().endsWith(")")) {
          k = callByNode.get(spanKey(r.start() + 1, r.end() - 1)); // (new Foo()).bar()
        }
        receiverCall = k != null && k < i ? k : -1;
      }
      Integer list = argumentListByNameStart.get(c.name().start());
      List<RawArgument> raws = list == null ? List.of() : argumentsByList.getOrDefault(list, List.of());
      int arguments = list != null ? raws.size() : c.form() == CallForm.ENUM_CONSTANT ? 0 : -1;
      List<TypeFacts.Argument> argumentList = new ArrayList<>(raws.size());
      for (RawArgument a : raws) {
        Integer k = callByNode.get(spanKey(a.span().start(), a.span().end()));
        argumentList.add(k != null && k > i ? new TypeFacts.Argument("", k) : new TypeFacts.Argument(ArgumentText.of(a.text()), -1));
      }
      CallForm form = c.form() == CallForm.NAMED ? formByNameStart.getOrDefault(c.name().start(), CallForm.NAMED) : c.form();
      TypeFacts.CallKind kind = switch (form) {
        case NAMED -> TypeFacts.CallKind.METHOD;
        case NEW -> TypeFacts.CallKind.NEW;
        case THIS -> TypeFacts.CallKind.THIS;
        case SUPER -> TypeFacts.CallKind.SUPER;
        case ENUM_CONSTANT -> TypeFacts.CallKind.ENUM_CONSTANT;
        case REFERENCE -> TypeFacts.CallKind.REFERENCE;
      };
      shapes.add(new TypeFacts.CallShape(kind, arguments, receiverCall, argumentList));
    }
    Map<Integer, Integer> defIndex = new HashMap<>();
    for (int i = 0; i < raw.length; i++) {
      defIndex.put(raw[i].nameSpan().start(), i);
    }
    return types.build(defIndex, constantStart -> {
      Integer i = defIndex.get(constantStart);
      return i == null ? null : defs.get(i).container();
    }, shapes);
  }

  private static long spanKey(int start, int end) {
    return ((long) start << 32) | (end & 0xffffffffL);
  }

  /**
   * One node that qualifies what is inside it: a definition that can contain, or a container.
   * Past {@link #MAX_NESTING_DEPTH} levels, {@code qualified} stops growing (the deepest kept
   * level's). Scopes with one qualified name share one String: a name is not copied per level.
   */
  private record Scope(int start, int end, String qualified, boolean typeLike) {}

  private List<Definition> qualify(RawDef[] raw) {
    RawContainer[] cs = containers.toArray(new RawContainer[0]);
    Arrays.sort(cs, Comparator.comparingInt((RawContainer c) -> c.node().start())
        .thenComparing(Comparator.comparingInt((RawContainer c) -> c.node().end()).reversed()));
    List<Definition> defs = new ArrayList<>(raw.length);
    List<Scope> stack = new ArrayList<>();
    int ci = 0;
    for (RawDef d : raw) {
      int start = d.node().start();
      // Containers that begin before this definition enter the stack first.
      while (ci < cs.length && cs[ci].node().start() <= start) {
        RawContainer c = cs[ci++];
        pop(stack, c.node().start());
        String outer = stack.isEmpty() ? "" : stack.get(stack.size() - 1).qualified();
        stack.add(new Scope(c.node().start(), c.node().end(), nested(stack, outer, c.name()), true));
      }
      pop(stack, start);
      Scope parent = stack.isEmpty() ? null : stack.get(stack.size() - 1);
      String container = parent == null ? "" : parent.qualified();
      if (stack.size() > MAX_NESTING_DEPTH) {
        flattened++;
      }
      if (d.scope() != null) {
        String s = normalizeScope(d.scope());
        if (!s.isEmpty()) {
          container = container.isEmpty() || container.endsWith(s) ? s : container + "." + s;
        }
      }
      boolean inType = (parent != null && parent.typeLike()) || (d.scope() != null && !normalizeScope(d.scope()).isEmpty());
      DefinitionKind kind = adjustKind(d, inType);
      // The name's line, as ctags and LSP report it (annotations and doc comments may come first).
      Definition def = new Definition(d.name(), kind, container, d.nameSpan().row() + 1, d.nameSpan().column() + 1,
          Math.max(d.nameSpan().row(), d.node().endRow()) + 1, VisibilityRules.of(language, d.name(), d.visibility(), kind, inType));
      budget.charge(container.length()); // what the engine's copies of it cost (a dotted name per definition)
      defs.add(def);
      if (kind.canContain()) {
        stack.add(new Scope(start, d.node().end(), nested(stack, container, d.name()), kind.isType()));
      }
    }
    budget.checkTime();
    return defs;
  }

  /** The qualified name of a scope entered under {@code stack}: {@code outer.name}, or {@code outer} past the depth cap. */
  private static String nested(List<Scope> stack, String outer, String name) {
    if (stack.size() >= MAX_NESTING_DEPTH) {
      return outer;
    }
    return outer.isEmpty() ? name : outer + "." + name;
  }

  private static void pop(List<Scope> stack, int position) {
    while (!stack.isEmpty() && stack.get(stack.size() - 1).end() <= position) {
      stack.remove(stack.size() - 1);
    }
  }

  private DefinitionKind adjustKind(RawDef d, boolean inType) {
    if (d.kind() == DefinitionKind.FUNCTION && inType) {
      return DefinitionKind.METHOD;
    }
    if (language == Language.PYTHON && d.kind() == DefinitionKind.VARIABLE && isConstantName(d.name())) {
      return DefinitionKind.CONSTANT;
    }
    return d.kind();
  }

  private static boolean isConstantName(String name) {
    return name.length() > 1 && name.equals(name.toUpperCase(Locale.ROOT)) && name.chars().anyMatch(Character::isLetter);
  }

  /**
   * {@code *Foo[T]}, {@code &'a mut Foo<T>}, {@code ns::Foo} → {@code Foo}, {@code ns.Foo}. Brackets
   * that follow a name are type arguments and go; a bracketed type stays ({@code [T]}, Rust's
   * {@code impl<T> [T]}).
   */
  static String normalizeScope(String scope) {
    String s = scope.strip();
    s = s.replaceAll("<[^<>]*>", "").replaceAll("<[^<>]*>", "").replaceAll("(?<=\\w)\\[[^\\[\\]]*]", "");
    s = s.replaceAll("^[*&]+|\\bmut\\b|'\\w+|\\bconst\\b|\\bdyn\\b", "").strip();
    s = s.replace("::", ".").replaceAll("\\s+", "");
    while (s.startsWith(".")) {
      s = s.substring(1);
    }
    return s.length() > MAX_NAME_CHARS ? "" : s;
  }

  /**
   * The caller of each call site: the innermost callable definition containing it, else the
   * innermost definition, else -1. Call positions are asked in increasing order; a sweep over the
   * definitions (sorted by start, then end descending) keeps the open ones on a stack, so a file
   * costs O(definitions + calls), not their product.
   */
  private static final class Callers {
    private final RawDef[] raw;
    private final List<Definition> defs;
    private final int[] stack;
    /** For each stack entry, the nearest callable at or below it when it was pushed, or -1. */
    private final int[] callableBelow;
    private int size;
    private int next;

    Callers(RawDef[] raw, List<Definition> defs) {
      this.raw = raw;
      this.defs = defs;
      this.stack = new int[raw.length];
      this.callableBelow = new int[raw.length];
    }

    int at(int pos) {
      while (next < raw.length && raw[next].node().start() <= pos) {
        int below = size == 0 ? -1 : callableBelow[size - 1];
        stack[size] = next;
        callableBelow[size] = defs.get(next).kind().isCallable() ? next : below;
        size++;
        next++;
      }
      while (size > 0 && raw[stack[size - 1]].node().end() <= pos) {
        size--;
      }
      if (size == 0) {
        return -1;
      }
      int callable = callableBelow[size - 1];
      if (callable >= 0 && raw[callable].node().end() <= pos) {
        callable = -1; // spans that overlap without nesting: look down the stack
        for (int k = size - 1; k >= 0; k--) {
          int i = stack[k];
          if (raw[i].node().end() > pos && defs.get(i).kind().isCallable()) {
            callable = i;
            break;
          }
        }
      }
      return callable >= 0 ? callable : stack[size - 1];
    }
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

  /** Visibility from modifier text, else the language's convention. */
  static final class VisibilityRules {
    private VisibilityRules() {}

    static Visibility of(Language language, String name, String modifiers, DefinitionKind kind, boolean inType) {
      if (kind == DefinitionKind.IMPL) {
        return Visibility.UNSPECIFIED; // an impl block has none: its items have theirs
      }
      if (modifiers != null && !modifiers.isBlank()) {
        String m = " " + modifiers.replaceAll("\\s+", " ") + " ";
        if (m.contains("pub(self)")) {
          return Visibility.PRIVATE;
        }
        if (m.contains("pub(crate)") || m.contains("pub(super)") || m.contains("pub(in") || m.contains(" internal ")) {
          return Visibility.INTERNAL;
        }
        if (m.contains(" public ") || m.contains(" pub ") || m.contains(" export ") || m.startsWith(" pub")) {
          return Visibility.PUBLIC;
        }
        if (m.contains(" private ")) {
          return Visibility.PRIVATE;
        }
        if (m.contains(" protected ")) {
          return Visibility.PROTECTED;
        }
      }
      return switch (language) {
        case JAVA -> Visibility.PACKAGE;
        case GO -> !name.isEmpty() && Character.isUpperCase(name.codePointAt(0)) ? Visibility.PUBLIC : Visibility.PACKAGE;
        case PYTHON, RUBY -> name.startsWith("_") && !(name.startsWith("__") && name.endsWith("__")) ? Visibility.PRIVATE : Visibility.PUBLIC;
        case RUST -> Visibility.PRIVATE;
        case CSHARP -> inType ? Visibility.PRIVATE : Visibility.INTERNAL;
        // #name members are private; other members of classes, interfaces and objects are public.
        case JAVASCRIPT, TYPESCRIPT, TSX -> name.startsWith("#") ? Visibility.PRIVATE : inType ? Visibility.PUBLIC : Visibility.UNSPECIFIED;
        default -> Visibility.UNSPECIFIED;
      };
    }
  }
}
