package dev.symdex.engine.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Language;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 5: a call whose arguments (or receiver chain) span lines is reported at its
 * callee's name, line and column, in every language (Rust: RustExtractionTest; Java: its own).
 */
class MultiLineCallsTest {
  private static List<String> sites(Language language, String source) {
    FileFacts f = JavaScriptExtractionTest.facts(language, source);
    return f.calls().stream().map(c -> c.callee() + " " + c.line() + ":" + c.column()).toList();
  }

  @Test
  void pythonGoAndRuby() {
    assertEquals(List.of("foo 2:5", "method 5:9", "chain 8:10"),
        sites(Language.PYTHON, "def f():\n    foo(\n        1,\n        2)\n    obj.method(\n        3)\n    obj \\\n        .chain(4)\n"));
    assertEquals(List.of("foo 4:2", "Method 7:6", "Chain 10:3"),
        sites(Language.GO, "package p\n\nfunc f() {\n\tfoo(\n\t\t1,\n\t\t2)\n\tobj.Method(\n\t\t3)\n\tobj.\n\t\tChain(4)\n}\n"));
    assertEquals(List.of("foo 2:3", "meth 5:7"), sites(Language.RUBY, "def f\n  foo(\n    1,\n    2)\n  obj.meth(\n    3)\nend\n"));
  }

  @Test
  void javaScriptAndTypeScript() {
    String js = "function f() {\n  foo(\n    1,\n    2);\n  obj\n    .chain(\n      4);\n  new Thing(\n    5);\n}\n";
    assertEquals(List.of("foo 2:3", "chain 6:6", "Thing 8:7"), sites(Language.JAVASCRIPT, js));
    assertEquals(List.of("foo 2:3", "method 5:7"),
        sites(Language.TYPESCRIPT, "function f() {\n  foo<T>(\n    1,\n    2);\n  obj.method(\n    3);\n}\n"));
  }

  @Test
  void theCFamily() {
    assertEquals(List.of("foo 2:3", "method 5:6"), sites(Language.C, "void f(void) {\n  foo(\n    1,\n    2);\n  s->method(\n    3);\n}\n"));
    assertEquals(List.of("foo 2:3", "method 5:7", "call 7:7"),
        sites(Language.CPP, "void f() {\n  foo(\n    1,\n    2);\n  obj.method(\n    3);\n  ns::call(\n    4);\n}\n"));
    assertEquals(List.of("Foo 3:5", "Method 6:9"),
        sites(Language.CSHARP, "class A {\n  void F() {\n    Foo(\n      1,\n      2);\n    obj.Method(\n      3);\n  }\n}\n"));
  }
}
