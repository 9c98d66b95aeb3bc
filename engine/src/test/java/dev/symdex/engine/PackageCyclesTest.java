package dev.symdex.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The engine's packages depend on each other one way: no cycle, and the read side ({@code query})
 * above the write side ({@code index}), never the reverse. Read from the compiled classes by the
 * JDK's own {@code jdeps} (the same check by hand: {@code jdeps -verbose:package -e
 * 'dev\.symdex\.engine.*' engine/target/classes}).
 */
class PackageCyclesTest {
  private static final String ENGINE = "dev.symdex.engine";
  private static final Pattern EDGE = Pattern.compile("^\\s+(dev\\.symdex\\.engine[\\w.]*)\\s+->\\s+(dev\\.symdex\\.engine[\\w.]*)\\s");

  /** Package → the engine packages it uses (itself left out), from jdeps. */
  static Map<String, Set<String>> dependencies(Path classes) {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-e", "dev\\.symdex\\.engine.*",
        classes.toString());
    assertEquals(0, rc, "jdeps failed: " + err);
    Map<String, Set<String>> deps = new TreeMap<>();
    for (String line : out.toString().split("\n")) {
      Matcher m = EDGE.matcher(line);
      if (m.find() && !m.group(1).equals(m.group(2))) {
        deps.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
        deps.computeIfAbsent(m.group(2), k -> new TreeSet<>());
      }
    }
    return deps;
  }

  /** A cycle of packages, or empty when there is none (depth-first search with three colours). */
  static List<String> cycle(Map<String, Set<String>> deps) {
    Map<String, Integer> colour = new TreeMap<>();
    for (String start : deps.keySet()) {
      List<String> path = new ArrayList<>();
      if (visit(start, deps, colour, path)) {
        return path;
      }
    }
    return List.of();
  }

  private static boolean visit(String p, Map<String, Set<String>> deps, Map<String, Integer> colour, List<String> path) {
    int c = colour.getOrDefault(p, 0);
    if (c == 2) {
      return false;
    }
    path.add(p);
    if (c == 1) {
      path.subList(0, path.indexOf(p)).clear();
      return true;
    }
    colour.put(p, 1);
    for (String q : deps.getOrDefault(p, Set.of())) {
      if (visit(q, deps, colour, path)) {
        return true;
      }
    }
    colour.put(p, 2);
    path.remove(path.size() - 1);
    return false;
  }

  @Test
  void theEnginesPackagesHaveNoCycle() throws Exception {
    Path classes = Path.of("target", "classes");
    assertTrue(Files.isDirectory(classes.resolve("dev/symdex/engine/query")), "compiled classes at " + classes.toAbsolutePath());
    Map<String, Set<String>> deps = dependencies(classes);
    assertTrue(deps.getOrDefault(ENGINE + ".query", Set.of()).contains(ENGINE + ".index"), "jdeps saw the packages: " + deps);
    assertEquals(List.of(), cycle(deps), "a package cycle in " + deps);
    assertFalse(deps.get(ENGINE + ".index").contains(ENGINE + ".query"), "the write side never uses the read side");
    assertFalse(deps.get(ENGINE + ".resolve").contains(ENGINE + ".index"), "resolution reads through interfaces, not the index");
  }

  @Test
  void theCycleFinderFindsACycle() {
    Map<String, Set<String>> deps = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    List<String> found = cycle(new TreeMap<>(deps));
    assertEquals(Set.of("a", "b", "c"), Set.copyOf(found));
    assertEquals(List.of(), cycle(new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of()))));
  }
}
