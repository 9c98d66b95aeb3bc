package dev.symdex.engine.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Language;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CppExtractionTest {
  private static final FactExtractor EXTRACTOR = new FactExtractor(5_000);

  static FileFacts facts(String source) {
    Extraction x = EXTRACTOR.extract(Language.CPP, source.getBytes(StandardCharsets.UTF_8));
    assertTrue(x.facts().isPresent(), x.failure());
    return x.facts().get();
  }

  @Test
  void classMembersConstructorsDestructorsAndOperators() {
    FileFacts f = facts("""
        namespace app {
        template <typename T>
        class Box : public Base<T> {
         public:
          explicit Box(T v) : v_(v) {}
          ~Box() override {}
          T* get() const { return &v_; }
          const std::string& name() const { return name_; }
          bool operator==(const Box& o) const { return v_ == o.v_; }
          Box& operator = (const Box&) = default;
          operator bool() const { return true; }
          template <class U> U as() { return U(v_); }
          static Box* make();
          virtual void run() = 0;
          void empty() { };
         private:
          T v_;
          std::string name_;
          struct Inner { int y; } inner;
        };
        }
        """);
    assertEquals(List.of(
        "module app @1",
        "class app.Box @3",
        "constructor app.Box.Box @5",
        "constructor app.Box.~Box @6",
        "method app.Box.get @7",
        "method app.Box.name @8",
        "method app.Box.operator== @9",
        "method app.Box.operator bool @11",
        "method app.Box.as @12",
        "method app.Box.empty @15",
        "field app.Box.v_ @17",
        "field app.Box.name_ @18",
        "field app.Box.inner @19",
        "struct app.Box.Inner @19",
        "field app.Box.Inner.y @19"), CExtractionTest.defs(f));
    assertFalse(f.syntaxErrors());
  }

  @Test
  void constructorsUnderAnIfInTheClassBody() {
    FileFacts f = facts("class A {\n#if X\n  A() : y(1) {}\n#endif\n  int y;\n};\n");
    assertEquals(List.of("class A @1", "constructor A.A @3", "field A.y @5"), CExtractionTest.defs(f));
  }

  @Test
  void outOfClassDefinitionsAreQualifiedByTheirScope() {
    FileFacts f = facts("""
        namespace a::b {
        class Foo { void bar(); };
        }
        void a::b::Foo::bar() {}
        a::b::Foo::Foo(int x) : x_(x) {}
        a::b::Foo::~Foo() {}
        template <typename T> T* Box<T>::make() { return nullptr; }
        template <> int Box<int>::as<int>() { return 1; }
        Foo::operator bool() const { return false; }
        bool Foo::operator<(const Foo& o) const { return false; }
        std::ostream& operator<<(std::ostream& os, const Foo& f) { return os; }
        template <typename T> T max_of(T a, T b) { return a > b ? a : b; }
        class ns::Outer::Inner {};
        """);
    assertEquals(List.of(
        "module a @1",
        "module a.b @1",
        "class a.b.Foo @2",
        "method a.b.Foo.bar @4",
        "constructor a.b.Foo.Foo @5",
        "constructor a.b.Foo.~Foo @6",
        "method Box.make @7",
        "method Box.as @8",
        "method Foo.operator bool @9",
        "method Foo.operator< @10",
        "function operator<< @11",
        "function max_of @12",
        "class ns.Outer.Inner @13"), CExtractionTest.defs(f));
  }

  @Test
  void typesAliasesEnumsVariablesAndMacros() {
    FileFacts f = facts("""
        #define VERSION 2
        enum class Color : int { Red, Green };
        using Id = int;
        typedef void (*cb_t)(int);
        union U { int i; };
        int counter = 0;
        static const char* names[] = {"a"};
        extern int declared;
        namespace ns { int inside = 1; }
        extern "C" { int c_linkage; }
        int proto(int);
        """);
    assertEquals(List.of(
        "macro VERSION @1",
        "enum Color @2",
        "constant Color.Red @2",
        "constant Color.Green @2",
        "type Id @3",
        "type cb_t @4",
        "union U @5",
        "field U.i @5",
        "variable counter @6",
        "variable names @7",
        "module ns @9",
        "variable ns.inside @9",
        "variable c_linkage @10"), CExtractionTest.defs(f));
  }

  @Test
  void callsNameTheirReceiver() {
    FileFacts f = facts("""
        void Runner::go(Obj& a, Obj* p) {
          helper();
          a.run(1);
          p->stop();
          ns::util(2);
          a::b::deep();
          Box<int>::make();
          obj.template get<int>();
          ptr->template put<T>(x);
          std::make_unique<Foo>();
          this->tick();
          (*fp)(3);
          auto q = new Widget(1);
          auto r = new ns::Gadget();
        }
        """);
    assertEquals(List.of(
        "helper() in go@2",
        "run(a) in go@3",
        "stop(p) in go@4",
        "util(ns) in go@5",
        "deep(a::b) in go@6",
        "make(Box<int>) in go@7",
        "get(obj) in go@8",
        "put(ptr) in go@9",
        "make_unique(std) in go@10",
        "tick(this) in go@11",
        "fp() in go@12",
        "Widget() in go@13",
        "Gadget(ns) in go@14"), f.calls().stream().map(c -> CExtractionTest.describe(f, c)).toList());
  }

  @Test
  void macroLoopsInBodiesAreNotFunctionsButMacroHeadsAtFileLevelAre() {
    FileFacts f = facts("""
        TEST(Suite, Case) {
          check();
        }
        void run() {
          FOR_ALL_HEAPS(heap) {
            heap->verify();
          }
        }
        """);
    assertEquals(List.of("function TEST @1", "function run @4"), CExtractionTest.defs(f));
  }

  @Test
  void includesKeepAngleBracketsForSystemHeaders() {
    FileFacts f = facts("#include <vector>\n#include \"util/strings.h\"\n");
    assertEquals(List.of("<vector>", "util/strings.h"), f.imports().stream().map(i -> i.text()).toList());
  }

  @Test
  void operatorNamesHaveOneSpelling() {
    assertEquals("operator==", FactsCollector.operatorName("operator =="));
    assertEquals("operator()", FactsCollector.operatorName("operator ()"));
    assertEquals("operator bool", FactsCollector.operatorName("operator bool() const"));
    assertEquals("operator const char*", FactsCollector.operatorName("operator  const char*()"));
    assertEquals("operator new[]", FactsCollector.operatorName("operator new [ ]"));
  }
}
