package dev.symdex.engine.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.model.CallSite;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.model.Reference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class GoExtractionTest {
  private static final FactExtractor EXTRACTOR = new FactExtractor(5_000);

  static FileFacts facts(String source) {
    Extraction x = EXTRACTOR.extract(Language.GO, source.getBytes(StandardCharsets.UTF_8));
    assertTrue(x.facts().isPresent(), x.failure());
    FileFacts f = x.facts().get();
    assertFalse(f.syntaxErrors(), "fixture parses cleanly");
    return f;
  }

  /** kind, qualified name, name line and visibility. */
  static List<String> defs(FileFacts f) {
    return f.definitions().stream()
        .map(d -> d.kind().label() + " " + d.qualifiedName() + " @" + d.line() + " " + d.visibility().name().toLowerCase(Locale.ROOT))
        .toList();
  }

  static List<String> calls(FileFacts f) {
    return f.calls().stream().map(c -> describe(f, c)).toList();
  }

  static String describe(FileFacts f, CallSite c) {
    String caller = c.caller() < 0 ? "<file>" : f.definitions().get(c.caller()).qualifiedName();
    return c.callee() + "(" + c.receiver() + ") in " + caller + "@" + c.line();
  }

  static List<String> refs(FileFacts f, String name) {
    return f.references().stream().filter(r -> r.name().equals(name))
        .map(r -> r.kind().label() + "@" + r.line() + ":" + r.column()).toList();
  }

  @Test
  void definitionsOfEveryKindWithContainersAndVisibility() {
    FileFacts f = facts("""
        package shapes

        const Max = 10
        const (
        	A = iota
        	b
        )
        var (
        	X, y int
        	Z    = 3
        )

        type Celsius float64
        type Name = string
        type List[T any] struct {
        	head *node[T]
        	Size, cap int
        	io.Reader
        	*Embedded
        }
        type Shape interface {
        	Area() float64
        	fmt.Stringer
        }
        type (
        	pair   struct{ k, v string; _ int }
        	Number interface{ ~int | ~float64 }
        )

        func New[T any]() *List[T] { return nil }

        func (l *List[T]) Push(v T) {
        	type local struct{ q int }
        	const k = 1
        	var w int
        }

        func (Celsius) String() string { return "" }

        var _ Shape = nil
        """);
    // Function locals (k, w) and blank variables and fields are not definitions; a local type is.
    assertEquals(List.of(
        "module shapes @1 package",
        "constant Max @3 public",
        "constant A @5 public",
        "constant b @6 package",
        "variable X @9 public",
        "variable y @9 package",
        "variable Z @10 public",
        "type Celsius @13 public",
        "type Name @14 public",
        "struct List @15 public",
        "field List.head @16 package",
        "field List.Size @17 public",
        "field List.cap @17 package",
        "interface Shape @21 public",
        "method Shape.Area @22 public",
        "struct pair @26 package",
        "field pair.k @26 package",
        "field pair.v @26 package",
        "interface Number @27 public",
        "function New @30 public",
        "method List.Push @32 public",
        "struct List.Push.local @33 package",
        "field List.Push.local.q @33 package",
        "method Celsius.String @38 public"), defs(f));
    // An embedded field is a use of its type, not a definition.
    assertEquals(List.of("type@18:5"), refs(f, "Reader"));
    assertEquals(List.of("type@19:3"), refs(f, "Embedded"));
  }

  @Test
  void callsNameTheirCalleeReceiverAndCaller() {
    FileFacts f = facts("""
        package p

        var client = http.NewClient()

        func (s *Server) Serve(r *Request) {
        	helper(r)
        	s.mu.Lock()
        	defer s.mu.Unlock()
        	go worker()
        	fmt.Println(r.URL.String())
        	v := Map[string, int](nil)
        	u := sync.OnceValue[int](f)
        	p := &Point{X: 1}
        	q := image.Point{}
        	t := List[int]{}
        	func() { inner() }()
        }
        """);
    assertEquals(List.of(
        "NewClient(http) in client@3",
        "helper() in Server.Serve@6",
        "Lock(s.mu) in Server.Serve@7",
        "Unlock(s.mu) in Server.Serve@8",
        "worker() in Server.Serve@9",
        "Println(fmt) in Server.Serve@10",
        "String(r.URL) in Server.Serve@10",
        "Map() in Server.Serve@11",
        "OnceValue(sync) in Server.Serve@12",
        "Point() in Server.Serve@13",
        "Point(image) in Server.Serve@14",
        "List() in Server.Serve@15",
        "inner() in Server.Serve@16"), calls(f));
  }

  @Test
  void importsArePathsInEveryForm() {
    FileFacts f = facts("""
        package p

        import "fmt"
        import (
        	"net/http"
        	str "strings"
        	. "math"
        	_ "embed"
        	`os`
        )
        """);
    assertEquals(List.of("fmt@3", "net/http@5", "strings@6", "math@7", "embed@8", "os@9"),
        f.imports().stream().map(i -> i.text() + "@" + i.line()).toList());
    assertEquals(List.of("import@6:2"), refs(f, "str"));
  }

  @Test
  void referencesAreTaggedTypeCallOrPlainAndExcludeDefinitionNames() {
    FileFacts f = facts("""
        package p

        type Handler struct{ next *Handler }

        func Wrap(h Handler, w io.Writer) error {
        	return h.next.Serve(w)
        }
        """);
    assertEquals(List.of("type@3:28", "type@5:13"), refs(f, "Handler"));
    assertEquals(List.of("type@5:27"), refs(f, "Writer"));
    assertEquals(List.of("reference@5:24"), refs(f, "io"));
    assertEquals(List.of("call@6:16"), refs(f, "Serve"));
    assertEquals(List.of("type@5:35"), refs(f, "error"));
    assertEquals(List.of("reference@6:11"), refs(f, "next"));
    assertTrue(refs(f, "Wrap").isEmpty(), "a definition name is not a reference");
    List<Reference> all = f.references();
    assertFalse(all.stream().anyMatch(r -> r.name().equals("p")), "the package name is a definition");
  }
}
