package dev.symdex.engine.extract;

import dev.symdex.engine.model.TypeFacts;
import dev.symdex.engine.model.TypeFacts.Anonymous;
import dev.symdex.engine.model.TypeFacts.DefinitionTypes;
import dev.symdex.engine.model.TypeFacts.Local;
import dev.symdex.engine.model.TypeFacts.TypeParameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Collects the {@code typing.*} captures of a facts query (see java.scm) into {@link TypeFacts}:
 * per definition (keyed by its name's start byte) its declared type, parameters, supertypes and
 * type variables; local variables with their scopes; anonymous class bodies. Single use, not
 * thread-safe.
 */
final class TypesCollector {
  /** What a {@code typing.*} capture stands for. */
  enum Capture {
    DEF, TYPE, PARAM, VARARGS, EXTENDS, IMPLEMENTS, TYPEVAR, BOUND, LOCAL, LOCAL_TYPE, LOCAL_VARARGS, SCOPE, ANONYMOUS,
    ANONYMOUS_TYPE, ANONYMOUS_ENUM, DIMS, DIMS_NAME;

    /** A capture used for its span only (a scope, an anonymous class body). */
    boolean isBody() {
      return this == SCOPE || this == ANONYMOUS;
    }

    /** The capture named {@code typing.<name>}; an unknown name fails (a query bug). */
    static Capture of(String captureName) {
      return switch (captureName) {
        case "typing.def" -> DEF;
        case "typing.type" -> TYPE;
        case "typing.param" -> PARAM;
        case "typing.varargs" -> VARARGS;
        case "typing.extends" -> EXTENDS;
        case "typing.implements" -> IMPLEMENTS;
        case "typing.typevar" -> TYPEVAR;
        case "typing.bound" -> BOUND;
        case "typing.local" -> LOCAL;
        case "typing.local.type" -> LOCAL_TYPE;
        case "typing.local.varargs" -> LOCAL_VARARGS;
        case "typing.scope" -> SCOPE;
        case "typing.anonymous" -> ANONYMOUS;
        case "typing.anonymous.type" -> ANONYMOUS_TYPE;
        case "typing.anonymous.enum" -> ANONYMOUS_ENUM;
        case "typing.dims" -> DIMS;
        case "typing.dims.name" -> DIMS_NAME;
        default -> throw new IllegalStateException("unknown capture @" + captureName);
      };
    }
  }

  /**
   * The typing captures of one query match: text, span and end column (1-based UTF-16) of each;
   * a {@linkplain Capture#isBody body} has no text, the others no end column.
   */
  static final class Match {
    private static final int MAX = 8;
    private final Capture[] kinds = new Capture[MAX];
    private final String[] texts = new String[MAX];
    private final FactsCollector.Span[] spans = new FactsCollector.Span[MAX];
    private final int[] endColumns = new int[MAX];
    private int size;

    void add(Capture kind, String text, FactsCollector.Span span, int endColumn) {
      if (size < MAX) {
        kinds[size] = kind;
        texts[size] = text;
        spans[size] = span;
        endColumns[size++] = endColumn;
      }
    }

    private int find(Capture kind) {
      for (int i = 0; i < size; i++) {
        if (kinds[i] == kind) {
          return i;
        }
      }
      return -1;
    }
  }

  private static final class RawDefTypes {
    String type = "";
    final Map<Integer, String> params = new HashMap<>(); // by start byte
    boolean varargs;
    String superclass = "";
    final Map<Integer, String> interfaces = new HashMap<>();
    final Map<Integer, TypeParameter> typeParameters = new HashMap<>();
  }

  private record RawLocal(String name, String type, FactsCollector.Span nameSpan, FactsCollector.Span scope, int scopeEndColumn) {}

  /** An anonymous body; {@code enumConstant} is the constant's name start when the type is its enum (else -1). */
  private record RawAnonymous(String type, int enumConstant, FactsCollector.Span body, int endColumn) {}

  private static final Pattern ANNOTATION = Pattern.compile("@[\\w$.]+(\\s*\\([^()]*\\))?");
  private static final Pattern BLANK = Pattern.compile("\\s+");
  private static final int MAX_TYPE_CHARS = 200;

  private final Map<Integer, RawDefTypes> defs = new HashMap<>();
  private final Map<Integer, RawLocal> locals = new HashMap<>(); // by name start
  private final Map<Integer, RawAnonymous> anonymous = new HashMap<>(); // by body start
  /** Array brackets after a variable's name ({@code int a[]}), by the name's start. */
  private final Map<Integer, String> dimsByName = new HashMap<>();

  void add(Match m) {
    int dimsName = m.find(Capture.DIMS_NAME);
    int dims = m.find(Capture.DIMS);
    if (dimsName >= 0 && dims >= 0) {
      dimsByName.put(m.spans[dimsName].start(), brackets(m.texts[dims]));
      return;
    }
    int def = m.find(Capture.DEF);
    if (def >= 0) {
      RawDefTypes d = defs.computeIfAbsent(m.spans[def].start(), k -> new RawDefTypes());
      for (int i = 0; i < m.size; i++) {
        String t = m.texts[i];
        int at = m.spans[i].start();
        switch (m.kinds[i]) {
          case TYPE -> d.type = normalize(t);
          case PARAM -> {
            String p = normalize(t) + (dims >= 0 ? brackets(m.texts[dims]) : "");
            d.params.merge(at, p, (a, b) -> a.length() >= b.length() ? a : b); // with its brackets, when a match has them
          }
          case VARARGS -> {
            d.params.put(at, normalize(t));
            d.varargs = true;
          }
          case EXTENDS -> d.superclass = normalize(t);
          case IMPLEMENTS -> d.interfaces.put(at, normalize(t));
          case TYPEVAR -> {
            int bound = m.find(Capture.BOUND);
            d.typeParameters.put(at, new TypeParameter(t.strip(), bound < 0 ? "" : normalize(m.texts[bound])));
          }
          default -> { }
        }
      }
      return;
    }
    int local = m.find(Capture.LOCAL);
    int scope = m.find(Capture.SCOPE);
    if (local >= 0 && scope >= 0) {
      int type = m.find(Capture.LOCAL_TYPE);
      int varargs = m.find(Capture.LOCAL_VARARGS);
      String t = type >= 0 ? normalize(m.texts[type]) : varargs >= 0 ? array(normalize(m.texts[varargs])) : "";
      String name = m.texts[local].strip();
      if (!name.isEmpty()) {
        locals.putIfAbsent(m.spans[local].start(), new RawLocal(name, t, m.spans[local], m.spans[scope], m.endColumns[scope]));
      }
      return;
    }
    int body = m.find(Capture.ANONYMOUS);
    if (body >= 0) {
      int type = m.find(Capture.ANONYMOUS_TYPE);
      int constant = m.find(Capture.ANONYMOUS_ENUM);
      String t = type >= 0 ? normalize(m.texts[type]) : "";
      if (!t.isEmpty() || constant >= 0) {
        anonymous.putIfAbsent(m.spans[body].start(),
            new RawAnonymous(t, constant >= 0 ? m.spans[constant].start() : -1, m.spans[body], m.endColumns[body]));
      }
    }
  }

  /** The {@code extends} type of the class whose name starts at {@code nameStart}, as written; empty when none. */
  String superclass(int nameStart) {
    RawDefTypes d = defs.get(nameStart);
    return d == null ? "" : d.superclass;
  }

  /**
   * The type facts, given each definition's index by its name's start byte, and for an enum
   * constant's body the type of the constant (its enum) by the constant's name start.
   */
  TypeFacts build(Map<Integer, Integer> defIndexByNameStart, IntFunction<String> enumOfConstant, List<TypeFacts.CallShape> calls) {
    List<DefinitionTypes> out = new ArrayList<>();
    for (Map.Entry<Integer, RawDefTypes> e : defs.entrySet()) {
      Integer index = defIndexByNameStart.get(e.getKey());
      if (index == null) {
        continue;
      }
      RawDefTypes d = e.getValue();
      String type = d.type.isEmpty() ? "" : d.type + dimsByName.getOrDefault(e.getKey(), ""); // a field int a[]
      out.add(new DefinitionTypes(index, type, inOrder(d.params), d.varargs, d.superclass, inOrder(d.interfaces), inOrder(d.typeParameters)));
    }
    out.sort(Comparator.comparingInt(DefinitionTypes::definition));
    List<RawLocal> rawLocals = new ArrayList<>(locals.values());
    rawLocals.sort(Comparator.comparingInt(l -> l.nameSpan().start()));
    List<Local> ls = new ArrayList<>(rawLocals.size());
    for (RawLocal l : rawLocals) {
      String type = l.type().isEmpty() ? "" : l.type() + dimsByName.getOrDefault(l.nameSpan().start(), "");
      ls.add(new Local(l.name(), type, l.nameSpan().row() + 1, l.nameSpan().column() + 1, Math.max(l.scope().endRow(), l.nameSpan().row()) + 1,
          l.scopeEndColumn()));
    }
    List<RawAnonymous> rawAnonymous = new ArrayList<>(anonymous.values());
    rawAnonymous.sort(Comparator.comparingInt(a -> a.body().start()));
    List<Anonymous> as = new ArrayList<>(rawAnonymous.size());
    for (RawAnonymous a : rawAnonymous) {
      String type = a.enumConstant() >= 0 ? enumOfConstant.apply(a.enumConstant()) : a.type();
      if (type != null && !type.isEmpty()) {
        as.add(new Anonymous(type, a.body().row() + 1, a.body().column() + 1, a.body().endRow() + 1, a.endColumn()));
      }
    }
    return new TypeFacts(out, ls, as, calls);
  }

  private static <T> List<T> inOrder(Map<Integer, T> byStart) {
    return byStart.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
  }

  /** A type as written, without annotations or blanks: {@code @Nullable Map<K, V>} → {@code Map<K,V>}; empty when too long. */
  static String normalize(String type) {
    String t = type.indexOf('@') >= 0 ? ANNOTATION.matcher(type).replaceAll("") : type;
    if (hasBlank(t)) {
      t = BLANK.matcher(t).replaceAll("");
    }
    return t.length() > MAX_TYPE_CHARS ? "" : t;
  }

  /** {@code [] []} → {@code [][]}. */
  private static String brackets(String dims) {
    return "[]".repeat((int) dims.chars().filter(ch -> ch == '[').count());
  }

  private static boolean hasBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static String array(String type) {
    return type.isEmpty() ? "" : type + "[]";
  }
}
