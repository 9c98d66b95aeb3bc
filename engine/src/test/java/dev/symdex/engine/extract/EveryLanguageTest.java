package dev.symdex.engine.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Language;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every language loads, its query compiles, and a small sample gives its definitions and a call. */
class EveryLanguageTest {
  private static final FactExtractor EXTRACTOR = new FactExtractor(5_000);

  /** A sample per language and the qualified definitions and callee it must yield. */
  record Sample(String source, List<String> definitions, String callee) {}

  static final Map<Language, Sample> SAMPLES = new EnumMap<>(Map.ofEntries(
      Map.entry(Language.JAVA, new Sample("class Foo { void bar() { baz(); } }\n", List.of("class Foo", "method Foo.bar"), "baz")),
      Map.entry(Language.PYTHON, new Sample("class Foo:\n    def bar(self):\n        baz()\n", List.of("class Foo", "method Foo.bar"), "baz")),
      Map.entry(Language.JAVASCRIPT, new Sample("class Foo { bar() { baz(); } }\nfunction qux() {}\n",
          List.of("class Foo", "method Foo.bar", "function qux"), "baz")),
      Map.entry(Language.TYPESCRIPT, new Sample("interface Api { run(): void }\nclass Foo implements Api { run(): void { baz(); } }\ntype Id = string;\n",
          List.of("interface Api", "method Api.run", "class Foo", "method Foo.run", "type Id"), "baz")),
      Map.entry(Language.TSX, new Sample("function App() { return <div onClick={() => baz()} />; }\n", List.of("function App"), "baz")),
      Map.entry(Language.GO, new Sample("package p\ntype Foo struct { x int }\nfunc (f *Foo) Bar() { baz() }\nfunc qux() {}\n",
          List.of("module p", "struct Foo", "field Foo.x", "method Foo.Bar", "function qux"), "baz")),
      Map.entry(Language.RUST, new Sample("struct Foo { x: i32 }\nimpl Foo { fn bar(&self) { baz(); } }\ntrait T { fn t(&self); }\n",
          List.of("struct Foo", "field Foo.x", "impl Foo.Foo", "method Foo.bar", "trait T", "method T.t"), "baz")),
      Map.entry(Language.C, new Sample("struct foo { int x; };\n#define MAX 3\nint bar(void) { return baz(); }\n",
          List.of("struct foo", "field foo.x", "macro MAX", "function bar"), "baz")),
      Map.entry(Language.CPP, new Sample("namespace ns {\nclass Foo { int x; void bar(); };\nvoid Foo::bar() { baz(); }\n}\n",
          List.of("module ns", "class ns.Foo", "field ns.Foo.x", "method ns.Foo.bar"), "baz")),
      Map.entry(Language.CSHARP, new Sample("namespace N { class Foo { void Bar() { Baz(); } } }\n",
          List.of("module N", "class N.Foo", "method N.Foo.Bar"), "Baz")),
      Map.entry(Language.RUBY, new Sample("module M\n  class Foo\n    def bar\n      baz(1)\n    end\n  end\nend\n",
          List.of("module M", "class M.Foo", "method M.Foo.bar"), "baz")),
      Map.entry(Language.BASH, new Sample("greet() {\n  echo hi\n}\ngreet\n", List.of("function greet"), "echo"))));

  @Test
  void everyLanguageHasASampleAndAQuery() throws IOException {
    for (Language l : Language.values()) {
      assertTrue(SAMPLES.containsKey(l), "no sample for " + l);
      try (InputStream in = getClass().getResourceAsStream("/dev/symdex/engine/queries/" + l.queryId() + ".scm")) {
        assertTrue(in != null, "no query for " + l);
      }
    }
  }

  @Test
  void everyLanguageExtractsItsSample() {
    for (Map.Entry<Language, Sample> e : SAMPLES.entrySet()) {
      Extraction x = EXTRACTOR.extract(e.getKey(), e.getValue().source().getBytes(StandardCharsets.UTF_8));
      assertTrue(x.facts().isPresent(), e.getKey() + ": " + x.failure());
      FileFacts f = x.facts().get();
      List<String> defs = f.definitions().stream().map(d -> d.kind().label() + " " + d.qualifiedName()).toList();
      assertEquals(e.getValue().definitions(), defs, e.getKey().toString());
      assertTrue(f.calleeNames().contains(e.getValue().callee()), e.getKey() + " calls " + f.calleeNames());
      assertFalse(f.syntaxErrors(), e.getKey() + " sample parses cleanly");
    }
  }

  @Test
  void tsxUsesTheTypeScriptQuery() {
    assertEquals("typescript", Language.TSX.queryId(), "one query file for both grammars, never two to keep in step");
    assertEquals("javascript", Language.JAVASCRIPT.queryId());
  }
}
