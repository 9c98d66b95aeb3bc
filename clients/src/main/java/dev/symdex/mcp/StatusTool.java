package dev.symdex.mcp;

import dev.symdex.proto.v1.StatusRequest;
import dev.symdex.proto.v1.StatusResponse;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;

/** {@code status}: the index's state for the project, one fact a line; and how the server chose the project. */
final class StatusTool implements SymdexTool {
  private final DaemonLink link;

  StatusTool(DaemonLink link) {
    this.link = link;
  }

  @Override
  public String name() {
    return "status";
  }

  @Override
  public String description() {
    return "The index's state: root, HEAD, generation, files, symbols, pending (not yet indexed) changes, and state"
        + " (indexing, serving or degraded, with why). Call it when answers look stale, empty or refused.";
  }

  @Override
  public String inputSchema() {
    return "{\"type\":\"object\",\"properties\":{}}";
  }

  @Override
  public CallToolResult call(Args args) throws DaemonLink.Unavailable {
    StatusResponse r = link.call((s, p) -> s.status(StatusRequest.newBuilder().setProject(p).build()));
    Output out = new Output(Output.stamp(r.getHead(), r.getGeneration(), r.getPendingChanges()), "rows");
    Map<String, Object> fields = Results.stamp(r.getHead(), r.getGeneration(), r.getPendingChanges());
    fact(out, fields, "state", r.getState());
    if (r.getState().equals("indexing")) {
      fact(out, fields, "progress", r.getProgressDone() + " of " + r.getProgressTotal() + " files");
    }
    if (!r.getStateReason().isEmpty()) {
      fact(out, fields, "state_reason", r.getStateReason());
    }
    fact(out, fields, "root", r.getRoot());
    fact(out, fields, "files", r.getFiles());
    fact(out, fields, "symbols", r.getSymbols());
    fact(out, fields, "references", r.getReferences());
    fact(out, fields, "calls", r.getCalls());
    fact(out, fields, "lag_ms", r.getLagMs());
    fact(out, fields, "skipped_files", r.getSkippedFiles());
    fact(out, fields, "parse_errors", r.getParseErrors());
    fact(out, fields, "data_dir", r.getDataDir());
    for (String w : r.getWarningsList()) {
      out.row("warning " + w);
    }
    fields.put("warnings", r.getWarningsList());
    String note = link.note();
    if (!note.isEmpty()) {
      fact(out, fields, "note", note);
    }
    return Results.of(out.render(4_000), fields);
  }

  private static void fact(Output out, Map<String, Object> fields, String key, Object value) {
    out.row(key + " " + value);
    fields.put(key, value);
  }
}
