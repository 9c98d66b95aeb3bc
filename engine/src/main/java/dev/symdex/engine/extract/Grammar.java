package dev.symdex.engine.extract;

import dev.symdex.engine.model.Language;
import io.github.treesitter.jtreesitter.Query;
import io.github.treesitter.jtreesitter.QueryError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Pattern;

/**
 * A loaded tree-sitter grammar and its facts query ({@code queries/<queryId>.scm}), loaded through
 * jtreesitter (which checks the ABI version, and explains a query that does not compile) and
 * compiled natively: the full query, and on first need one that records definitions and imports
 * only (for very large files). Loaded once per language and process, on first use; shared
 * between threads.
 */
final class Grammar {
  /** What a capture of the facts query stands for (see the capture conventions in java.scm). */
  enum Role {
    NAME, DEFINITION, SCOPE, VISIBILITY, CONTAINER, CONTAINER_NAME, CALL, CALL_NAME, CALL_RECEIVER, CALL_ARGS, CALL_ARG,
    CALL_THIS, CALL_SUPER, CALL_ENUM, CALL_NEW, CALL_REFERENCE, IMPORT, IMPORT_NAME, REFERENCE, REFERENCE_TYPE, TYPING, OTHER
  }

  /** Loaded grammars by language ordinal; read without a lock on the hot path. */
  private static final AtomicReferenceArray<Grammar> LOADED =
      new AtomicReferenceArray<>(Language.values().length);
  /**
   * Captures a definitions-only query leaves out: uses, calls, and the type facts that only serve
   * a file's own calls (its locals). Types of definitions and anonymous class bodies (which
   * tell a type's members from those of the anonymous classes in it) stay: calls into a large
   * file are resolved by them.
   */
  private static final String[] USE_CAPTURES = {"reference", "reference.type", "call", "call.name", "call.receiver", "call.args",
      "call.arg", "call.this", "call.super", "call.enum", "call.new", "call.ref", "typing.local", "typing.local.type", "typing.local.varargs",
      "typing.scope"};

  final Language language;
  final MemorySegment tsLanguage;
  final MemorySegment fullQuery;
  private final String source;
  private volatile MemorySegment definitionsQuery;
  /** Role of each capture id. */
  final Role[] roles;
  /** Definition kind label of each capture id ({@code definition.<kind>}), else null. */
  final String[] kinds;
  /** What each {@code typing.*} capture id stands for, else null. */
  final TypesCollector.Capture[] typing;
  /** Text predicates of each pattern (tree-sitter's C API leaves them to the caller). */
  final Predicate[][] predicates;

  /** A text predicate on a capture: {@code #eq?}, {@code #not-eq?}, {@code #match?}, {@code #not-match?}, {@code #any-of?}. */
  record Predicate(int capture, boolean negate, Set<String> anyOf, Pattern regex) {
    boolean test(String text) {
      boolean ok = regex != null ? regex.matcher(text).find() : anyOf.contains(text);
      return ok != negate;
    }
  }

  private Grammar(Language language, MemorySegment tsLanguage, MemorySegment fullQuery, String source, String[] names,
      Predicate[][] predicates) {
    this.language = language;
    this.predicates = predicates;
    this.tsLanguage = tsLanguage;
    this.fullQuery = fullQuery;
    this.source = source;
    this.roles = new Role[names.length];
    this.kinds = new String[names.length];
    this.typing = new TypesCollector.Capture[names.length];
    for (int i = 0; i < names.length; i++) {
      roles[i] = switch (names[i]) {
        case "name" -> Role.NAME;
        case "scope" -> Role.SCOPE;
        case "visibility" -> Role.VISIBILITY;
        case "container" -> Role.CONTAINER;
        case "container.name" -> Role.CONTAINER_NAME;
        case "reference.type" -> Role.REFERENCE_TYPE;
        case "call" -> Role.CALL;
        case "call.name" -> Role.CALL_NAME;
        case "call.receiver" -> Role.CALL_RECEIVER;
        case "call.args" -> Role.CALL_ARGS;
        case "call.arg" -> Role.CALL_ARG;
        case "call.this" -> Role.CALL_THIS;
        case "call.super" -> Role.CALL_SUPER;
        case "call.enum" -> Role.CALL_ENUM;
        case "call.new" -> Role.CALL_NEW;
        case "call.ref" -> Role.CALL_REFERENCE;
        case "import" -> Role.IMPORT;
        case "import.name" -> Role.IMPORT_NAME;
        case "reference" -> Role.REFERENCE;
        default -> names[i].startsWith("definition.") ? Role.DEFINITION : names[i].startsWith("typing.") ? Role.TYPING : Role.OTHER;
      };
      if (roles[i] == Role.TYPING) {
        typing[i] = TypesCollector.Capture.of(names[i]);
      }
      if (roles[i] == Role.DEFINITION) {
        kinds[i] = names[i].substring("definition.".length());
      }
    }
  }

