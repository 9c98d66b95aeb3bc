import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.AnnotatedTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.tree.JCTree;
import com.sun.tools.javac.tree.TreeInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The call-site truth of bench/calls: compiles one unit of a Java tree with the JDK's compiler
 * (parse, then analyze: full attribution), and writes every call site javac attributed, with the
 * declaration it reaches, as one TSV line:
 *
 * <pre>path  line  column  kind  name  target</pre>
 *
 * <ul>
 *   <li>path: the calling file, relative to --root; line and column (1-based, UTF-16 code units)
 *       of the callee's name as written: the method name of {@code a.m(x)} or {@code m(x)}, the
 *       last identifier of the type of {@code new a.b.T<X>(y)}, the keyword of {@code this(x)} and
 *       {@code super(x)}, the constant of an enum constant {@code A(1)} or {@code B} (an implicit
 *       call of the enum's constructor), the method name of a method reference {@code T::m}.
 *   <li>kind: call, new, this, super, enum, ref.
 *   <li>name: the called name as symdex reports it (method name; simple type name for new, this,
 *       super and enum constants).
 *   <li>target: {@code path:line} of the declaration's name in the tree; for a constructor javac
 *       generated (a class without one: the default constructor, also an enum's) the line of the
 *       class's name; for an anonymous class, the constructor of its superclass (or the
 *       interface's name line); {@code ext} for a declaration outside the tree (the JDK, a jar, or
 *       a member javac synthesizes such as an enum's values()); {@code ?} for a call javac could
 *       not attribute (a missing dependency).
 * </ul>
 *
 * Usage: java --add-exports jdk.compiler/com.sun.tools.javac.{tree,code}=ALL-UNNAMED JavacCalls.java
 * --root DIR --out FILE [--classpath CP] [--release N] [--files LIST] FILE...
 */
public final class JavacCalls {
  private final Path root;
  private final Trees trees;
  private final PrintWriter out;
  private final Map<String, Integer> counts = new TreeMap<>();
  private final Map<CompilationUnitTree, String> sourceText = new HashMap<>();

  private JavacCalls(Path root, Trees trees, PrintWriter out) {
    this.root = root;
    this.trees = trees;
    this.out = out;
  }

  public static void main(String[] args) throws IOException {
    Path root = null;
    Path outFile = null;
    String classpath = "";
    String release = "8";
    List<String> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
        case "--out" -> outFile = Path.of(args[++i]);
        case "--classpath" -> classpath = args[++i];
        case "--release" -> release = args[++i];
        case "--files" -> files.addAll(Files.readAllLines(Path.of(args[++i])).stream().filter(l -> !l.isBlank()).toList());
        default -> files.add(args[i]);
      }
    }
    if (root == null || outFile == null || files.isEmpty()) {
      System.err.println("usage: JavacCalls --root DIR --out FILE [--classpath CP] [--release N] [--files LIST] FILE...");
      System.exit(2);
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager fm = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
    List<Path> paths = new ArrayList<>();
    for (String f : files) {
      Path p = Path.of(f);
      paths.add(p.isAbsolute() ? p : root.resolve(p));
    }
    List<String> options = new ArrayList<>(List.of("-proc:none", "-implicit:none", "-encoding", "UTF-8", "-Xmaxerrs", "1000000",
        "-XDshould-stop.ifError=FLOW", "-Xlint:none", "-nowarn"));
    if (!release.isEmpty()) {
      options.addAll(List.of("--release", release));
    }
    if (!classpath.isEmpty()) {
      options.addAll(List.of("-classpath", classpath));
    }
    JavacTask task = (JavacTask) compiler.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(paths));
    Iterable<? extends CompilationUnitTree> units = task.parse();
    task.analyze();
    long errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).count();
    try (Writer w = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
         PrintWriter pw = new PrintWriter(w)) {
      JavacCalls scanner = new JavacCalls(root, Trees.instance(task), pw);
      int n = 0;
      for (CompilationUnitTree unit : units) {
        scanner.new Scanner(unit).scan(new TreePath(unit), null);
        n++;
      }
      System.err.printf("javac-calls: %d files, %d javac errors, sites %s%n", n, errors, scanner.counts);
    }
    Path base = root;
    diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).limit(15)
        .forEach(d -> System.err.println("  " + (d.getSource() == null ? "" : base.relativize(Path.of(d.getSource().toUri())) + ":" + d.getLineNumber() + ": ")
            + d.getMessage(null).lines().findFirst().orElse("")));
  }

  private String text(CompilationUnitTree unit) {
    return sourceText.computeIfAbsent(unit, u -> {
      try {
        return u.getSourceFile().getCharContent(true).toString();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /** The file of {@code unit} relative to the root, or null when it lies outside. */
  private String relative(CompilationUnitTree unit) {
    Path p = Path.of(unit.getSourceFile().toUri()).toAbsolutePath().normalize();
    return p.startsWith(root) ? root.relativize(p).toString() : null;
  }

  private final class Scanner extends TreePathScanner<Void, Void> {
    private final CompilationUnitTree unit;
    private final String path;
    private final SourcePositions positions;

    Scanner(CompilationUnitTree unit) {
      this.unit = unit;
      this.path = relative(unit);
      this.positions = trees.getSourcePositions();
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
      ExpressionTree select = node.getMethodSelect();
      String name;
      long pos;
      if (select instanceof IdentifierTree id) {
        name = id.getName().toString();
        pos = positions.getStartPosition(unit, id);
      } else if (select instanceof MemberSelectTree ms) {
        name = ms.getIdentifier().toString();
        pos = positions.getEndPosition(unit, ms) - name.length();
      } else {
        return super.visitMethodInvocation(node, unused);
      }
      String kind = name.equals("this") || name.equals("super") ? name : "call";
      Element e = trees.getElement(getCurrentPath());
      if (kind.equals("call")) {
        record(kind, name, name, pos, target(e));
      } else {
        TypeElement owner = e instanceof Symbol s ? (TypeElement) s.enclClass() : null;
        record(kind, name, owner == null ? "?" : owner.getSimpleName().toString(), pos, target(e));
      }
      return super.visitMethodInvocation(node, unused);
    }

    @Override
    public Void visitNewClass(NewClassTree node, Void unused) {
      Tree parent = getCurrentPath().getParentPath().getLeaf();
      Element e = trees.getElement(getCurrentPath());
      if (parent instanceof VariableTree v && ((JCTree.JCVariableDecl) v).sym != null
          && ((JCTree.JCVariableDecl) v).sym.getKind() == ElementKind.ENUM_CONSTANT) {
        long pos = ((JCTree) v).pos;
        String enumName = ((JCTree.JCVariableDecl) v).sym.enclClass().getSimpleName().toString();
        record("enum", v.getName().toString(), enumName, pos, constructorTarget(node, e));
        return super.visitNewClass(node, unused);
      }
      Tree type = node.getIdentifier();
      if (type instanceof AnnotatedTypeTree a) {
        type = a.getUnderlyingType();
      }
      if (type instanceof ParameterizedTypeTree p) {
        type = p.getType();
      }
      if (type instanceof AnnotatedTypeTree a) {
        type = a.getUnderlyingType();
      }
      String name;
      long pos;
      if (type instanceof IdentifierTree id) {
        name = id.getName().toString();
        pos = positions.getStartPosition(unit, id);
      } else if (type instanceof MemberSelectTree ms) {
        name = ms.getIdentifier().toString();
        pos = positions.getEndPosition(unit, ms) - name.length();
      } else {
        return super.visitNewClass(node, unused);
      }
      record("new", name, name, pos, constructorTarget(node, e));
      return super.visitNewClass(node, unused);
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree node, Void unused) {
      String name = node.getName().toString();
      if (!name.equals("<init>")) {
        long pos = positions.getEndPosition(unit, node) - name.length();
        record("ref", name, name, pos, target(trees.getElement(getCurrentPath())));
      }
      return super.visitMemberReference(node, unused);
    }

    /** Writes one site; drops those whose name is not at the position (trees javac made up). */
    private void record(String kind, String written, String name, long pos, String target) {
      if (path == null || pos < 0) {
        return;
      }
      String src = text(unit);
      if (pos + written.length() > src.length() || !src.startsWith(written, (int) pos)) {
        count("dropped-synthetic");
        if (System.getenv("JAVAC_CALLS_DEBUG") != null) {
          int[] lc = lineColumn(src, (int) Math.min(pos, src.length()));
          System.err.println("dropped " + path + ":" + lc[0] + ":" + lc[1] + " " + kind + " " + written);
        }
        return;
      }
      int[] lc = lineColumn(src, (int) pos);
      out.println(path + "\t" + lc[0] + "\t" + lc[1] + "\t" + kind + "\t" + name + "\t" + target);
      count(kind + (target.equals("?") ? "-unattributed" : target.equals("ext") ? "-external" : "-tree"));
    }

    /** A constructor call's target; an anonymous class's is its superclass's constructor (or the interface). */
    private String constructorTarget(NewClassTree node, Element e) {
      if (node.getClassBody() == null || !(node instanceof JCTree.JCNewClass nc) || nc.def == null || nc.def.sym == null) {
        return target(e);
      }
      Symbol.ClassSymbol anon = nc.def.sym;
      if (!anon.getInterfaces().isEmpty()) {
        Element iface = ((com.sun.tools.javac.code.Type) anon.getInterfaces().get(0)).tsym;
        return typeTarget(iface);
      }
      for (JCTree member : nc.def.defs) {
        if (member instanceof JCTree.JCMethodDecl m && m.name.contentEquals("<init>") && m.body != null) {
          for (JCTree.JCStatement st : m.body.stats) {
            if (st instanceof JCTree.JCExpressionStatement es && es.expr instanceof JCTree.JCMethodInvocation mi) {
              Symbol s = TreeInfo.symbol(mi.meth);
              if (s != null && s.isConstructor()) {
                return target(s);
              }
            }
          }
        }
      }
      return "?";
    }
  }

  private void count(String key) {
    counts.merge(key, 1, Integer::sum);
  }

  /** Where a method or constructor is declared: path:line of its name, ext, or ? (see the class doc). */
  private String target(Element e) {
    if (!(e instanceof Symbol.MethodSymbol m) || m.type == null || m.type.isErroneous()) {
      return "?";
    }
    Symbol.ClassSymbol owner = m.enclClass();
    if (m.isConstructor() && (m.flags() & (Flags.GENERATEDCONSTR | Flags.ANONCONSTR)) != 0) {
      return owner.getNestingKind() == NestingKind.ANONYMOUS ? "?" : typeTarget(owner);
    }
    TreePath p = trees.getPath(m);
    if (p == null || !(p.getLeaf() instanceof JCTree.JCMethodDecl decl)) {
      return "ext";
    }
    String file = relative(p.getCompilationUnit());
    if (file == null) {
      return "ext";
    }
    String src = text(p.getCompilationUnit());
    return file + ":" + lineColumn(src, decl.pos)[0];
  }

  /** path:line of a type's name, or ext. */
  private String typeTarget(Element type) {
    TreePath p = type == null ? null : trees.getPath(type);
    if (p == null || !(p.getLeaf() instanceof JCTree.JCClassDecl decl)) {
      return "ext";
    }
    String file = relative(p.getCompilationUnit());
    if (file == null) {
      return "ext";
    }
    String src = text(p.getCompilationUnit());
    // JCClassDecl.pos is at its keyword (class, interface, enum, @interface): the name follows.
    String name = decl.name.toString();
    int at = decl.pos;
    java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(name) + "\\b").matcher(src);
    if (at >= 0 && matcher.find(at)) {
      at = matcher.start();
    }
    return file + ":" + lineColumn(src, at)[0];
  }

  private final Map<String, int[]> lineStarts = new java.util.IdentityHashMap<>();

  /** 1-based line and UTF-16 column of char offset {@code pos} in {@code src}. */
  private int[] lineColumn(String src, int pos) {
    int[] starts = lineStarts.computeIfAbsent(src, s -> {
      List<Integer> l = new ArrayList<>();
      l.add(0);
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) == '\n') {
          l.add(i + 1);
        }
      }
      return l.stream().mapToInt(Integer::intValue).toArray();
    });
    int k = java.util.Arrays.binarySearch(starts, pos);
    int line = k >= 0 ? k : -k - 2;
    return new int[] {line + 1, pos - starts[line] + 1};
  }
}
