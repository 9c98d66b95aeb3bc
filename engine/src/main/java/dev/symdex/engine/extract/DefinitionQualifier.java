package dev.symdex.engine.extract;

import dev.symdex.engine.extract.FactsCollector.RawContainer;
import dev.symdex.engine.extract.FactsCollector.RawDef;
import dev.symdex.engine.model.Definition;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.Language;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns the definitions of one file as captured into {@link Definition}s: each one's container,
 * from nesting (definitions that can contain, and container-only nodes such as Rust impl blocks)
 * and explicit scopes (a Go receiver, C++ {@code Foo::}); its final kind (a function in a type is a
 * method, an upper-case Python variable a constant); and its visibility ({@link VisibilityRules}).
 * Nesting past {@link #MAX_NESTING_DEPTH} levels is kept flattened and counted. Charges what the
 * container names cost to the file's budget. Single use, not thread-safe.
 */
final class DefinitionQualifier {
  private static final Pattern ANGLE_ARGUMENTS = Pattern.compile("<[^<>]*>");
  private static final Pattern BRACKET_ARGUMENTS = Pattern.compile("(?<=\\w)\\[[^\\[\\]]*]");
  private static final Pattern POINTERS_AND_QUALIFIERS = Pattern.compile("^[*&]+|\\bmut\\b|'\\w+|\\bconst\\b|\\bdyn\\b");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  /**
   * Nesting levels a container keeps. A definition nested deeper is kept, under the container of
   * its {@value}th level (as if declared there), and the file is reported as flattened: real code
   * nests well under this (the public corpora: 7 at most), and a container name can then not grow
   * past {@value} names of {@link FactsCollector#MAX_NAME_CHARS} characters.
   */
  static final int MAX_NESTING_DEPTH = 32;

  /**
   * One node that qualifies what is inside it: a definition that can contain, or a container.
   * Past {@link #MAX_NESTING_DEPTH} levels, {@code qualified} stops growing (the deepest kept
   * level's). Scopes with one qualified name share one String: a name is not copied per level.
   */
  private record Scope(int start, int end, String qualified, boolean typeLike) {}

  private final Language language;
  private final ExtractionBudget budget;
  /** Definitions nested deeper than {@link #MAX_NESTING_DEPTH}, kept flattened. */
  private int flattened;

  DefinitionQualifier(Language language, ExtractionBudget budget) {
    this.language = language;
    this.budget = budget;
  }

  /** Definitions that nested deeper than {@link #MAX_NESTING_DEPTH} and were kept flattened (after {@link #qualify}). */
  int flattened() {
    return flattened;
  }

  /**
   * The definitions, in the order of {@code raw} (sorted by start, then end descending, then name
   * start), qualified by {@code containers} (in any order) and by one another.
   */
  List<Definition> qualify(RawDef[] raw, List<RawContainer> containers) {
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
    s = ANGLE_ARGUMENTS.matcher(ANGLE_ARGUMENTS.matcher(s).replaceAll("")).replaceAll("");
    s = BRACKET_ARGUMENTS.matcher(s).replaceAll("");
    s = POINTERS_AND_QUALIFIERS.matcher(s).replaceAll("").strip();
    s = SPACES.matcher(s.replace("::", ".")).replaceAll("");
    while (s.startsWith(".")) {
      s = s.substring(1);
    }
    return s.length() > FactsCollector.MAX_NAME_CHARS ? "" : s;
  }
}
