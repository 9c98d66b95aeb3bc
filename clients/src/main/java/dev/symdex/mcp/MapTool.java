package dev.symdex.mcp;

import dev.symdex.proto.v1.ExploreRequest;
import dev.symdex.proto.v1.ExploreResponse;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;

/** {@code map}: the Explore RPC's map of the project (or of a focus) as its text, capped by {@code max_chars}. */
final class MapTool implements SymdexTool {
  static final int DEFAULT_BUDGET = 4_000;
  static final int DEFAULT_MAX_CHARS = 20_000;

  private final DaemonLink link;

  MapTool(DaemonLink link) {
    this.link = link;
  }

  @Override
  public String name() {
    return "map";
  }

  @Override
  public String description() {
    return "A map of the project, or of a focus (directory, file or symbol and its neighbours): languages, build files,"
        + " entry points, modules by centrality, public API, extends/implements, which test tests which file, uncommitted"
        + " changes. Use it to orient in unfamiliar code.";
  }

  @Override
  public String inputSchema() {
    return """
        {"type":"object","properties":{
        "focus":{"type":"string","description":"path prefix, file or symbol; empty: whole project"},
        "detail":{"type":"integer","minimum":0,"maximum":2,"description":"0 identity and entry points, 1 +modules, tests, changes, 2 +API and types (default)"},
        "budget":{"type":"integer","minimum":0,"maximum":200000,"description":"tokens of text (default 4000; 0 no limit)"},
        "max_chars":{"type":"integer","minimum":200,"maximum":800000,"description":"text cap (default 20000)"}}}""";
  }

  @Override
  public CallToolResult call(Args args) throws DaemonLink.Unavailable {
    String focus = args.string("focus", "");
    int detail = args.integer("detail", 2, 0, 2);
    int budget = args.integer("budget", DEFAULT_BUDGET, 0, 200_000);
    int maxChars = args.integer("max_chars", DEFAULT_MAX_CHARS, 200, 800_000);
    ExploreResponse r = link.call((s, p) -> s.explore(ExploreRequest.newBuilder().setFocus(focus).setDetail(detail).setTokenBudget(budget)
        .setSync(true).setProject(p).build()));
    Output out = new Output(Output.stamp(r.getHead(), r.getGeneration(), r.getPendingChanges()), "lines").lines(r.getText());
    Map<String, Object> fields = Results.stamp(r.getHead(), r.getGeneration(), r.getPendingChanges());
    fields.put("focus", r.getFocus());
    fields.put("files", r.getFiles());
    fields.put("languages", r.getLanguagesList().stream().map(l -> l.getLanguage() + " " + l.getFiles()).toList());
    fields.put("text_tokens", r.getTextTokens());
    fields.put("text_cut", r.getTextCut());
    return Results.of(out.render(maxChars), fields);
  }
}
