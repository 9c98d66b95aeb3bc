package dev.symdex.engine.extract;

import dev.symdex.engine.model.Language;
import io.github.treesitter.jtreesitter.InputEncoding;
import io.github.treesitter.jtreesitter.Node;
import io.github.treesitter.jtreesitter.Parser;
import io.github.treesitter.jtreesitter.QueryCapture;
import io.github.treesitter.jtreesitter.QueryCursor;
import io.github.treesitter.jtreesitter.QueryMatch;
import io.github.treesitter.jtreesitter.Tree;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Extracts {@link dev.symdex.engine.model.FileFacts} from file content with tree-sitter: one
 * grammar and one query file per language. Facts depend only on (content, language, {@link
 * #VERSION}).
 *
 * <p>Thread-safe: each thread gets its own parsers; grammars and queries are shared.
 */
public final class FactExtractor {
  /**
   * Extractor version, part of every facts key: bump it whenever a query or the collector changes
   * what is extracted, so stored facts are recomputed.
   */
  public static final int VERSION = 1;

  private final long parseBudgetMicros;
  private final ThreadLocal<Map<Language, Parser>> parsers = ThreadLocal.withInitial(() -> new EnumMap<>(Language.class));

  /** @param parseBudgetMillis time after which parsing one file is abandoned */
  public FactExtractor(long parseBudgetMillis) {
    this.parseBudgetMicros = parseBudgetMillis * 1000;
  }

  /** Loads every grammar now, so that a broken native setup fails at startup, not mid-index. */
  public static void preload() {
    for (Language l : Language.values()) {
      Grammar.of(l);
    }
  }

  /** Extracts facts from {@code content}, never throwing for bad input. */
  public Extraction extract(Language language, byte[] content) {
    boolean lossy = false;
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
    } catch (CharacterCodingException e) {
      lossy = true;
      text = new String(content, StandardCharsets.UTF_8);
    }
    Grammar grammar = Grammar.of(language);
    Parser parser = parsers.get().computeIfAbsent(language, l -> new Parser(grammar.tsLanguage));
    long deadline = System.nanoTime() + parseBudgetMicros * 1000;
    Parser.Options options = new Parser.Options(state -> System.nanoTime() > deadline);
    final String source = text;
    Optional<Tree> parsed;
    try {
      parsed = parser.parse((offset, point) -> chunk(source, offset), InputEncoding.UTF_16LE, options);
    } catch (IllegalStateException e) {
      parser.reset();
      return Extraction.failed("parser error: " + e.getMessage(), lossy);
    }
    if (parsed.isEmpty()) {
      parser.reset();
      return Extraction.failed("parse exceeded " + parseBudgetMicros / 1000 + " ms", lossy);
    }
    try (Tree tree = parsed.get()) {
      return Extraction.ok(collect(grammar, tree.getRootNode(), source, language), lossy);
    }
  }

  private static String chunk(String source, int byteOffset) {
    // UTF-16LE: byte offset / 2 = char index. Hand out bounded chunks.
    int from = byteOffset / 2;
    if (from >= source.length()) {
      return "";
    }
    return source.substring(from, Math.min(source.length(), from + 16384));
  }

  private static dev.symdex.engine.model.FileFacts collect(Grammar grammar, Node root, String source, Language language) {
    FactsCollector out = new FactsCollector(language);
    try (QueryCursor cursor = new QueryCursor(grammar.query)) {
      cursor.findMatches(root).forEach(m -> accept(m, source, out));
    }
    return out.build(root.hasError());
  }

  private static void accept(QueryMatch match, String source, FactsCollector out) {
    String defKind = null;
    Node defNode = null;
    Node name = null;
    Node call = null;
    Node callName = null;
    Node receiver = null;
    Node importNode = null;
    Node importName = null;
    for (QueryCapture c : match.captures()) {
      String cap = c.name();
      Node n = c.node();
      switch (cap) {
        case "name" -> name = n;
        case "call" -> call = n;
        case "call.name" -> callName = n;
        case "call.receiver" -> receiver = n;
        case "import" -> importNode = n;
        case "import.name" -> importName = n;
        case "reference" -> out.reference(text(source, n), span(n));
        default -> {
          if (cap.startsWith("definition.")) {
            defKind = cap.substring("definition.".length());
            defNode = n;
          }
        }
      }
    }
    if (defNode != null && name != null) {
      out.definition(defKind, text(source, name), span(defNode), span(name));
    }
    if (call != null && callName != null) {
      out.call(text(source, callName), receiver == null ? null : text(source, receiver), span(call), span(callName));
    }
    if (importNode != null) {
      String whole = text(source, importNode);
      String t = whole;
      if (importName != null) {
        t = text(source, importName);
        if (whole.contains("*")) {
          t += ".*";
        }
        if (whole.matches("(?s)import\\s+static\\b.*")) {
          t = "static " + t;
        }
      }
      out.importStatement(t, span(importNode));
    }
  }

  /** Node text; offsets are UTF-16LE bytes, so halve them into char indexes. */
  private static String text(String source, Node n) {
    int from = n.getStartByte() / 2;
    int to = Math.min(source.length(), n.getEndByte() / 2);
    return from >= to ? "" : source.substring(from, to);
  }

  private static FactsCollector.Span span(Node n) {
    var s = n.getStartPoint();
    return new FactsCollector.Span(n.getStartByte(), n.getEndByte(), s.row(), s.column() / 2, n.getEndPoint().row());
  }
}
