package dev.symdex.engine.extract;

import dev.symdex.engine.model.Language;
import io.github.treesitter.jtreesitter.Query;
import io.github.treesitter.jtreesitter.QueryError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * A loaded tree-sitter grammar and its compiled facts query ({@code queries/<lang>.scm}). Loaded
 * once per language and process; both parts are immutable and safe to share between threads
 * (each thread uses its own parser and query cursor).
 */
final class Grammar {
  private static final Map<Language, Grammar> LOADED = new EnumMap<>(Language.class);

  final Language language;
  final io.github.treesitter.jtreesitter.Language tsLanguage;
  final Query query;

  private Grammar(Language language, io.github.treesitter.jtreesitter.Language tsLanguage, Query query) {
    this.language = language;
    this.tsLanguage = tsLanguage;
    this.query = query;
  }

  static synchronized Grammar of(Language language) {
    return LOADED.computeIfAbsent(language, Grammar::load);
  }

  private static Grammar load(Language language) {
    String id = language.id();
    SymbolLookup lib = SymbolLookup.libraryLookup(NativeLibraries.grammar(id), Arena.global());
    io.github.treesitter.jtreesitter.Language ts = io.github.treesitter.jtreesitter.Language.load(lib, "tree_sitter_" + id);
    String resource = "/dev/symdex/engine/queries/" + id + ".scm";
    try (InputStream in = Grammar.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing query " + resource);
      }
      return new Grammar(language, ts, new Query(ts, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (QueryError e) {
      throw new IllegalStateException("query " + resource + " does not compile: " + e.getMessage(), e);
    }
  }
}
