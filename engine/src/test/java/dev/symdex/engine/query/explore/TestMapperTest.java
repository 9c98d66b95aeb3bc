package dev.symdex.engine.query.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Test files to tested files: names first, then the test's imports, then directories. */
class TestMapperTest {
  private static TestMapper.Result map(List<String> paths, Map<String, List<String>> imports) throws Exception {
    return TestMapper.map(paths, p -> imports.getOrDefault(p, List.of()));
  }

  @Test
  void namesDecideWhenTheyFitOneFile() throws Exception {
    TestMapper.Result r = map(List.of("a/Foo.java", "t/FooTest.java", "t/FooTests.java", "t/TestFoo.java", "t/FooIT.java",
        "web/x.ts", "web/x.spec.tsx", "lib/y.rb", "spec/y_spec.rb", "go/z.go", "go/z_test.go"), Map.of());
    assertEquals(Map.of(
        "a/Foo.java", Set.of("t/FooIT.java", "t/FooTest.java", "t/FooTests.java", "t/TestFoo.java"),
        "web/x.ts", Set.of("web/x.spec.tsx"),
        "lib/y.rb", Set.of("spec/y_spec.rb"),
        "go/z.go", Set.of("go/z_test.go")), r.tested());
    assertEquals(Set.of(), r.unmatched());
  }

  @Test
  void importsThenDirectoriesDecideBetweenNamesakes() throws Exception {
    TestMapper.Result r = map(List.of("a/util.py", "b/util.py", "tests/test_util.py",
            "m1/src/main/java/p/Foo.java", "m2/src/main/java/p/Foo.java", "m2/src/test/java/p/FooTest.java",
            "x/Bar.java", "y/Bar.java", "z/BarTest.java"),
        Map.of("tests/test_util.py", List.of("b/util.py")));
    assertEquals(Set.of("tests/test_util.py"), r.tested().get("b/util.py"), "the import decides");
    assertFalse(r.tested().containsKey("a/util.py"));
    assertEquals(Set.of("m2/src/test/java/p/FooTest.java"), r.tested().get("m2/src/main/java/p/Foo.java"), "src/test mirrors src/main");
    assertFalse(r.tested().containsKey("m1/src/main/java/p/Foo.java"));
    assertEquals(Set.of("z/BarTest.java"), r.tested().get("x/Bar.java"), "nothing decides: every namesake is listed");
    assertEquals(Set.of("z/BarTest.java"), r.tested().get("y/Bar.java"));
  }

  @Test
  void goTestsOnlyMatchTheirOwnDirectory() throws Exception {
    TestMapper.Result r = map(List.of("a/z.go", "b/z_test.go"), Map.of());
    assertEquals(Map.of(), r.tested());
    assertEquals(Set.of("b/z_test.go"), r.unmatched());
  }

  @Test
  void anImportNamedInTheTestsNameDecidesWhenNoFileHasTheName() throws Exception {
    TestMapper.Result r = map(List.of("pkg/parser.py", "pkg/log.py", "tests/test_parser_edge_cases.py", "tests/test_misc.py"),
        Map.of("tests/test_parser_edge_cases.py", List.of("pkg/log.py", "pkg/parser.py"), "tests/test_misc.py", List.of("pkg/log.py")));
    assertEquals(Map.of("pkg/parser.py", Set.of("tests/test_parser_edge_cases.py")), r.tested());
    assertEquals(Set.of("tests/test_misc.py"), r.unmatched());
  }

  @Test
  void knowsTestFilesByName() {
    for (String t : List.of("FooTest.java", "TestFoo.java", "test_foo.py", "foo_test.py", "foo_test.go", "foo.test.js", "foo.spec.ts")) {
      assertTrue(TestMapper.isTest("d/" + t), t);
    }
    for (String n : List.of("Test.java", "Contest.java", "conftest.py", "testing.go", "foo.ts", "Latest.java")) {
      assertFalse(TestMapper.isTest("d/" + n), n);
    }
  }
}