  private static Predicate[][] predicates(MemorySegment query, String resource) {
    var all = TsNative.predicates(query);
    Predicate[][] out = new Predicate[all.size()][];
    for (int p = 0; p < all.size(); p++) {
      List<Predicate> list = new ArrayList<>();
      for (List<Object> steps : all.get(p)) {
        if (steps.isEmpty() || !(steps.get(0) instanceof String op)) {
          continue;
        }
        if (steps.size() < 3 || !(steps.get(1) instanceof Integer capture)) {
          throw new IllegalStateException(resource + ": unsupported predicate " + steps);
        }
        List<String> args = steps.subList(2, steps.size()).stream().map(String::valueOf).toList();
        list.add(switch (op) {
          case "eq?", "not-eq?" -> new Predicate(capture, op.startsWith("not"), Set.of(args.get(0)), null);
          case "any-of?" -> new Predicate(capture, false, Set.copyOf(args), null);
          case "match?", "not-match?" -> new Predicate(capture, op.startsWith("not"), null, Pattern.compile(args.get(0)));
          default -> throw new IllegalStateException(resource + ": unsupported predicate #" + op);
        });
      }
      out[p] = list.toArray(new Predicate[0]);
    }
    return out;
  }

  /** The query that records definitions and imports only; compiled on first use. */
  MemorySegment definitionsQuery() {
    MemorySegment q = definitionsQuery;
    if (q == null) {
      synchronized (this) {
        if (definitionsQuery == null) {
          MemorySegment defs = TsNative.query(tsLanguage, source);
          for (String capture : USE_CAPTURES) {
            TsNative.disableCapture(defs, capture);
          }
          definitionsQuery = defs;
        }
        q = definitionsQuery;
      }
    }
    return q;
  }

  /** The grammar of {@code language}, loaded on first use (once: later calls take no lock). */
  static Grammar of(Language language) {
    Grammar g = LOADED.get(language.ordinal());
    if (g != null) {
      return g;
    }
    synchronized (Grammar.class) {
      g = LOADED.get(language.ordinal());
      if (g == null) {
        g = load(language);
        LOADED.set(language.ordinal(), g);
      }
      return g;
    }
  }

  private static Grammar load(Language language) {
    String id = language.id();
    String symbol = NativeLibraries.symbol(id);
    SymbolLookup lib = SymbolLookup.libraryLookup(NativeLibraries.grammar(id), Arena.global());
    io.github.treesitter.jtreesitter.Language ts = io.github.treesitter.jtreesitter.Language.load(lib, symbol);
    String resource = "/dev/symdex/engine/queries/" + language.queryId() + ".scm";
    String source;
    try (InputStream in = Grammar.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing query " + resource);
      }
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MemorySegment native_ = TsNative.language(lib, symbol);
    MemorySegment full;
    try {
      full = TsNative.query(native_, source);
    } catch (IllegalStateException e) {
      // Compile again with jtreesitter only to say where and why, readably.
      try (Query checked = new Query(ts, source)) {
        throw new IllegalStateException("query " + resource + " does not compile: " + e.getMessage(), e);
      } catch (QueryError q) {
        throw new IllegalStateException("query " + resource + " does not compile: " + q.getMessage(), q);
      }
    }
    return new Grammar(language, native_, full, source, TsNative.captureNames(full), predicates(full, resource));
  }
}
