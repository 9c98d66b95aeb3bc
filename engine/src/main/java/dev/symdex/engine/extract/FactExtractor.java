package dev.symdex.engine.extract;

import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.model.ReferenceKind;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Extracts {@link FileFacts} from file content with tree-sitter: one grammar and one query file
 * per language. Facts depend only on (content, language, {@link #VERSION}, definitions-only or
 * not).
 *
 * <p>Thread-safe: each thread gets its own native parsers; grammars and queries are shared.
 */
public final class FactExtractor {
  /**
   * Extractor version, part of every facts key: bump it whenever a query or the collector changes
   * what is extracted, so stored facts are recomputed.
   */
  public static final int VERSION = 9;

  /**
   * Most error-recovery rounds per file: each blanks the rest of the first line of one ERROR node
   * that spans several lines and re-parses incrementally (natives/symdex_extract.c).
   */
  static final int RECOVERY_ROUNDS = 32;
  private static final Pattern STATIC_IMPORT = Pattern.compile("(?s)import\\s+static\\b.*");

  private final long parseBudgetMicros;
  private final long factsBudgetBytes;
  private final int recoveryRounds;
  private final ThreadLocal<Map<Language, MemorySegment>> parsers = ThreadLocal.withInitial(() -> new EnumMap<>(Language.class));

  /**
   * @param parseBudgetMillis time after which extracting one file (parse, query, collection) is abandoned
   * @param factsBudgetBytes bytes the facts of one file may take before extracting it is abandoned
   */
  /**
   * Per-file facts budget of the default options. Measured: the largest charge in the public
   * corpora is under 8 MB (go's rewriteAMD64.go, 910 KB); a 16 MB C header of 270,000 macros
   * (indexed for definitions only) charges 32-64 MB. Linear facts never come near it; it stops
   * what would grow faster than its file.
   */
  public static final long DEFAULT_FACTS_BUDGET_BYTES = 256L << 20;

  /** An extractor with the default facts budget. */
  public FactExtractor(long parseBudgetMillis) {
    this(parseBudgetMillis, DEFAULT_FACTS_BUDGET_BYTES);
  }

  public FactExtractor(long parseBudgetMillis, long factsBudgetBytes) {
    this(parseBudgetMillis, factsBudgetBytes, true);
  }

  /**
   * @param parseBudgetMillis time after which extracting one file (parse, query, collection) is abandoned
   * @param factsBudgetBytes bytes the facts of one file may take before extracting it is abandoned
   * @param recoverFromErrors whether to recover what a syntax error swallowed (the index always
   *     does; false only to measure what recovery adds, as {@code bench/quality} does)
   */
  public FactExtractor(long parseBudgetMillis, long factsBudgetBytes, boolean recoverFromErrors) {
    this.parseBudgetMicros = parseBudgetMillis * 1000;
    this.factsBudgetBytes = factsBudgetBytes;
    this.recoveryRounds = recoverFromErrors ? RECOVERY_ROUNDS : 0;
  }

  /** Nesting levels a definition's container keeps; deeper ones are kept flattened (see {@link Extraction#partial}). */
  public static final int MAX_NESTING_DEPTH = DefinitionQualifier.MAX_NESTING_DEPTH;

  /**
   * Binds the tree-sitter core now, so that a broken native setup fails at startup, not
   * mid-index. Grammars load on first use (a C++ grammar and query take ~0.3 s to load).
   */
  public static void preload() {
    TsNative.bind();
  }

  /** Extracts all facts from {@code content}, never throwing for bad input. */
  public Extraction extract(Language language, byte[] content) {
    return run(language, content, false);
  }

  /** Extracts definitions and imports only (no references, no calls): for very large files. */
  public Extraction extractDefinitions(Language language, byte[] content) {
    return run(language, content, true);
  }

  private Extraction run(Language language, byte[] content, boolean definitionsOnly) {
    boolean lossy = !isValidUtf8(content);
    Grammar g = Grammar.of(language);
    MemorySegment parser = parsers.get().computeIfAbsent(language, l -> TsNative.parser(g.tsLanguage));
    ExtractionBudget budget = new ExtractionBudget(factsBudgetBytes, System.nanoTime(), parseBudgetMicros / 1000);
    TsNative.Captures c = TsNative.extract(parser, definitionsOnly ? g.definitionsQuery() : g.fullQuery, content, parseBudgetMicros,
        recoveryRounds);
    return switch (c.status()) {
      case TsNative.OK -> {
        try {
          budget.charge(4L * c.words().length);
          FactsCollector out = new FactsCollector(g.language, budget, c.recovered());
          FileFacts facts = collect(g, c, content, out);
          yield Extraction.ok(facts, lossy, out.flattened() == 0 ? "" : out.flattened() + " definitions nested deeper than "
              + MAX_NESTING_DEPTH + " levels kept under their level-" + MAX_NESTING_DEPTH + " container");
        } catch (ExtractionBudget.Exceeded e) {
          yield e.memory() ? Extraction.overBudget(e.getMessage(), lossy) : Extraction.failed(e.getMessage(), lossy);
        }
      }
      case TsNative.PARSE_TIMEOUT, TsNative.QUERY_TIMEOUT -> Extraction.failed("gave up after " + parseBudgetMicros / 1000 + " ms", lossy);
      default -> Extraction.failed("out of native memory", lossy);
    };
  }

  private static FileFacts collect(Grammar g, TsNative.Captures c, byte[] src, FactsCollector out) {
    int[] w = c.words();
    int i = 0;
    while (i < w.length) {
      int pattern = w[i++];
      int n = w[i++];
      if (pattern == TsNative.TREE_AS_PARSED) {
        out.treeAsParsed();
        continue;
      }
      if (g.predicates[pattern].length > 0 && !satisfies(g.predicates[pattern], w, i, n, src)) {
        i += n * 6;
        continue;
      }
      String defKind = null;
      int def = -1;
      int name = -1;
      String scope = null;
      int visibility = -1;
      int container = -1;
      int containerName = -1;
      int call = -1;
      int callName = -1;
      FactsCollector.CallForm form = FactsCollector.CallForm.NAMED;
      String receiver = null;
      int receiverAt = -1;
      int args = -1;
      int arg = -1;
      int imp = -1;
      int impName = -1;
      int typingFirst = -1;
      for (int k = 0; k < n; k++, i += 6) {
        int id = w[i];
        switch (g.roles[id]) {
          case NAME -> name = i;
          case DEFINITION -> {
            def = i;
            defKind = g.kinds[id];
          }
          case SCOPE -> scope = joined(scope, text(src, w, i));
          case VISIBILITY -> visibility = i;
          case CONTAINER -> container = i;
          case CONTAINER_NAME -> containerName = i;
          case CALL -> call = i;
          case CALL_NAME -> callName = i;
          case CALL_THIS, CALL_SUPER, CALL_ENUM, CALL_NEW, CALL_REFERENCE -> {
            callName = i;
            form = switch (g.roles[id]) {
              case CALL_THIS -> FactsCollector.CallForm.THIS;
              case CALL_SUPER -> FactsCollector.CallForm.SUPER;
              case CALL_ENUM -> FactsCollector.CallForm.ENUM_CONSTANT;
              case CALL_NEW -> FactsCollector.CallForm.NEW;
              default -> FactsCollector.CallForm.REFERENCE;
            };
          }
          case CALL_RECEIVER -> {
            receiver = joined(receiver, text(src, w, i));
            receiverAt = i;
          }
          case CALL_ARGS -> args = i;
          case CALL_ARG -> arg = i;
          case IMPORT -> imp = i;
          case IMPORT_NAME -> impName = i;
          case REFERENCE -> out.reference(text(src, w, i), span(src, w, i), ReferenceKind.OTHER);
          case REFERENCE_TYPE -> out.reference(text(src, w, i), span(src, w, i), ReferenceKind.TYPE);
          case TYPING -> typingFirst = typingFirst < 0 ? i : typingFirst;
          case OTHER -> { }
        }
      }
      if (def >= 0 && name >= 0) {
        out.definition(defKind, text(src, w, name), span(src, w, def), span(src, w, name),
            scope, visibility < 0 ? null : text(src, w, visibility));
      }
      if (container >= 0 && containerName >= 0) {
        out.container(text(src, w, containerName), span(src, w, container));
      }
      if (call >= 0 && callName >= 0) {
        out.call(text(src, w, callName), receiver, receiverAt < 0 ? null : span(src, w, receiverAt), span(src, w, call),
            span(src, w, callName), form, args < 0 ? -1 : w[args + 1]);
      } else if (args >= 0 && arg >= 0 && !isComment(src, w, arg)) {
        out.argument(w[args + 1], span(src, w, arg), argumentText(src, w, arg));
      }
      if (typingFirst >= 0) {
        TypesCollector.Match m = new TypesCollector.Match();
        for (int at = typingFirst; at < i; at += 6) {
          TypesCollector.Capture t = g.typing[w[at]];
          if (t != null) {
            // A scope or a class body is used for its span only: its text (a whole block) is not copied.
            boolean body = t.isBody();
            m.add(t, body ? "" : text(src, w, at), span(src, w, at), body ? endColumn(src, w[at + 2]) : 0);
          }
        }
        out.types().add(m);
      }
      if (imp >= 0) {
        String whole = text(src, w, imp);
        String t = whole;
        if (impName >= 0) {
          t = text(src, w, impName);
          if (g.language == Language.JAVA) {
            if (whole.contains("*")) {
              t += ".*";
            }
            if (STATIC_IMPORT.matcher(whole).matches()) {
              t = "static " + t;
            }
          }
        }
        out.importStatement(t, span(src, w, imp));
      }
    }
    return out.build(c.syntaxErrors());
  }

  /**
   * Several @scope or @call.receiver captures in one match are the levels of one qualified name,
   * outermost first (C++ {@code a::b::Foo::bar}, whose levels nest): joined with {@code ::}.
   */
  private static String joined(String before, String level) {
    return before == null ? level : before + "::" + level;
  }

  /**
   * An argument's text, for {@link ArgumentText}: a long one (a lambda, a nested call) only by its
   * first character, which is all that tells its type (a string literal), so nested arguments are
   * not copied again and again.
   */
  private static String argumentText(byte[] src, int[] w, int at) {
    int from = w[at + 1];
    int to = Math.min(src.length, w[at + 2]);
    if (to - from <= ArgumentText.MAX_BYTES) {
      return text(src, w, at);
    }
    return from < to && src[from] == '"' ? "\"" : "";
  }

  /** A comment among a call's arguments (tree-sitter matches comments as named nodes). */
  private static boolean isComment(byte[] src, int[] w, int at) {
    int from = w[at + 1];
    return from + 1 < src.length && src[from] == '/' && (src[from + 1] == '/' || src[from + 1] == '*');
  }

  private static boolean satisfies(Grammar.Predicate[] predicates, int[] w, int first, int n, byte[] src) {
    for (Grammar.Predicate p : predicates) {
      boolean seen = false;
      for (int k = 0, at = first; k < n; k++, at += 6) {
        if (w[at] == p.capture()) {
          seen = true;
          if (!p.test(text(src, w, at))) {
            return false;
          }
        }
      }
      if (!seen && !p.negate()) {
        return false;
      }
    }
    return true;
  }

  // A capture at w[at]: id, start byte, end byte, start row, start column (bytes), end row.
  private static String text(byte[] src, int[] w, int at) {
    int from = w[at + 1];
    int to = Math.min(src.length, w[at + 2]);
    return from >= to ? "" : new String(src, from, to - from, StandardCharsets.UTF_8);
  }

  private static FactsCollector.Span span(byte[] src, int[] w, int at) {
    int start = w[at + 1];
    return new FactsCollector.Span(start, w[at + 2], w[at + 3], utf16Column(src, start, w[at + 4]), w[at + 5]);
  }

  /** The 1-based UTF-16 column just past byte {@code end} (exclusive end of a node). */
  static int endColumn(byte[] src, int end) {
    int to = Math.min(end, src.length);
    int lineStart = to;
    while (lineStart > 0 && src[lineStart - 1] != '\n') {
      lineStart--;
    }
    return utf16Column(src, to, to - lineStart) + 1;
  }

  /** The 0-based UTF-16 column of byte {@code offset}, whose byte column is {@code byteColumn}. */
  static int utf16Column(byte[] src, int offset, int byteColumn) {
    int lineStart = offset - byteColumn;
    if (lineStart < 0 || offset > src.length) {
      return byteColumn;
    }
    for (int i = lineStart; i < offset; i++) {
      if (src[i] < 0) {
        return new String(src, lineStart, byteColumn, StandardCharsets.UTF_8).length();
      }
    }
    return byteColumn;
  }

  static boolean isValidUtf8(byte[] content) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
