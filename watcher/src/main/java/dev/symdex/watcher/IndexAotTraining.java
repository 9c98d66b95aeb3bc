package dev.symdex.watcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The training run of the daemon jar's JDK AOT cache for the one-shot {@code index} (JEP 483/515),
 * run by the watcher module's package phase as {@code java -XX:AOTCacheOutput=target/symdex-index.aot
 * ... IndexAotTraining}: it writes a small git repository with a few files of every language symdex
 * parses, in a temporary directory, and indexes it through {@link DaemonMain#run} the way {@code
 * bin/symdex index DIR} does (cold twice, then warm), so the cache holds the classes, linkage and
 * profiles of that path. Never trained on a user's tree or a corpus. Not part of the daemon; never
 * used by tests. A failed step is reported on standard error and ends the run with status 0: the
 * cache is then only less complete (and bin/symdex runs as well without one).
 */
public final class IndexAotTraining {
  /** The fixture: path to content. Imports and calls cross files, so resolution runs too. */
  static final Map<String, String> FILES = Map.ofEntries(
      Map.entry("pom.xml", "<project><modelVersion>4.0.0</modelVersion><groupId>t</groupId><artifactId>t</artifactId>"
          + "<version>1</version></project>\n"),
      Map.entry("src/main/java/t/app/App.java", """
          package t.app;

          import java.util.ArrayList;
          import java.util.List;
          import t.util.Names;

          /** Entry point. */
          public class App implements Runnable {
            private final List<String> names = new ArrayList<>();
            private final Names helper = new Names();

            public static void main(String[] args) {
              new App().run();
            }

            @Override
            public void run() {
              names.add(helper.upper("a"));
              for (String n : names) {
                System.out.println(Names.join(n, "b"));
              }
            }
          }
          """),
      Map.entry("src/main/java/t/util/Names.java", """
          package t.util;

          public class Names {
            public String upper(String s) { return s.toUpperCase(); }
            public static String join(String a, String b) { return a + b; }
            interface Shape { double area(); }
            record Circle(double r) implements Shape { public double area() { return Math.PI * r * r; } }
            enum Kind { ONE, TWO }
          }
          """),
      Map.entry("py/pkg/__init__.py", ""),
      Map.entry("py/pkg/util.py", "def helper(x):\n    return x * 2\n\nclass Base:\n    def run(self):\n        return helper(1)\n"),
      Map.entry("py/main.py", "from pkg.util import helper, Base\nimport os\n\nclass App(Base):\n    def go(self):\n"
          + "        return helper(self.run()) + len(os.sep)\n"),
      Map.entry("package.json", "{\"name\": \"t\", \"main\": \"web/index.js\"}\n"),
      Map.entry("web/index.js", "import { add } from './math.js';\nconst util = require('./math.js');\n"
          + "export function main() { return add(1, 2) + util.add(3, 4); }\nclass Widget { draw() { main(); } }\n"),
      Map.entry("web/math.js", "export function add(a, b) { return a + b; }\n"),
      Map.entry("web/app.ts", "import { add } from './math';\ninterface Api { run(): number }\n"
          + "export class Service implements Api { run(): number { return add(1, 2); } }\ntype Id = string;\n"),
      Map.entry("web/view.tsx", "import { Service } from './app';\nexport function View() { return <div onClick={() => new Service().run()} />; }\n"),
      Map.entry("go.mod", "module example.com/t\n\ngo 1.22\n"),
      Map.entry("go/lib/lib.go", "package lib\n\ntype Store struct{ n int }\n\nfunc (s *Store) Add(x int) int { s.n += x; return s.n }\n"),
      Map.entry("go/main.go", "package main\n\nimport (\n\t\"fmt\"\n\t\"example.com/t/go/lib\"\n)\n\n"
          + "func main() {\n\ts := &lib.Store{}\n\tfmt.Println(s.Add(1))\n}\n"),
      Map.entry("rs/lib.rs", "mod util;\nuse crate::util::double;\n\npub struct Acc { n: i32 }\n"
          + "impl Acc { pub fn add(&mut self, x: i32) -> i32 { self.n += double(x); self.n } }\n"
          + "pub trait Named { fn name(&self) -> String; }\n"),
      Map.entry("rs/util.rs", "pub fn double(x: i32) -> i32 { x * 2 }\n"),
      Map.entry("c/util.h", "#ifndef UTIL_H\n#define UTIL_H\nstruct point { int x; int y; };\nint sum(struct point p);\n#endif\n"),
      Map.entry("c/util.c", "#include \"util.h\"\n#define TWICE(x) ((x) * 2)\nint sum(struct point p) { return TWICE(p.x) + p.y; }\n"),
      Map.entry("c/main.c", "#include <stdio.h>\n#include \"util.h\"\nint main(void) { struct point p = {1, 2}; "
          + "printf(\"%d\\n\", sum(p)); return 0; }\n"),
      Map.entry("cpp/shape.hpp", "#pragma once\nnamespace geo {\nclass Shape {\n public:\n  virtual ~Shape() = default;\n"
          + "  virtual double area() const = 0;\n};\n}\n"),
      Map.entry("cpp/circle.cpp", "#include \"shape.hpp\"\n#include <vector>\nnamespace geo {\n"
          + "class Circle : public Shape {\n public:\n  explicit Circle(double r) : r_(r) {}\n"
          + "  double area() const override { return 3.14 * r_ * r_; }\n private:\n  double r_;\n};\n"
          + "double total(const std::vector<Shape*>& v) { double t = 0; for (auto* s : v) t += s->area(); return t; }\n}\n"),
      Map.entry("cs/App.cs", "using System;\nnamespace T {\n  public class App {\n    public int Count { get; set; }\n"
          + "    public void Run() { Console.WriteLine(Helper.Twice(Count)); }\n  }\n"
          + "  static class Helper { public static int Twice(int x) => x * 2; }\n}\n"),
      Map.entry("rb/lib/util.rb", "module Util\n  def self.twice(x)\n    x * 2\n  end\nend\n"),
      Map.entry("rb/app.rb", "require_relative 'lib/util'\n\nclass App\n  attr_reader :n\n\n  def run\n    Util.twice(n)\n  end\nend\n"),
      Map.entry("scripts/lib.sh", "greet() {\n  echo \"hi $1\"\n}\n"),
      Map.entry("scripts/run.sh", "#!/usr/bin/env bash\nsource \"$(dirname \"$0\")/lib.sh\"\ngreet world\n"),
      Map.entry("README.md", "# training fixture\n"),
      Map.entry(".gitignore", "build/\n"));

