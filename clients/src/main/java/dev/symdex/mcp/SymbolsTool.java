package dev.symdex.mcp;

import dev.symdex.proto.v1.CalleesRequest;
import dev.symdex.proto.v1.CallersRequest;
import dev.symdex.proto.v1.FileOutlineRequest;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.FindReferencesRequest;
import dev.symdex.proto.v1.MatchMode;
import dev.symdex.proto.v1.Result;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code symbols}: definitions, references, callers or callees of a name, or a file's outline
 * (FindDefinitions, FindReferences, Callers, Callees, FileOutline), one row per hit with its
 * one-line source as the daemon reads it ({@code with_source}: the line of the file it indexed, or
 * a note that the file changed since) and, for a reference, the definition it sits in. Definitions
 * of a name that has none fall back to a fuzzy match, said so. Stateless.
 */
final class SymbolsTool implements SymdexTool {
  static final Set<String> WHAT = Set.of("definitions", "references", "callers", "callees", "outline");
  static final int DEFAULT_LIMIT = 50;
  static final int DEFAULT_MAX_CHARS = 8_000;
  /** Shown for a row's source when the file is no longer what the daemon indexed. */
  static final String STALE = "(file changed since it was indexed: ask again)";

  private final DaemonLink link;

  SymbolsTool(DaemonLink link) {
    this.link = link;
  }

  @Override
  public String name() {
    return "symbols";
  }

  @Override
  public String description() {
    return "Look up code by identifier in the live index (parsed, current to the last saved edit): definitions, references,"
        + " callers (call sites with the calling function), callees, or a file's outline. Each row: path:line, kind, qualified"
        + " name, the source line; references also the definition they sit in. Exact names; definitions fall back to fuzzy."
        + " Prefer it to grep for identifiers.";
  }

  @Override
  public String inputSchema() {
    return """
        {"type":"object","properties":{
        "what":{"type":"string","enum":["definitions","references","callers","callees","outline"],"description":"default definitions"},
        "name":{"type":"string","description":"symbol name (not for outline)"},
        "path":{"type":"string","description":"file relative to the root: outline's file; callers: only calls reaching its definition"},
        "limit":{"type":"integer","minimum":1,"maximum":1000,"description":"rows (default 50)"},
        "max_chars":{"type":"integer","minimum":200,"maximum":200000,"description":"text cap (default 8000)"}}}""";
  }

  @Override
  public CallToolResult call(Args args) throws DaemonLink.Unavailable {
    String what = args.choice("what", WHAT, "definitions");
    int limit = args.integer("limit", DEFAULT_LIMIT, 1, 1000);
    int maxChars = args.integer("max_chars", DEFAULT_MAX_CHARS, 200, 200_000);
    Path root = link.root();
    String path = relative(args.string("path", ""), root);
    Answer a = switch (what) {
      case "outline" -> {
        if (path.isEmpty()) {
          throw new IllegalArgumentException("outline needs path (a file, relative to the project root)");
        }
        var r = link.call((s, p) -> s.fileOutline(FileOutlineRequest.newBuilder().setPath(path).setLimit(limit).setSync(true).setWithSource(true).setProject(p).build()));
        yield new Answer(r.getHead(), r.getGeneration(), r.getPendingChanges(), r.getResultsList(), r.getTruncated(), "");
      }
      case "references" -> {
        String name = args.required("name");
        var r = link.call((s, p) -> s.findReferences(FindReferencesRequest.newBuilder().setName(name).setLimit(limit).setSync(true).setWithSource(true)
            .setProject(p).build()));
        yield new Answer(r.getHead(), r.getGeneration(), r.getPendingChanges(), r.getResultsList(), r.getTruncated(), "");
      }
      case "callers" -> {
        String name = args.required("name");
        var r = link.call((s, p) -> s.callers(CallersRequest.newBuilder().setName(name).setPath(path).setLimit(limit).setSync(true)
            .setWithSource(true).setProject(p).build()));
        yield new Answer(r.getHead(), r.getGeneration(), r.getPendingChanges(), r.getResultsList(), r.getTruncated(), "");
      }
      case "callees" -> {
        String name = args.required("name");
        var r = link.call((s, p) -> s.callees(CalleesRequest.newBuilder().setName(name).setLimit(limit).setSync(true).setWithSource(true).setProject(p).build()));
        yield new Answer(r.getHead(), r.getGeneration(), r.getPendingChanges(), r.getResultsList(), r.getTruncated(), "");
      }
      default -> definitions(args.required("name"), limit);
    };
    return render(what, a, limit, maxChars);
  }

  /** What one of the RPCs answered, with a note to print above the rows (empty: none). */
  private record Answer(String head, long generation, long pending, List<Result> rows, boolean more, String note) {}

  private Answer definitions(String name, int limit) throws DaemonLink.Unavailable {
    var exact = link.call((s, p) -> s.findDefinitions(FindDefinitionsRequest.newBuilder().setName(name).setLimit(limit).setSync(true)
        .setWithSource(true).setProject(p).build()));
    if (exact.getResultsCount() > 0) {
      return new Answer(exact.getHead(), exact.getGeneration(), exact.getPendingChanges(), exact.getResultsList(), exact.getTruncated(), "");
    }
    var fuzzy = link.call((s, p) -> s.findDefinitions(FindDefinitionsRequest.newBuilder().setName(name).setLimit(limit)
        .setMatch(MatchMode.MATCH_MODE_FUZZY).setWithSource(true).setProject(p).build()));
    return new Answer(fuzzy.getHead(), fuzzy.getGeneration(), fuzzy.getPendingChanges(), fuzzy.getResultsList(), fuzzy.getTruncated(),
        fuzzy.getResultsCount() == 0 ? "" : "no definition named " + name + "; fuzzy matches, best first:");
  }

