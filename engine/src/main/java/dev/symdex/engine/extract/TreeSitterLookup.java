package dev.symdex.engine.extract;

import io.github.treesitter.jtreesitter.NativeLibraryLookup;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;

/** Tells jtreesitter where the tree-sitter core is (service provider, see META-INF/services). */
public final class TreeSitterLookup implements NativeLibraryLookup {
  @Override
  public SymbolLookup get(Arena arena) {
    return SymbolLookup.libraryLookup(NativeLibraries.core(), arena);
  }
}
