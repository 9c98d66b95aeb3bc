package dev.symdex.engine.query;

import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.ChangeSet;
import dev.symdex.engine.index.ProgressListener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.Language;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.TreeSet;

/** Definition search modes and filters, file outlines and cancellation, on a real index. */
class DefinitionSearchTest {
  @TempDir Path root;
  @TempDir Path data;
  private Engine engine;

  @BeforeEach
  void index() throws Exception {
    write("src/app/Names.java", """
        package app;
        public class Names {
          private String symbolName;
          public String getSymbolName() { return symbolName; }
          public int getSize() { return 0; }
          void setSymbolName(String s) { symbolName = s; }
          static class Inner { void getSN() {} }
        }
        """);
    write("src/lib/names.py", "def get_symbol_name():\n    pass\n\ndef getSize():\n    pass\n");
    write("test/NamesTest.java", "class NamesTest { void getSymbolName() {} }\n");
    for (int i = 0; i < 300; i++) {
      write("many/M" + i + ".java", "class M" + i + " { void m" + i + "() {} }\n");
    }
    engine = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS);
    engine.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private void write(String rel, String text) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private List<String> find(DefinitionQuery q, int limit) throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      return s.findDefinitions(q, limit).hits().stream().map(h -> h.path() + " " + h.name() + " " + h.kind()).toList();
    }
  }

  private static DefinitionQuery q(String pattern, DefinitionQuery.Match m) {
    return new DefinitionQuery(pattern, m, Set.of(), Set.of(), "");
  }

  @Test
  void exactPrefixAndFuzzyInTheirOrders() throws Exception {
    assertEquals(List.of("src/app/Names.java getSymbolName method", "test/NamesTest.java getSymbolName method"),
        find(q("getSymbolName", DefinitionQuery.Match.EXACT), 10));
    assertEquals(List.of("src/app/Names.java getSN method", "src/app/Names.java getSize method", "src/lib/names.py getSize function",
        "src/app/Names.java getSymbolName method", "test/NamesTest.java getSymbolName method"),
        find(q("getS", DefinitionQuery.Match.PREFIX), 10), "by name in byte order, then path");
    assertEquals(List.of("src/app/Names.java getSN method", "src/app/Names.java getSymbolName method",
        "test/NamesTest.java getSymbolName method", "src/lib/names.py get_symbol_name function"),
        find(q("gSN", DefinitionQuery.Match.FUZZY), 10), "humps from the start, shortest name first");
    assertEquals(List.of("src/app/Names.java symbolName field", "src/app/Names.java setSymbolName method", "src/app/Names.java getSN method",
        "src/app/Names.java getSymbolName method", "test/NamesTest.java getSymbolName method", "src/lib/names.py get_symbol_name function"),
        find(q("sN", DefinitionQuery.Match.FUZZY), 10), "from the first hump, then from a later one");
  }

  @Test
  void filtersByKindLanguageAndPathPrefix() throws Exception {
    assertEquals(List.of("src/lib/names.py getSize function"),
        find(new DefinitionQuery("getSize", DefinitionQuery.Match.EXACT, Set.of(), Set.of(Language.PYTHON), ""), 10));
    assertEquals(List.of("src/app/Names.java getSize method"),
        find(new DefinitionQuery("getSize", DefinitionQuery.Match.EXACT, Set.of(DefinitionKind.METHOD), Set.of(), ""), 10));
    assertEquals(List.of("test/NamesTest.java getSymbolName method"),
        find(new DefinitionQuery("gSN", DefinitionQuery.Match.FUZZY, Set.of(), Set.of(), "test/"), 10));
    assertEquals(List.of("src/app/Names.java symbolName field"),
        find(new DefinitionQuery("sym", DefinitionQuery.Match.FUZZY, Set.of(DefinitionKind.FIELD), Set.of(), ""), 10));
  }

  @Test
  void limitsTruncateAndSaySo() throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      QueryResult prefix = s.findDefinitions(q("m", DefinitionQuery.Match.PREFIX), 299);
      assertEquals(299, prefix.hits().size());
      assertTrue(prefix.truncated());
      assertFalse(s.findDefinitions(q("m", DefinitionQuery.Match.PREFIX), 300).truncated(), "m0 .. m299, over several batches");
      QueryResult fuzzy = s.findDefinitions(q("m2", DefinitionQuery.Match.FUZZY), 5);
      assertEquals(List.of("m2", "M2", "M20", "M21", "M22"), fuzzy.hits().stream().map(Hit::name).toList(),
          "exact, then ignoring case, then prefixes by length and name");
      assertTrue(fuzzy.truncated());
    }
  }

  @Test
  void fuzzyRanksLikeRankingEveryNameAndLimitsCutThatOrder() throws Exception {
    Set<String> names = new TreeSet<>();
    try (Searcher s = Searcher.open(engine)) {
      List<String> paths = new ArrayList<>();
      s.snapshot().forEachFile((path, st) -> paths.add(path));
      for (String path : paths) {
        s.outline(path).forEach(h -> names.add(h.name()));
      }
    }
    for (String pattern : List.of("m2", "gSN", "sN", "M", "get", "ize", "gsz", "1", "_s", "Names")) {
      NameMatch m = new NameMatch(pattern);
      List<String> expected = names.stream().filter(n -> m.tier(n) != NameMatch.NO_MATCH)
          .sorted(Comparator.comparingInt(m::tier).thenComparingInt(String::length).thenComparing(n -> n)).toList();
      List<String> all = find(q(pattern, DefinitionQuery.Match.FUZZY), 10_000);
      assertEquals(expected, all.stream().map(r -> r.split(" ")[1]).distinct().toList(), pattern);
      assertEquals(all.subList(0, Math.min(7, all.size())), find(q(pattern, DefinitionQuery.Match.FUZZY), 7), pattern);
    }
  }

  @Test
  void outlineListsAFilesDefinitionsInSourceOrder() throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      assertEquals(List.of("1-1 module app  package", "2-8 class Names  public", "3-3 field symbolName Names private", "4-4 method getSymbolName Names public",
          "5-5 method getSize Names public", "6-6 method setSymbolName Names package", "7-7 class Inner Names package",
          "7-7 method getSN Names.Inner package"),
          s.outline("src/app/Names.java").stream()
              .map(h -> h.line() + "-" + h.endLine() + " " + h.kind() + " " + h.name() + " " + h.container() + " " + h.visibility()).toList());
      assertThrows(SymdexException.NotFound.class, () -> s.outline("src/app/Missing.java"));
    }
  }

  @Test
  void aCancelledQueryStopsAtItsNextCheck() throws Exception {
    try (Searcher s = Searcher.open(engine)) {
      AtomicInteger polls = new AtomicInteger();
      s.cancelWhen(() -> polls.incrementAndGet() >= 3);
      assertThrows(SymdexException.Cancelled.class, () -> s.findDefinitions(q("m", DefinitionQuery.Match.PREFIX), 1000));
      assertEquals(3, polls.get(), "stopped at the poll that said so, two files in (not after the 300)");
      s.cancelWhen(() -> true);
      assertThrows(SymdexException.Cancelled.class, () -> s.references("symbolName", 1000));
      assertThrows(SymdexException.Cancelled.class, () -> s.callGraph().callers("m1", "", 5, 1000, 1000));
      assertThrows(SymdexException.Cancelled.class, () -> s.findDefinitions(q("zzz", DefinitionQuery.Match.FUZZY), 10),
          "the name scan polls too");
    }
  }
}
