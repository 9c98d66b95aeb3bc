package dev.symdex.engine.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.model.CallSite;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Language;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PythonExtractionTest {
  private static final FactExtractor EXTRACTOR = new FactExtractor(5_000);

  static FileFacts facts(String source) {
    Extraction x = EXTRACTOR.extract(Language.PYTHON, source.getBytes(StandardCharsets.UTF_8));
    assertTrue(x.facts().isPresent(), x.failure());
    return x.facts().get();
  }

  @Test
  void definitionsWithMethodsConstantsAndNesting() {
    FileFacts f = facts("""
        MAX_SIZE = 10
        counter = 0

        class Foo(Base):
            kind = "foo"

            def bar(self):
                def inner():
                    pass
                return inner

            @staticmethod
            def make():
                return Foo()

        def main():
            Foo().bar()
        """);
    assertEquals(List.of(
        "constant MAX_SIZE @1:1-1",
        "variable counter @2:1-2",
        "class Foo @4:7-14",
        "field Foo.kind @5:5-5",
        "method Foo.bar @7:9-10",
        "function Foo.bar.inner @8:13-9",
        "method Foo.make @13:9-14",
        "function main @16:5-17"), JavaExtractionTest.defs(f));
  }

  @Test
  void callsImportsAndReferences() {
    FileFacts f = facts("""
        import os.path
        from a import Foo as F, bar
        from . import sibling

        def main():
            F().bar()
            os.path.join("a", "b")
        print("top")
        """);
    assertEquals(List.of("import os.path", "from a import Foo as F, bar", "from . import sibling"),
        f.imports().stream().map(i -> i.text()).toList());
    List<String> calls = f.calls().stream().map(c -> describe(f, c)).toList();
    assertEquals(List.of("F() in main@6", "bar(F()) in main@6", "join(os.path) in main@7", "print() in <file>@8"), calls);
    List<String> refs = f.references().stream().map(r -> r.name()).toList();
    assertTrue(refs.containsAll(List.of("os", "path", "a", "Foo", "F", "bar", "sibling", "join", "print")), refs.toString());
    assertFalse(refs.contains("main"));
  }

  private static String describe(FileFacts f, CallSite c) {
    String caller = c.caller() < 0 ? "<file>" : f.definitions().get(c.caller()).name();
    return c.callee() + "(" + c.receiver() + ") in " + caller + "@" + c.line();
  }
}
