package dev.symdex.engine.index;

import dev.symdex.engine.query.CallGraph;
import dev.symdex.engine.query.Hit;
import dev.symdex.engine.query.Searcher;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.resolve.CallTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 6: Java calls resolve as javac attributes them, on a real index of small trees:
 * by the receiver's declared type, through the class hierarchy, by arity and argument types, and
 * through static imports; constructors by their arguments. Each tree has a decoy that a
 * resolution by name alone (same file, imported files, same directory, anywhere) picks too.
 */
class JavaCallResolutionTest {
  @TempDir Path root;
  @TempDir Path data;
  private Engine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private void write(String rel, String text) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  /** The candidates of the call of {@code callee} at {@code line} of {@code path}, as {@code path:line}. */
  private List<String> targets(String path, int line, String callee) throws Exception {
    if (engine == null) {
      engine = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS);
      engine.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
    }
    try (Searcher s = Searcher.open(engine)) {
      List<CallGraph.Site> sites = s.callGraph().calls(path).stream()
          .filter(x -> x.call().line() == line && x.call().callee().equals(callee)).toList();
      assertEquals(1, sites.size(), "one call of " + callee + " at " + path + ":" + line + ": " + sites);
      return sites.getFirst().targets().stream().map(t -> t.path() + ":" + t.line()).sorted().toList();
    }
  }

  @Test
  void theReceiversDeclaredTypePicksTheMethod() throws Exception {
    write("p/A.java", "package p;\npublic class A {\n  public void run() {}\n}\n");
    write("p/B.java", "package p;\npublic class B {\n  public void run() {}\n}\n");
    write("p/Use.java", """
        package p;
        class Use {
          A field;
          void go(B param) {
            A local = new A();
            local.run();
            param.run();
            field.run();
            this.field.run();
            new B().run();
            ((A) null).run();
          }
        }
        """);
    assertEquals(List.of("p/A.java:3"), targets("p/Use.java", 6, "run"), "a local");
    assertEquals(List.of("p/B.java:3"), targets("p/Use.java", 7, "run"), "a parameter");
    assertEquals(List.of("p/A.java:3"), targets("p/Use.java", 8, "run"), "a field");
    assertEquals(List.of("p/A.java:3"), targets("p/Use.java", 9, "run"), "this.field");
    assertEquals(List.of("p/B.java:3"), targets("p/Use.java", 10, "run"), "new B()");
    assertEquals(List.of("p/A.java:3"), targets("p/Use.java", 11, "run"), "a cast");
  }

  @Test
  void theClassHierarchyIsWalkedAndAnOverrideWins() throws Exception {
    write("p/Base.java", "package p;\npublic class Base implements Api {\n  public void go() {}\n}\n");
    write("p/Api.java", "package p;\npublic interface Api {\n  void go();\n  void api();\n}\n");
    write("p/Sub.java", "package p;\npublic class Sub extends Base {\n}\n");
    write("p/Over.java", "package p;\npublic class Over extends Base {\n  @Override public void go() {}\n  void local() { go(); }\n}\n");
    write("q/Decoy.java", "package q;\npublic class Decoy {\n  public void go() {}\n  public void api() {}\n}\n");
    write("p/Use.java", """
        package p;
        class Use {
          void use(Sub s, Over o, Api a) {
            s.go();
            o.go();
            s.api();
            a.go();
          }
        }
        """);
    assertEquals(List.of("p/Base.java:3"), targets("p/Use.java", 4, "go"), "inherited from the superclass");
    assertEquals(List.of("p/Over.java:3"), targets("p/Use.java", 5, "go"), "the override");
    assertEquals(List.of("p/Api.java:4"), targets("p/Use.java", 6, "api"), "from an interface of the superclass");
    assertEquals(List.of("p/Api.java:3"), targets("p/Use.java", 7, "go"), "declared in the receiver's interface");
    assertEquals(List.of("p/Over.java:3"), targets("p/Over.java", 4, "go"), "unqualified: the enclosing class first");
  }

  @Test
  void arityAndArgumentTypesPickTheOverload() throws Exception {
    write("p/Calc.java", """
        package p;
        public class Calc {
          public int add(int a) { return a; }
          public int add(int a, int b) { return a + b; }
          public void put(String s) {}
          public void put(int i) {}
          public void put(Object o) {}
          public void all(String... names) {}
          Calc() {}
          Calc(String name) {}
          Calc(int size, int step) {}
        }
        """);
    write("p/Use.java", """
        package p;
        class Use {
          void use(Calc c, Long boxed) {
            c.add(1, 2);
            c.put("x");
            c.put(3);
            c.put(boxed);
            c.all("a", "b", "c");
            new Calc("n");
            new Calc(1, 2);
          }
        }
        """);
    assertEquals(List.of("p/Calc.java:4"), targets("p/Use.java", 4, "add"), "two arguments");
    assertEquals(List.of("p/Calc.java:5"), targets("p/Use.java", 5, "put"), "a String");
    assertEquals(List.of("p/Calc.java:6"), targets("p/Use.java", 6, "put"), "an int");
    assertEquals(List.of("p/Calc.java:7"), targets("p/Use.java", 7, "put"), "a Long: only Object takes it");
    assertEquals(List.of("p/Calc.java:8"), targets("p/Use.java", 8, "all"), "varargs");
    assertEquals(List.of("p/Calc.java:10"), targets("p/Use.java", 9, "Calc"), "the constructor taking a String");
    assertEquals(List.of("p/Calc.java:11"), targets("p/Use.java", 10, "Calc"), "the constructor taking two ints");
  }

  @Test
  void staticImportsAndExternalReceivers() throws Exception {
    write("p/util/Checks.java", "package p.util;\npublic final class Checks {\n  public static void check(boolean b) {}\n}\n");
    write("p/Other.java", "package p;\nclass Other {\n  static void check(boolean b) {}\n  int length() { return 0; }\n"
        + "  static void assertEquals(long a, long b) {}\n}\n");
    write("p/Use.java", """
        package p;
        import static p.util.Checks.check;
        import static org.junit.Assert.assertEquals;
        class Use {
          void use(String s) {
            check(true);
            s.length();
            assertEquals(1, 2);
          }
        }
        """);
    assertEquals(List.of("p/util/Checks.java:3"), targets("p/Use.java", 6, "check"), "the statically imported method");
    assertEquals(List.of(), targets("p/Use.java", 7, "length"), "String's length(), outside the tree");
    assertEquals(List.of(), targets("p/Use.java", 8, "assertEquals"), "JUnit's, imported statically: not Other's");
  }

  @Test
  void constructorsOfNewThisSuperAndEnumConstants() throws Exception {
    write("p/Base.java", "package p;\npublic class Base {\n  Base(int x) {}\n  Base(String s) {}\n}\n");
    write("p/Sub.java", """
        package p;
        class Sub extends Base {
          Sub() {
            this(1);
          }
          Sub(int x) {
            super(x);
          }
          enum Mode {
            ON(true),
            OFF;
            Mode() {}
            Mode(boolean b) {}
          }
          static class NoConstructor {}
          Object make() { return new NoConstructor(); }
        }
        """);
    assertEquals(List.of("p/Sub.java:6"), targets("p/Sub.java", 4, "Sub"), "this(1)");
    assertEquals(List.of("p/Base.java:3"), targets("p/Sub.java", 7, "Base"), "super(x) with an int");
    assertEquals(List.of("p/Sub.java:13"), targets("p/Sub.java", 10, "Mode"), "ON(true)");
    assertEquals(List.of("p/Sub.java:12"), targets("p/Sub.java", 11, "Mode"), "OFF");
    assertEquals(List.of("p/Sub.java:15"), targets("p/Sub.java", 16, "NoConstructor"), "no constructor declared: the class");
  }

  @Test
  void genericsCarryTypesAlongChains() throws Exception {
    write("p/Item.java", "package p;\npublic class Item {\n  public void use() {}\n}\n");
    write("p/Other.java", "package p;\npublic class Other {\n  public void use() {}\n}\n");
    write("p/Box.java", "package p;\npublic class Box<T> {\n  public T get() { return null; }\n  public Box<T> self() { return this; }\n}\n");
    write("p/Use.java", """
        package p;
        import java.util.List;
        import java.util.Map;
        class Use {
          void use(List<Item> items, Map<String, Item> byName, Box<Item> box) {
            items.get(0).use();
            byName.values().iterator().next().use();
            box.self().get().use();
          }
        }
        """);
    assertEquals(List.of("p/Item.java:3"), targets("p/Use.java", 6, "use"), "List<Item>.get");
    assertEquals(List.of("p/Item.java:3"), targets("p/Use.java", 7, "use"), "Map<String, Item>.values().iterator().next()");
    assertEquals(List.of("p/Item.java:3"), targets("p/Use.java", 8, "use"), "Box<Item>.self().get()");
  }

  @Test
  void genericReturnsStaticallyImportedFieldsAndAnonymousClassMembers() throws Exception {
    write("p/Item.java", "package p;\npublic class Item {\n  public void use() {}\n}\n");
    write("p/Other.java", "package p;\npublic class Other {\n  public void use() {}\n  void helper() {}\n}\n");
    write("p/Consts.java", "package p;\npublic final class Consts {\n  public static final Item ITEM = new Item();\n}\n");
    write("p/Use.java", """
        package p;
        import static p.Consts.ITEM;
        class Use {
          static <T> T checkNotNull(T ref) { return ref; }
          void use(Item item) {
            checkNotNull(item).use();
            ITEM.use();
            Runnable r = new Runnable() {
              public void run() { helper(); }
              void helper() {}
            };
          }
          void helper() {}
        }
        """);
    assertAll(
        () -> assertEquals(List.of("p/Item.java:3"), targets("p/Use.java", 6, "use"), "<T> T checkNotNull(T): the argument's type"),
        () -> assertEquals(List.of("p/Item.java:3"), targets("p/Use.java", 7, "use"), "a field imported statically"),
        () -> assertEquals(List.of("p/Use.java:10"), targets("p/Use.java", 9, "helper"),
            "the anonymous class's own method, not the enclosing class's"));
  }

  @Test
  void overloadsStrictBeforeVarargsArrayBracketsAfterTheNameAndJdkSupertypes() throws Exception {
    write("p/Out.java", """
        package p;
        public class Out {
          public void g(String... xs) {}
          public void g(String a, String b) {}
          public void h(byte b[]) {}
          public void h(int i) {}
          public void k(java.lang.reflect.Type t) {}
          public void k(String s) {}
        }
        """);
    write("p/Use.java", """
        package p;
        class Use {
          void use(Out o, byte[] bytes, Class<?> c) {
            o.g("a", "b");
            o.h(bytes);
            o.k(c);
          }
        }
        """);
    assertAll(
        () -> assertEquals(List.of("p/Out.java:4"), targets("p/Use.java", 4, "g"), "applicable without spreading varargs first"),
        () -> assertEquals(List.of("p/Out.java:5"), targets("p/Use.java", 5, "h"), "byte b[] is a byte[] parameter"),
        () -> assertEquals(List.of("p/Out.java:7"), targets("p/Use.java", 6, "k"), "a Class is a Type, not a String"));
  }

  @Test
  void noArgumentsPickTheMethodOrConstructorWithoutVarargs() throws Exception {
    write("p/Lists.java", """
        package p;
        public final class Lists {
          public static Lists of() { return null; }
          public static Lists of(String... items) { return null; }
          Lists() {}
          Lists(int... sizes) {}
        }
        """);
    write("p/Use.java", "package p;\nclass Use {\n  Object a = Lists.of();\n  Object b = new Lists();\n  Object c = Lists.of(\"x\");\n}\n");
    assertAll(
        () -> assertEquals(List.of("p/Lists.java:3"), targets("p/Use.java", 3, "of"), "of() over of(String...)"),
        () -> assertEquals(List.of("p/Lists.java:5"), targets("p/Use.java", 4, "Lists"), "Lists() over Lists(int...)"),
        () -> assertEquals(List.of("p/Lists.java:4"), targets("p/Use.java", 5, "of"), "one argument: only the varargs"));
  }

  @Test
  void anArrayCreationIsTypedAsItsArray() throws Exception {
    write("p/Booleans.java", """
        package p;
        public final class Booleans {
          public static int indexOf(boolean[] array, boolean target) { return 0; }
          public static int indexOf(boolean[] array, boolean[] target) { return 0; }
          public static int count(String[][] table) { return 0; }
          public static int count(String[] row) { return 0; }
        }
        """);
    write("p/Use.java", """
        package p;
        class Use {
          int a = Booleans.indexOf(new boolean[0], new boolean[0]);
          int b = Booleans.count(new String[] {"x"});
          int c = Booleans.count(new String[2][]);
        }
        """);
    assertAll(
        () -> assertEquals(List.of("p/Booleans.java:4"), targets("p/Use.java", 3, "indexOf"), "new boolean[0] is a boolean[]"),
        () -> assertEquals(List.of("p/Booleans.java:6"), targets("p/Use.java", 4, "count"), "new String[] {...} is a String[]"),
        () -> assertEquals(List.of("p/Booleans.java:5"), targets("p/Use.java", 5, "count"), "new String[2][] is a String[][]"));
  }

  @Test
  void aClassLiteralTypesWhatAGenericMethodOfClassTReturns() throws Exception {
    write("p/Tag.java", "package p;\npublic @interface Tag {\n  String name();\n}\n");
    write("p/Item.java", "package p;\npublic class Item {\n  public void use() {}\n}\n");
    write("p/Other.java", "package p;\npublic class Other {\n  public String name() { return null; }\n  public void use() {}\n}\n");
    write("p/Use.java", """
        package p;
        import java.lang.reflect.Field;
        class Use {
          static <T> T lookup(Class<T> type) { return null; }
          void use(Field f) {
            f.getAnnotation(Tag.class).name();
            lookup(Item.class).use();
          }
        }
        """);
    assertAll(
        () -> assertEquals(List.of("p/Tag.java:3"), targets("p/Use.java", 6, "name"), "the JDK's <A> A getAnnotation(Class<A>)"),
        () -> assertEquals(List.of("p/Item.java:3"), targets("p/Use.java", 7, "use"), "<T> T lookup(Class<T>) of the tree"));
  }

  @Test
  void callersOfADefinitionAreTheCallsTypedToIt() throws Exception {
    write("p/A.java", "package p;\npublic class A {\n  public void run() {}\n}\n");
    write("p/B.java", "package p;\npublic class B {\n  public void run() {}\n}\n");
    write("p/Use.java", "package p;\nclass Use {\n  void ua(A a) { a.run(); }\n  void ub(B b) { b.run(); }\n}\n");
    targets("p/Use.java", 3, "run");
    try (Searcher s = Searcher.open(engine)) {
      CallGraph g = s.callGraph();
      assertEquals(List.of("ua"), g.callersOf("run", "p/A.java", 10).hits().stream().map(Hit::name).toList());
      assertEquals(List.of("ub"), g.callersOf("run", "p/B.java", 10).hits().stream().map(Hit::name).toList());
      List<CallTarget> t = g.callees("ua", 10).hits().getFirst().targets();
      assertEquals(List.of("p/A.java:3 typed 1.0"), t.stream().map(x -> x.path() + ":" + x.line() + " " + x.tier() + " " + x.confidence()).toList());
    }
  }
}
