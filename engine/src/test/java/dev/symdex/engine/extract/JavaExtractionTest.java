package dev.symdex.engine.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.model.CallSite;
import dev.symdex.engine.model.Definition;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.model.TypeFacts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
        "ArrayList(java.util.ArrayList) in run@6",
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

  /** Issue 11 item 5: explicit constructor invocations and enum constants call constructors. */
  @Test
  void constructorInvocationsAndEnumConstantsAreCalls() {
    FileFacts f = facts("""
        class Sub extends p.Base<String> {
          Sub() {
            this(1);
          }
          Sub(int x) {
            super(x, "s");
          }
          enum Color {
            RED(1), GREEN,
            BLUE { void b() {} };
            Color() {}
            Color(int i) {}
          }
        }
        class Plain {
          Plain() { super(); }
        }
        """);
    List<String> calls = f.calls().stream().map(c -> c.callee() + "@" + c.line() + ":" + c.column() + " in "
        + (c.caller() < 0 ? "<file>" : f.definitions().get(c.caller()).name())).toList();
    assertEquals(List.of(
        "Sub@3:5 in Sub", // this(1): Sub's constructor, at the keyword
        "Base@6:5 in Sub", // super(x, "s"): the superclass's
        "Color@9:5 in RED", // enum constants: the enum's constructor, at the constant
        "Color@9:13 in GREEN",
        "Color@10:5 in BLUE"), calls, "super() of a class that extends nothing calls no class of the source");
    List<String> shapes = f.types().calls().stream().map(s -> s.kind() + "/" + s.arguments()).toList();
    assertEquals(List.of("THIS/1", "SUPER/2", "ENUM_CONSTANT/1", "ENUM_CONSTANT/0", "ENUM_CONSTANT/0"), shapes);
  }

  @Test
  void typeFactsOfDefinitionsLocalsAnonymousClassesAndCalls() {
    FileFacts f = facts("""
        class A<T extends Comparable<T>> extends Base<T> implements Runnable, java.io.Serializable {
          private final java.util.Map<String, @Nullable Foo> map = null;
          <U> U convert(U u, String... rest) { return u; }
          public void run() {
            Foo foo = new Foo(1, 2 /* c */, "s");
            foo.bar().baz('c', null, this, Foo.class, (Bar) x, 3L);
            for (Item it : items()) { it.go(); }
            list.forEach(x -> x.done());
            Runnable q = new Runnable() { public void run() {} };
            helper(
                1,
                2);
          }
        }
        """);
    TypeFacts t = f.types();
    List<String> defs = t.definitions().stream().map(d -> f.definitions().get(d.definition()).name() + " " + d.type() + " "
        + d.parameters() + (d.varargs() ? "..." : "") + " " + d.superclass() + " " + d.interfaces() + " "
        + d.typeParameters().stream().map(p -> p.name() + ":" + p.bound()).toList()).toList();
    assertEquals(List.of(
        "A  [] Base<T> [Runnable, java.io.Serializable] [T:Comparable<T>]",
        "map java.util.Map<String,Foo> []  [] []",
        "convert U [U, String]...  [] [U:]",
        "run void []  [] []",
        "run void []  [] []"), defs);
    List<String> locals = t.locals().stream().map(l -> l.name() + ":" + l.type() + "@" + l.line() + ":" + l.column() + "-"
        + l.endLine() + ":" + l.endColumn()).toList();
    assertEquals(List.of("u:U@3:19-3:51", "rest:String[]@3:32-3:51", "foo:Foo@5:9-13:4", "it:Item@7:15-7:41", "x:@8:18-8:31",
        "q:Runnable@9:14-13:4"), locals);
    assertEquals(List.of("Runnable@9:33-9:57"), t.anonymous().stream().map(a -> a.type() + "@" + a.line() + ":" + a.column() + "-"
        + a.endLine() + ":" + a.endColumn()).toList());
    List<String> shapes = new ArrayList<>();
    for (int i = 0; i < f.calls().size(); i++) {
      TypeFacts.CallShape s = t.calls().get(i);
      shapes.add(f.calls().get(i).callee() + " " + s.kind() + " " + s.arguments() + " recv=" + s.receiverCall() + " "
          + s.argumentList().stream().map(a -> a.call() >= 0 ? "#" + a.call() : a.text()).toList());
    }
    assertEquals(List.of(
        "Foo NEW 3 recv=-1 [1, 1, \"\"]",
        "bar METHOD 0 recv=-1 []",
        "baz METHOD 6 recv=1 ['c', null, this, Foo.class, (Bar), 1L]",
        "items METHOD 0 recv=-1 []",
        "go METHOD 0 recv=-1 []",
        "forEach METHOD 1 recv=-1 []",
        "done METHOD 0 recv=-1 []",
        "Runnable NEW 0 recv=-1 []",
        "helper METHOD 2 recv=-1 [1, 1]"), shapes, "arguments counted across lines, comments left out");
  }

  private static String describe(FileFacts f, CallSite c) {
    String caller = c.caller() < 0 ? "<file>" : f.definitions().get(c.caller()).name();
    return c.callee() + "(" + c.receiver() + ") in " + caller + "@" + c.line();
  }
}
