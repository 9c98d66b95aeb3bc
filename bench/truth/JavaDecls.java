import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreeScanner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The declarations of Java sources as javac's own parser reads them, for bench/import_truth.py:
 * an independent truth for import resolution (no symdex code involved).
 *
 * <pre>java bench/truth/JavaDecls.java TREE LIST OUT</pre>
 *
 * LIST names the files (relative to TREE), one per line. OUT gets one line per file:
 * {@code path TAB package TAB types TAB names TAB chains}: the types it declares, qualified from
 * the package ({@code Outer}, {@code Outer.Inner}); the simple names it uses in its type
 * declarations (identifiers; not the name of a local class within its block); the chains of names it writes across dots ({@code com.acme.Bar.x},
 * every prefix of a longer chain included). Parse only: nothing is attributed or compiled, so files
 * of any module parse alone; import lines are not read here (the TSV of imports has them).
 */
public class JavaDecls {
  public static void main(String[] args) throws IOException {
    Path tree = Path.of(args[0]).toAbsolutePath().normalize();
    List<String> paths = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).toList();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.UTF_8))) {
      // In batches: a parse task holds every tree it made until it is dropped.
      for (int i = 0; i < paths.size(); i += 500) {
        parse(javac, tree, paths.subList(i, Math.min(paths.size(), i + 500)), out);
      }
    }
  }

  /** {@code a.b.C.d} for a select of names only; null when something else is in it (a call, this). */
  private static String chain(Tree t) {
    if (t instanceof com.sun.source.tree.IdentifierTree id) {
      return id.getName().toString();
    }
    if (t instanceof com.sun.source.tree.MemberSelectTree m) {
      String left = chain(m.getExpression());
      return left == null ? null : left + "." + m.getIdentifier();
    }
    return null;
  }

  private static void parse(JavaCompiler javac, Path tree, List<String> paths, PrintWriter out) throws IOException {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      List<Path> abs = paths.stream().map(tree::resolve).toList();
      Writer quiet = Writer.nullWriter();
      JavacTask task = (JavacTask) javac.getTask(quiet, files, diagnostics, List.of("-proc:none", "-Xlint:none"), null,
          files.getJavaFileObjectsFromPaths(abs));
      for (CompilationUnitTree unit : task.parse()) {
        String path = tree.relativize(Path.of(unit.getSourceFile().toUri())).toString();
        String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
        List<String> types = new ArrayList<>();
        new TreeScanner<Void, String>() {
          @Override
          public Void visitClass(ClassTree c, String outer) {
            String name = c.getSimpleName().toString();
            if (name.isEmpty()) { // an anonymous class: nothing to import
              return super.visitClass(c, outer);
            }
            String q = outer.isEmpty() ? name : outer + "." + name;
            types.add(q);
            return super.visitClass(c, q);
          }

          @Override
          public Void visitNewClass(com.sun.source.tree.NewClassTree n, String outer) {
            return null; // anonymous and local bodies declare nothing importable
          }

          @Override
          public Void visitMethod(com.sun.source.tree.MethodTree m, String outer) {
            return null; // local classes are not importable
          }

          @Override
          public Void visitBlock(com.sun.source.tree.BlockTree b, String outer) {
            return null;
          }
        }.scan(unit.getTypeDecls().stream().filter(t -> t.getKind() != Tree.Kind.ERRONEOUS).toList(), "");
        // What the file names: simple identifiers, and chains of names across dots (com.acme.Bar.x).
        // A local class (declared in a block) is what its name means in that block: not a use.
        java.util.Set<String> simple = new java.util.TreeSet<>();
        java.util.Set<String> qualified = new java.util.TreeSet<>();
        java.util.Map<String, Integer> local = new java.util.HashMap<>();
        new TreeScanner<Void, Void>() {
          @Override
          public Void visitBlock(com.sun.source.tree.BlockTree b, Void v) {
            List<String> declared = b.getStatements().stream().filter(t -> t instanceof ClassTree)
                .map(t -> ((ClassTree) t).getSimpleName().toString()).toList();
            declared.forEach(n -> local.merge(n, 1, Integer::sum));
            try {
              return super.visitBlock(b, v);
            } finally {
              declared.forEach(n -> local.merge(n, -1, (a, d) -> a + d == 0 ? null : a + d));
            }
          }

          @Override
          public Void visitIdentifier(com.sun.source.tree.IdentifierTree id, Void v) {
            if (!local.containsKey(id.getName().toString())) {
              simple.add(id.getName().toString());
            }
            return null;
          }

          @Override
          public Void visitMemberSelect(com.sun.source.tree.MemberSelectTree m, Void v) {
            String chain = chain(m);
            if (chain != null) {
              qualified.add(chain);
            }
            return super.visitMemberSelect(m, v);
          }
        }.scan(unit.getTypeDecls(), null);
        out.println(path + "\t" + pkg + "\t" + String.join(",", types) + "\t" + String.join(",", simple) + "\t"
            + String.join(",", qualified));
      }
    }
  }
}
