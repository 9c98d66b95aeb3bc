package dev.symdex.engine.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.model.CallSite;
import dev.symdex.engine.model.Definition;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Language;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaExtractionTest {
  private static final FactExtractor EXTRACTOR = new FactExtractor(5_000);

  static FileFacts facts(String source) {
    Extraction x = EXTRACTOR.extract(Language.JAVA, source.getBytes(StandardCharsets.UTF_8));
    assertTrue(x.facts().isPresent(), x.failure());
    return x.facts().get();
  }

  static List<String> defs(FileFacts f) {
    return f.definitions().stream()
        .map(d -> d.kind().label() + " " + d.qualifiedName() + " @" + d.line() + ":" + d.column() + "-" + d.endLine())
        .toList();
  }

  @Test
  void definitionsOfEveryKindWithContainersAndSpans() {
    FileFacts f = facts("""
        package p;
        public class Outer {
          int a, b;
          static final String NAME = "x";
          Outer() {}
          void run() {}
          interface Api { int K = 1; void call(); }
          enum Color { RED, GREEN }
          record Point(int x, int y) { Point {} }
          @interface Marker { String value(); }
        }
        """);
    assertEquals(List.of(
        "module p @1:9-1",
        "class Outer @2:14-11",
        "field Outer.a @3:7-3",
        "field Outer.b @3:10-3",
        "field Outer.NAME @4:23-4",
        "constructor Outer.Outer @5:3-5",
        "method Outer.run @6:8-6",
        "interface Outer.Api @7:13-7",
        "constant Outer.Api.K @7:23-7",
        "method Outer.Api.call @7:35-7",
        "enum Outer.Color @8:8-8",
        "constant Outer.Color.RED @8:16-8",
        "constant Outer.Color.GREEN @8:21-8",
        "record Outer.Point @9:10-9",
        "constructor Outer.Point.Point @9:32-9",
        "annotation Outer.Marker @10:14-10",
        "method Outer.Marker.value @10:30-10"), defs(f));
    assertFalse(f.syntaxErrors());
  }

  @Test
  void callsNameTheirCallerAndReceiver() {
    FileFacts f = facts("""
        class B {
          Foo field = make();
          void run() {
            new Foo().bar();
            helper(1);
            java.util.List<String> l = new java.util.ArrayList<>();
            l.forEach(System.out::println);
          }
          static Foo make() { return new Foo(); }
        }
        """);
    List<String> calls = f.calls().stream().map(c -> describe(f, c)).toList();
    assertEquals(List.of(
        "make() in field@2",
        "Foo() in run@4",
        "bar(new Foo()) in run@4",
        "helper() in run@5",
        "ArrayList() in run@6",
        "forEach(l) in run@7",
        "println(System.out) in run@7",
        "Foo() in make@9"), calls);
  }

  @Test
  void referencesExcludeDefinitionNamesAndImportsAreQualified() {
    FileFacts f = facts("""
        import java.util.List;
        import static java.util.Objects.requireNonNull;
        import java.io.*;
        class A extends Base {
          List<Foo> items;
        }
        """);
    assertEquals(List.of("java.util.List", "static java.util.Objects.requireNonNull", "java.io.*"),
        f.imports().stream().map(i -> i.text()).toList());
    List<String> refs = f.references().stream().map(r -> r.name()).toList();
    assertTrue(refs.containsAll(List.of("Base", "List", "Foo", "requireNonNull")), refs.toString());
    assertFalse(refs.contains("A"), "a definition name is not a reference");
    assertFalse(refs.contains("items"), "a definition name is not a reference");
    assertEquals(5, f.references().stream().filter(r -> r.name().equals("Foo")).findFirst().get().line());
  }

  @Test
  void brokenSourceGivesPartialFactsAndSaysSo() {
    FileFacts f = facts("class Ok { void fine() {} }\nclass Broken { void x( { }\n");
    assertTrue(f.syntaxErrors());
    assertTrue(f.definitions().stream().anyMatch(d -> d.name().equals("fine") && d.kind() == DefinitionKind.METHOD));
  }

  @Test
  void nonAsciiTextKeepsColumnsInUtf16Units() {
    FileFacts f = facts("class Ünïcödé { String s = \"日本語\"; void après() {} }\n");
    Definition m = f.definitions().stream().filter(d -> d.name().equals("après")).findFirst().orElseThrow();
    assertEquals("class Ünïcödé { String s = \"日本語\"; void ".length() + 1, m.column());
  }

  private static String describe(FileFacts f, CallSite c) {
    String caller = c.caller() < 0 ? "<file>" : f.definitions().get(c.caller()).name();
    return c.callee() + "(" + c.receiver() + ") in " + caller + "@" + c.line();
  }
}