  private IndexAotTraining() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    Path dir = null;
    try {
      dir = Files.createTempDirectory("symdex-index-aot");
      Path tree = dir.resolve("tree");
      write(tree);
      Path data = dir.resolve("data");
      System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
      String[][] lines = {
          {"index", tree.toString(), "--data-dir", data.toString()},
          {"index", tree.toString(), "--data-dir", data.toString(), "--json"},
          {"index", tree.toString(), "--data-dir", data.toString(), "--warm"}};
      for (String[] line : lines) {
        int rc = DaemonMain.run(line);
        if (rc != DaemonMain.EXIT_OK) {
          System.err.println("index aot training: exit " + rc + " from " + String.join(" ", line));
        }
      }
    } catch (IOException | RuntimeException | org.eclipse.jgit.api.errors.GitAPIException e) {
      System.err.println("index aot training: " + e);
    } finally {
      System.setOut(out);
      if (dir != null) {
        deleteTree(dir);
      }
    }
    System.exit(0); // as `index` ends: Runtime.exit has classes of its own
  }

  /** The fixture as a git repository with two commits (the second changes one file). */
  private static void write(Path tree) throws IOException, org.eclipse.jgit.api.errors.GitAPIException {
    for (Map.Entry<String, String> e : FILES.entrySet()) {
      Path f = tree.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
    }
    PersonIdent who = new PersonIdent("symdex training", "training@symdex.invalid");
    try (Git git = Git.init().setDirectory(tree.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("fixture").setAuthor(who).setCommitter(who).setSign(false).call();
      Files.writeString(tree.resolve("py/pkg/util.py"), "\ndef other():\n    return helper(3)\n", StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.APPEND);
      git.add().addFilepattern(".").call();
      git.commit().setMessage("more").setAuthor(who).setCommitter(who).setSign(false).call();
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("index aot training: cannot delete " + dir + ": " + e.getMessage());
    }
  }
}
