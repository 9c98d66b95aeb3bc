package dev.symdex.engine.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.model.CallSite;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.model.ReferenceKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CExtractionTest {
  private static final FactExtractor EXTRACTOR = new FactExtractor(5_000);

  static FileFacts facts(String source) {
    Extraction x = EXTRACTOR.extract(Language.C, source.getBytes(StandardCharsets.UTF_8));
    assertTrue(x.facts().isPresent(), x.failure());
    return x.facts().get();
  }

  static List<String> defs(FileFacts f) {
    return f.definitions().stream().map(d -> d.kind().label() + " " + d.qualifiedName() + " @" + d.line()).toList();
  }

  @Test
  void functionsWhateverTheirDeclaratorLooksLike() {
    FileFacts f = facts("""
        int plain(void) { return 0; }
        static char **twice(void) { return 0; }
        static char ***thrice(void) { return 0; }
        const struct ops *get_ops(void) { return 0; }
        int (paren)(int x) { return x; }
        void (*signal(int sig, void (*func)(int)))(int) { return func; }
        __attribute__((noinline)) int attr(void) { return 0; }
        static __always_inline int inl(void) { return 0; }
        int kr(a, b)
          int a; char *b;
        { return a; }
        int proto(int);
        extern int count(void);
        """);
    assertEquals(List.of(
        "function plain @1",
        "function twice @2",
        "function thrice @3",
        "function get_ops @4",
        "function paren @5",
        "function signal @6",
        "function attr @7",
        "function inl @8",
        "function kr @9"), defs(f));
  }

  @Test
  void typesMembersEnumeratorsMacrosAndFileLevelVariables() {
    FileFacts f = facts("""
        struct s { int a, *b, c[3]; void (*cb)(int); int bits : 3; };
        union u { int i; float f; };
        enum e { A, B = 2 };
        typedef struct { int q; } anon_t;
        typedef struct s s_t, *s_p;
        typedef int arr_t[4];
        typedef void (*fp_t)(int);
        typedef int fn_t(int);
        int g1, *g2 = 0, g3[2] = {0};
        static const char *names[] = { "x" };
        void (*handler)(int) = 0;
        extern int ext;
        struct fwd;
        #define MAX 3
        #define SQ(x) ((x) * (x))
        #ifdef WITH_X
        static int guarded;
        #else
        static long guarded_else;
        #endif
        void f(void) { int local = 0; static int kept; }
        """);
    assertEquals(List.of(
        "struct s @1",
        "field s.a @1",
        "field s.b @1",
        "field s.c @1",
        "field s.cb @1",
        "field s.bits @1",
        "union u @2",
        "field u.i @2",
        "field u.f @2",
        "enum e @3",
        "constant e.A @3",
        "constant e.B @3",
        "type anon_t @4",
        "field anon_t.q @4",
        "type s_t @5",
        "type s_p @5",
        "type arr_t @6",
        "type fp_t @7",
        "type fn_t @8",
        "variable g1 @9",
        "variable g2 @9",
        "variable g3 @9",
        "variable names @10",
        "variable handler @11",
        "macro MAX @14",
        "macro SQ @15",
        "variable guarded @17",
        "variable guarded_else @19",
        "function f @21"), defs(f));
    assertFalse(f.syntaxErrors());
  }

  @Test
  void anAttributeMacroBetweenStructAndNameKeepsTheStruct() {
    FileFacts f = facts("struct __packed hdr {\n  int len;\n};\nunion __packed val { int i; };\n");
    assertEquals(List.of("struct hdr @1", "union val @4"), defs(f));
  }

  @Test
  void bodiesThatMacrosIntroduceAreNamedByTheMacroAtFileLevelOnly() {
    FileFacts f = facts("""
        SYSCALL_DEFINE1(close, unsigned int, fd)
        {
        	return close_fd(fd);
        }
        DECODER(euc_kr)
        {
        	return 0;
        }
        static int
        PREFIX(scanTok)(const char *ptr)
        {
        	return 0;
        }
        static void run(void)
        {
        	for_each_possible_cpu(cpu) {
        		work(cpu);
        	}
        	list_for_each_entry(pos, head, member) {
        		work(pos);
        	}
        }
        """);
    assertEquals(List.of("function SYSCALL_DEFINE1 @1", "function DECODER @5", "function PREFIX @10", "function run @14"), defs(f));
    // The macro invocation stays a call; a loop macro does not make a definition, so work() is run's.
    assertEquals(List.of("SYSCALL_DEFINE1() in <file>@1", "close_fd() in SYSCALL_DEFINE1@3", "work() in run@17",
        "list_for_each_entry() in run@19", "work() in run@20"),
        f.calls().stream().filter(c -> !c.callee().equals("for_each_possible_cpu")).map(c -> describe(f, c)).toList());
  }

  @Test
  void callsWithReceiversAndCallers() {
    FileFacts f = facts("""
        static int helper(int x) { return x; }
        int run(struct dev *d, struct ops ops) {
          helper(1);
          d->ops->start(d);
          ops.stop();
          (*d->cb)(2);
          (*fp)(3);
          return 0;
        }
        """);
    assertEquals(List.of(
        "helper() in run@3",
        "start(d->ops) in run@4",
        "stop(ops) in run@5",
        "cb(d) in run@6",
        "fp() in run@7"), f.calls().stream().map(c -> describe(f, c)).toList());
  }

  @Test
  void includesKeepAngleBracketsForSystemHeadersAndReferencesAreTagged() {
    FileFacts f = facts("""
        #include <stdio.h>
        #include "sub/local.h"
        static counter_t total;
        int main(void) { total = strlen("x"); return 0; }
        """);
    assertEquals(List.of("<stdio.h>", "sub/local.h"), f.imports().stream().map(i -> i.text()).toList());
    assertEquals(List.of(1, 2), f.imports().stream().map(i -> i.line()).toList());
    assertEquals(Optional.of(ReferenceKind.TYPE), kindOf(f, "counter_t"));
    assertEquals(Optional.of(ReferenceKind.CALL), kindOf(f, "strlen"));
    assertEquals(Optional.of(ReferenceKind.OTHER), kindOf(f, "total"));
    assertFalse(f.references().stream().anyMatch(r -> r.name().equals("main")), "a definition name is not a reference");
  }

  @Test
  void aFunctionAfterAParseErrorIsStillFound() {
    FileFacts f = facts("""
        static PyObject *
        broken(PyObject *self)
        {
            switch (x) {
            default:
                LEAVE_MACRO break;
            }
            return res;
        }

        static PyObject *
        after(PyObject *self, PyObject *args)
        {
            return var_invoke(self, args);
        }
        """);
    assertTrue(defs(f).contains("function after @12"), defs(f).toString());
  }

  @Test
  void headersAreCUnlessTheyHoldCppCode() {
    assertEquals(Language.C, header("""
        /* maps a virtual address; see std::vector in the C++ docs */
        #error "virtual memory is needed"
        #ifdef __cplusplus
        extern "C" {
        #define NULLPTR nullptr
        #endif
        int f(void);
        #ifdef __cplusplus
        }
        #endif
        """));
    assertEquals(Language.C, header("struct page *new; int virtual;\n"));
    assertEquals(Language.CPP, header("class Foo {\n  int x;\n};\n"));
    assertEquals(Language.CPP, header("namespace ns {\nint f();\n}\n"));
    assertEquals(Language.CPP, header("#include <string>\nstd::string name();\n"));
    assertEquals(Language.CPP, header("struct A {\n  virtual ~A();\n};\n"));
    assertEquals(Language.CPP, header("int f(void);\n#ifdef __cplusplus\nclass Jvm {\n};\n#endif\n"));
    assertEquals(Language.C, header("#if defined(X) && defined(__cplusplus)\nconstexpr int k = 1;\n#else\nint k;\n#endif\n"));
  }

  private static Language header(String content) {
    return Language.detect("x.h", content.getBytes(StandardCharsets.UTF_8)).orElseThrow();
  }

  private static Optional<ReferenceKind> kindOf(FileFacts f, String name) {
    return f.references().stream().filter(r -> r.name().equals(name)).map(r -> r.kind()).findFirst();
  }

  static String describe(FileFacts f, CallSite c) {
    String caller = c.caller() < 0 ? "<file>" : f.definitions().get(c.caller()).name();
    return c.callee() + "(" + c.receiver() + ") in " + caller + "@" + c.line();
  }
}