  private static CallToolResult render(String what, Answer a, int limit, int maxChars) {
    Output out = new Output(Output.stamp(a.head(), a.generation(), a.pending()), "rows");
    if (!a.note().isEmpty()) {
      out.heading(a.note());
    }
    if (a.rows().isEmpty()) {
      out.heading("no " + what + " found");
    } else {
      out.heading(header(what));
    }
    for (Result r : a.rows()) {
      out.row(line(what, r), what, structured(what, r));
    }
    if (a.more()) {
      out.footer("(more " + what + " than limit=" + limit + ": raise limit)");
    }
    Map<String, Object> fields = Results.stamp(a.head(), a.generation(), a.pending());
    fields.put("more", a.more());
    return Results.of(out.render(maxChars), fields);
  }

  private static String header(String what) {
    return switch (what) {
      case "callers" -> "call site  caller  source";
      case "callees" -> "call site  callee -> definition  source";
      case "outline" -> "lines  kind  name  source";
      case "references" -> "location  kind  name  (in definition)  source";
      default -> "location  kind  name  source";
    };
  }

  /** The row's source line, or a note when the file is no longer what was indexed. */
  private static String snippet(Result r) {
    return r.getSourceStale() ? STALE : r.getSource();
  }

  private static String line(String what, Result r) {
    String snippet = snippet(r);
    String qualified = r.getContainer().isEmpty() ? r.getName() : r.getContainer() + "." + r.getName();
    String loc = r.getPath() + ":" + r.getLine() + (r.getEndLine() > r.getLine() ? "-" + r.getEndLine() : "");
    String depth = r.getDepth() > 1 ? " [depth " + r.getDepth() + "]" : "";
    return switch (what) {
      case "outline" -> r.getLine() + (r.getEndLine() > r.getLine() ? "-" + r.getEndLine() : "") + "  " + r.getKind() + "  " + qualified + "  | " + snippet;
      case "callers" -> r.getPath() + ":" + r.getLine() + "  " + qualified + depth
          + (r.getConfidence() > 0 && r.getConfidence() < 1 ? String.format(Locale.ROOT, " (%.2f)", r.getConfidence()) : "") + "  | " + snippet;
      case "callees" -> r.getPath() + ":" + r.getLine() + "  " + r.getName() + " -> " + targets(r) + depth + "  | " + snippet;
      case "references" -> loc + "  " + r.getKind() + "  " + qualified + enclosing(r) + "  | " + snippet;
      default -> loc + "  " + r.getKind() + "  " + qualified + "  | " + snippet;
    };
  }

  /** "  (in Container.name 12-30)" for a row the daemon gave an enclosing definition; "" otherwise. */
  private static String enclosing(Result r) {
    if (!r.hasEnclosing()) {
      return "";
    }
    var e = r.getEnclosing();
    return "  (in " + (e.getContainer().isEmpty() ? e.getName() : e.getContainer() + "." + e.getName()) + " " + e.getLine()
        + (e.getEndLine() > e.getLine() ? "-" + e.getEndLine() : "") + ")";
  }

  private static String targets(Result r) {
    if (r.getTargetsCount() == 0) {
      return "?";
    }
    var t = r.getTargets(0);
    return t.getPath() + ":" + t.getLine() + (r.getTargetsCount() > 1 ? " (+" + (r.getTargetsCount() - 1) + ")" : "");
  }

  private static Map<String, Object> structured(String what, Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", r.getPath());
    m.put("line", r.getLine());
    if (r.getEndLine() > r.getLine()) {
      m.put("end_line", r.getEndLine());
    }
    m.put("kind", r.getKind());
    m.put("name", r.getName());
    if (!r.getContainer().isEmpty()) {
      m.put("container", r.getContainer());
    }
    if (r.getDepth() > 1) {
      m.put("depth", r.getDepth());
    }
    if (what.equals("callees") && r.getTargetsCount() > 0) {
      m.put("targets", r.getTargetsList().stream().map(t -> t.getPath() + ":" + t.getLine()).toList());
    }
    if (r.hasEnclosing()) {
      var e = r.getEnclosing();
      Map<String, Object> in = new LinkedHashMap<>();
      in.put("name", e.getName());
      in.put("kind", e.getKind());
      if (!e.getContainer().isEmpty()) {
        in.put("container", e.getContainer());
      }
      in.put("line", e.getLine());
      in.put("end_line", e.getEndLine());
      m.put("enclosing", in);
    }
    m.put("source", r.getSource());
    if (r.getSourceStale()) {
      m.put("source_stale", true);
    }
    return m;
  }

  /** {@code path} relative to the root: an absolute path under it is made relative; others stay as given. */
  static String relative(String path, Path root) {
    if (path.isEmpty() || root == null) {
      return path;
    }
    Path p = Path.of(path);
    if (p.isAbsolute() && p.normalize().startsWith(root)) {
      return root.relativize(p.normalize()).toString().replace('\\', '/');
    }
    return path.startsWith("./") ? path.substring(2) : path;
  }
}
