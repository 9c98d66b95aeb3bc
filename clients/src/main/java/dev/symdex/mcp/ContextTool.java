package dev.symdex.mcp;

import dev.symdex.cli.PlanText;
import dev.symdex.proto.v1.PlanItem;
import dev.symdex.proto.v1.PlanRequest;
import dev.symdex.proto.v1.PlanResponse;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code context}: the Plan RPC for a task: ranked files with their reasons and the best of them
 * packed into a token budget as ready-to-read text ({@link PlanText}'s rendering), capped by
 * {@code max_chars}.
 */
final class ContextTool implements SymdexTool {
  static final int DEFAULT_BUDGET = 8_000;
  static final int DEFAULT_MAX_CHARS = 40_000;

  private final DaemonLink link;

  ContextTool(DaemonLink link) {
    this.link = link;
  }

  @Override
  public String name() {
    return "context";
  }

  @Override
  public String description() {
    return "Start of a task: the files and definitions that matter to it, ranked with reasons (name matches, import and call"
        + " graph, co-change, recent edits, tests), and the best packed into a token budget as source text ready to read."
        + " Describe the task in words.";
  }

  @Override
  public String inputSchema() {
    return """
        {"type":"object","properties":{
        "task":{"type":"string","description":"what you are about to do"},
        "budget":{"type":"integer","minimum":256,"maximum":200000,"description":"tokens of packed text (default 8000)"},
        "max_chars":{"type":"integer","minimum":200,"maximum":800000,"description":"text cap (default 40000)"}},
        "required":["task"]}""";
  }

  @Override
  public CallToolResult call(Args args) throws DaemonLink.Unavailable {
    String task = args.required("task");
    int budget = args.integer("budget", DEFAULT_BUDGET, 256, 200_000);
    int maxChars = args.integer("max_chars", DEFAULT_MAX_CHARS, 200, 800_000);
    PlanResponse r = link.call((s, p) -> s.plan(PlanRequest.newBuilder().setTask(task).setTokenBudget(budget).setSync(true).setProject(p).build()));
    Output out = new Output(Output.stamp(r.getHead(), r.getGeneration(), r.getPendingChanges()), "lines").lines(PlanText.print(r));
    Map<String, Object> fields = Results.stamp(r.getHead(), r.getGeneration(), r.getPendingChanges());
    fields.put("files", r.getItemsList().stream().map(ContextTool::item).toList());
    fields.put("packed", r.getPacking().getPackedList().stream().map(f -> f.getPath() + " (" + f.getKind() + ")").toList());
    fields.put("tokens", r.getPacking().getTokens());
    fields.put("budget", r.getPacking().getBudget());
    return Results.of(out.render(maxChars), fields);
  }

  private static Map<String, Object> item(PlanItem i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", i.getPath());
    m.put("score", Math.round(i.getScore() * 1000) / 1000.0);
    List<String> spans = i.getSpansList().stream().limit(5).map(sp -> sp.getName() + ":" + sp.getLine() + "-" + sp.getEndLine()).toList();
    if (!spans.isEmpty()) {
      m.put("spans", spans);
    }
    return m;
  }
}
