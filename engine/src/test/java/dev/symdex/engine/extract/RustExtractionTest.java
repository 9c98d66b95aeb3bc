package dev.symdex.engine.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Language;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RustExtractionTest {
  private static final FactExtractor EXTRACTOR = new FactExtractor(5_000);

  static FileFacts facts(String source) {
    Extraction x = EXTRACTOR.extract(Language.RUST, source.getBytes(StandardCharsets.UTF_8));
    assertTrue(x.facts().isPresent(), x.failure());
    FileFacts f = x.facts().get();
    assertFalse(f.syntaxErrors(), "fixture parses cleanly");
    return f;
  }

  @Test
  void itemsWithContainersAndVisibility() {
    FileFacts f = facts("""
        pub mod geo {
            pub(crate) fn helper() {}
            pub(super) struct Inner;
        }
        pub struct Point<T> { pub x: T, y: T }
        struct Meters(pub f64);
        pub(crate) enum Shape { Circle { r: f64 }, Square(f64), Empty = 3 }
        union Bits { i: u32, f: f32 }
        pub trait Area: Clone {
            const SIDES: u32;
            type Output;
            fn area(&self) -> f64;
            fn describe(&self) -> String { String::new() }
        }
        pub type Map = std::collections::HashMap<String, Point<i32>>;
        pub const MAX: usize = 3;
        static mut COUNTER: u32 = 0;
        macro_rules! square { ($x:expr) => { $x * $x }; }
        impl<T: Copy> Point<T> {
            pub fn new(x: T, y: T) -> Self { Point { x, y } }
            fn get(&self) -> T { self.x }
        }
        impl Area for Shape {
            const SIDES: u32 = 0;
            type Output = f64;
            fn area(&self) -> f64 { 0.0 }
        }
        impl<T> Sum for [T] { fn sum(&self) {} }
        extern "C" {
            pub fn abs(x: i32) -> i32;
        }
        fn main() {
            fn nested() {}
            struct Local;
        }
        const _: () = ();
        """);
    assertEquals(List.of(
        "module geo @1 public",
        "function geo.helper @2 internal",
        "struct geo.Inner @3 internal",
        "struct Point @5 public",
        "field Point.x @5 public",
        "field Point.y @5 private",
        "struct Meters @6 private",
        "enum Shape @7 internal",
        "constant Shape.Circle @7 internal",
        "field Shape.Circle.r @7 internal",
        "constant Shape.Square @7 internal",
        "constant Shape.Empty @7 internal",
        "union Bits @8 private",
        "field Bits.i @8 private",
        "field Bits.f @8 private",
        "trait Area @9 public",
        "constant Area.SIDES @10 public",
        "type Area.Output @11 public",
        "method Area.area @12 public",
        "method Area.describe @13 public",
        "type Map @15 public",
        "constant MAX @16 public",
        "variable COUNTER @17 private",
        "macro square @18 private",
        "impl Point.Point @19 unspecified",
        "method Point.new @20 public",
        "method Point.get @21 private",
        "impl Shape.Area @23 unspecified",
        "constant Shape.SIDES @24 private",
        "type Shape.Output @25 private",
        "method Shape.area @26 private",
        "impl [T].Sum @28 unspecified",
        "method [T].sum @28 private",
        "function abs @30 public",
        "function main @32 private",
        "function main.nested @33 private",
        "struct main.Local @34 private"), GoExtractionTest.defs(f));
  }

  /**
   * Issue 11 item 5: an impl block is a definition of kind impl in its type, named by its trait
   * ({@code impl Trait for Type}) or its type ({@code impl Type}); the name stays a reference.
   */
  @Test
  void implBlocksAreDefinitionsInTheirType() {
    FileFacts f = facts("""
        pub struct Point { x: i32 }
        impl Point {
            pub fn new() -> Self { Point { x: 0 } }
        }
        impl Shape for Point {
            fn area(&self) -> f64 { 0.0 }
        }
        impl<T: Clone> Shape for Vec<T> {}
        impl fmt::Display for Point {
            fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result { Ok(()) }
        }
        impl From<u32> for geo::Point {}
        impl<T> geo::Wrapper<T> {}
        """);
    assertEquals(List.of(
        "struct Point @1 public",
        "field Point.x @1 private",
        "impl Point.Point @2 unspecified",
        "method Point.new @3 public",
        "impl Point.Shape @5 unspecified",
        "method Point.area @6 private",
        "impl Vec.Shape @8 unspecified",
        "impl Point.Display @9 unspecified",
        "method Point.fmt @10 private",
        "impl geo.Point.From @12 unspecified",
        "impl geo.Wrapper.Wrapper @13 unspecified"), GoExtractionTest.defs(f));
    List<String> refs = f.references().stream().map(r -> r.kind().label() + " " + r.name() + " @" + r.line()).toList();
    assertTrue(refs.containsAll(List.of("type Shape @5", "type Shape @8", "type Point @2", "type Display @9")), refs.toString());
  }

  /** Issue 11 item 5: a call whose arguments span lines is at its callee's name (line and column). */
  @Test
  void aCallSpanningLinesIsAtItsName() {
    FileFacts f = facts("""
        fn main() {
            let v = compute(
                1,
                2);
            items
                .iter()
                .fold(
                    0, add);
            println!(
                "{}", v);
        }
        """);
    assertEquals(List.of("compute 2:13", "iter 6:10", "fold 7:10", "println 9:5"),
        f.calls().stream().map(c -> c.callee() + " " + c.line() + ":" + c.column()).toList());
  }

  @Test
  void callsMethodCallsPathCallsMacrosAndStructLiterals() {
    FileFacts f = facts("""
        const ORIGIN: Point = Point { x: 0, y: 0 };
        impl Shape {
            fn area(&self) -> f64 {
                let p = Point::new(1, 2);
                let v: Vec<u8> = Vec::with_capacity(3);
                p.get().len();
                helper();
                println!("{}", 1);
                std::assert!(true);
                let c = Shape::Circle { r: 1.0 };
                iter::repeat::<u8>(1);
                parse::<i32>();
                self.items.iter().map::<u8, _>(f);
                <Self as Area>::area(self)
            }
        }
        """);
    assertEquals(List.of(
        "Point() in ORIGIN@1",
        "new(Point) in Shape.area@4",
        "with_capacity(Vec) in Shape.area@5",
        "get(p) in Shape.area@6",
        "len(p.get()) in Shape.area@6",
        "helper() in Shape.area@7",
        "println() in Shape.area@8",
        "assert(std) in Shape.area@9",
        "Circle(Shape) in Shape.area@10",
        "repeat(iter) in Shape.area@11",
        "parse() in Shape.area@12",
        "iter(self.items) in Shape.area@13",
        "map(self.items.iter()) in Shape.area@13",
        "area(<Self as Area>) in Shape.area@14"), GoExtractionTest.calls(f));
  }

  @Test
  void importsUseTreesModulesAndExternCrates() {
    FileFacts f = facts("""
        extern crate alloc;
        extern crate serde as sd;
        mod net;
        mod inline {}
        use std::collections::HashMap;
        use std::io::{self, Read, Write as W};
        pub use crate::geo::*;
        use ::core::mem as m;
        fn f() {
            use std::fmt::Debug;
        }
        """);
    assertEquals(List.of("alloc@1", "serde@2", "net@3", "std::collections::HashMap@5",
            "std::io::{self, Read, Write as W}@6", "crate::geo::*@7", "::core::mem as m@8", "std::fmt::Debug@10"),
        f.imports().stream().map(i -> i.text() + "@" + i.line()).toList());
    assertEquals(List.of("import@6:21"), GoExtractionTest.refs(f, "Read"));
    assertEquals(List.of("import@2:23"), GoExtractionTest.refs(f, "sd"));
    assertEquals(List.of("import@6:36"), GoExtractionTest.refs(f, "W"));
  }

  @Test
  void referencesAreTaggedTypeCallImportOrPlain() {
    FileFacts f = facts("""
        use std::fmt;
        struct Wrapper { inner: Box<dyn fmt::Display> }
        fn show(w: &Wrapper) -> String {
            let s = Wrapper::default();
            format!("{}", w.inner)
        }
        """);
    assertEquals(List.of("import@1:10", "reference@2:33"), GoExtractionTest.refs(f, "fmt"));
    assertEquals(List.of("type@2:38"), GoExtractionTest.refs(f, "Display"));
    assertEquals(List.of("type@3:13", "type@4:13"), GoExtractionTest.refs(f, "Wrapper"));
    assertEquals(List.of("call@4:22"), GoExtractionTest.refs(f, "default"));
    assertEquals(List.of("call@5:5"), GoExtractionTest.refs(f, "format"));
    assertEquals(List.of("reference@5:21"), GoExtractionTest.refs(f, "inner"));
    assertTrue(GoExtractionTest.refs(f, "show").isEmpty(), "a definition name is not a reference");
  }
}
