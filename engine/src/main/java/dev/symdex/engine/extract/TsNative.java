package dev.symdex.engine.extract;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The few tree-sitter C calls symdex makes itself, through the FFM API: creating native queries
 * and parsers, and {@code sdx_extract} (natives/symdex_extract.c), which parses a file and runs a
 * query in one call, returning captures as integers. jtreesitter loads and validates grammars and
 * queries; this is the allocation-free path for the per-file hot loop.
 *
 * <p>Thread-safe (stateless handles); a parser pointer must be used by one thread at a time.
 */
final class TsNative {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup CORE = SymbolLookup.libraryLookup(NativeLibraries.core(), Arena.global());

  private static final MethodHandle PARSER_NEW = fn("ts_parser_new", FunctionDescriptor.of(ValueLayout.ADDRESS));
  private static final MethodHandle PARSER_SET_LANGUAGE = fn("ts_parser_set_language",
      FunctionDescriptor.of(ValueLayout.JAVA_BOOLEAN, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
  private static final MethodHandle QUERY_NEW = fn("ts_query_new", FunctionDescriptor.of(ValueLayout.ADDRESS,
      ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
  private static final MethodHandle QUERY_CAPTURE_COUNT = fn("ts_query_capture_count",
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
  private static final MethodHandle QUERY_CAPTURE_NAME = fn("ts_query_capture_name_for_id",
      FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
  private static final MethodHandle QUERY_DISABLE_CAPTURE = fn("ts_query_disable_capture",
      FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
  private static final MethodHandle QUERY_PATTERN_COUNT = fn("ts_query_pattern_count",
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
  private static final MethodHandle QUERY_PREDICATES = fn("ts_query_predicates_for_pattern",
      FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
  private static final MethodHandle QUERY_STRING = fn("ts_query_string_value_for_id",
      FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
  private static final MethodHandle EXTRACT = fn("sdx_extract", FunctionDescriptor.of(ValueLayout.JAVA_INT,
      ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
      ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
  private static final MethodHandle FREE = fn("sdx_free", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));

  /** Result codes of {@link #extract}. */
  static final int OK = 0;
  static final int PARSE_TIMEOUT = 1;
  static final int OUT_OF_MEMORY = 2;
  static final int QUERY_TIMEOUT = 3;

  /**
   * In the words of a recovered file, the pattern index (with no capture) that ends the matches
   * over the recovered tree; those over the tree as parsed follow (SDX_TREE_AS_PARSED).
   */
  static final int TREE_AS_PARSED = -1;

  /**
   * Captures of one file; whether its tree had syntax errors, and whether error recovery changed
   * the tree the captures come from.
   */
  record Captures(int status, int[] words, boolean syntaxErrors, boolean recovered) {}

  private TsNative() {}

  /** Loads the core and binds every function (class initialisation does it); fails if it cannot. */
  static void bind() {
    // nothing: reaching here ran the static initialisers
  }

  private static MethodHandle fn(String name, FunctionDescriptor d) {
    MemorySegment addr = CORE.find(name).orElseThrow(() -> new IllegalStateException(
        "tree-sitter native library lacks " + name + "; rebuild the engine module"));
    return LINKER.downcallHandle(addr, d);
  }

  /** Pointer to a grammar's TSLanguage, from its {@code tree_sitter_<name>} function. */
  static MemorySegment language(SymbolLookup grammarLib, String symbol) {
    MemorySegment f = grammarLib.find(symbol).orElseThrow(() -> new IllegalStateException("grammar lacks " + symbol));
    try {
      return (MemorySegment) LINKER.downcallHandle(f, FunctionDescriptor.of(ValueLayout.ADDRESS)).invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException("cannot load grammar " + symbol, t);
    }
  }

  /** A new native query; lives as long as the process (queries are loaded once per language). */
  static MemorySegment query(MemorySegment language, String source) {
    try (Arena a = Arena.ofConfined()) {
      byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
      MemorySegment src = a.allocate(bytes.length + 1L);
      src.copyFrom(MemorySegment.ofArray(bytes));
      MemorySegment errOffset = a.allocate(ValueLayout.JAVA_INT);
      MemorySegment errType = a.allocate(ValueLayout.JAVA_INT);
      MemorySegment q = (MemorySegment) QUERY_NEW.invokeExact(language, src, bytes.length, errOffset, errType);
      if (q.equals(MemorySegment.NULL)) {
        throw new IllegalStateException("query does not compile at byte " + errOffset.get(ValueLayout.JAVA_INT, 0)
            + " (error type " + errType.get(ValueLayout.JAVA_INT, 0) + ")");
      }
      return q;
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Capture names of a query, by capture id. */
  static String[] captureNames(MemorySegment query) {
    try (Arena a = Arena.ofConfined()) {
      int n = (int) QUERY_CAPTURE_COUNT.invokeExact(query);
      String[] names = new String[n];
      MemorySegment len = a.allocate(ValueLayout.JAVA_INT);
      for (int i = 0; i < n; i++) {
        MemorySegment p = (MemorySegment) QUERY_CAPTURE_NAME.invokeExact(query, i, len);
        int l = len.get(ValueLayout.JAVA_INT, 0);
        names[i] = new String(p.reinterpret(l).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
      }
      return names;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * The predicates of each pattern, as written: for pattern i, a list of predicates, each a list
   * of steps where a capture step is an {@code Integer} capture id and a string step a {@code
   * String} (the first step is the predicate's name, e.g. {@code "eq?"}).
   */
  static List<List<List<Object>>> predicates(MemorySegment query) {
    try (Arena a = Arena.ofConfined()) {
      int patterns = (int) QUERY_PATTERN_COUNT.invokeExact(query);
      MemorySegment count = a.allocate(ValueLayout.JAVA_INT);
      List<List<List<Object>>> out = new ArrayList<>();
      for (int p = 0; p < patterns; p++) {
        MemorySegment steps = (MemorySegment) QUERY_PREDICATES.invokeExact(query, p, count);
        int n = count.get(ValueLayout.JAVA_INT, 0);
        MemorySegment arr = steps.reinterpret(n * 8L);
        List<List<Object>> preds = new ArrayList<>();
        List<Object> current = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          int type = arr.get(ValueLayout.JAVA_INT, i * 8L);
          int value = arr.get(ValueLayout.JAVA_INT, i * 8L + 4);
          switch (type) {
            case 0 -> {
              preds.add(current);
              current = new ArrayList<>();
            }
            case 1 -> current.add(value);
            default -> {
              MemorySegment len = a.allocate(ValueLayout.JAVA_INT);
              MemorySegment str = (MemorySegment) QUERY_STRING.invokeExact(query, value, len);
              current.add(new String(str.reinterpret(len.get(ValueLayout.JAVA_INT, 0)).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
            }
          }
        }
        out.add(preds);
      }
      return out;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Stops a query from recording the named capture (it costs nothing afterwards). */
  static void disableCapture(MemorySegment query, String name) {
    try (Arena a = Arena.ofConfined()) {
      byte[] b = name.getBytes(StandardCharsets.UTF_8);
      MemorySegment s = a.allocate(b.length + 1L);
      s.copyFrom(MemorySegment.ofArray(b));
      QUERY_DISABLE_CAPTURE.invokeExact(query, s, b.length);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** A new parser set to {@code language}. */
  static MemorySegment parser(MemorySegment language) {
    try {
      MemorySegment p = (MemorySegment) PARSER_NEW.invokeExact();
      if (!(boolean) PARSER_SET_LANGUAGE.invokeExact(p, language)) {
        throw new IllegalStateException("grammar ABI version is not supported by the tree-sitter core");
      }
      return p;
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * Parses {@code content} and runs {@code query}, after at most {@code recoveryRounds} rounds of
   * error recovery (0: none); see natives/symdex_extract.c for the recovery and the layout.
   */
  static Captures extract(MemorySegment parser, MemorySegment query, byte[] content, long budgetMicros, int recoveryRounds) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment src = a.allocate(Math.max(1, content.length));
      src.copyFrom(MemorySegment.ofArray(content));
      MemorySegment out = a.allocate(ValueLayout.ADDRESS);
      MemorySegment outLen = a.allocate(ValueLayout.JAVA_LONG);
      MemorySegment flags = a.allocate(ValueLayout.JAVA_INT);
      int status = (int) EXTRACT.invokeExact(parser, query, src, content.length, budgetMicros, recoveryRounds, out, outLen, flags);
      if (status != OK) {
        return new Captures(status, new int[0], false, false);
      }
      long n = outLen.get(ValueLayout.JAVA_LONG, 0);
      MemorySegment words = out.get(ValueLayout.ADDRESS, 0);
      try {
        int[] w = n == 0 ? new int[0] : words.reinterpret(n * 4).toArray(ValueLayout.JAVA_INT);
        int f = flags.get(ValueLayout.JAVA_INT, 0);
        return new Captures(OK, w, (f & 1) != 0, (f & 2) != 0);
      } finally {
        FREE.invokeExact(words);
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
