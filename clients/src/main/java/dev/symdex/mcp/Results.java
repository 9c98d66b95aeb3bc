package dev.symdex.mcp;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds tool answers: the rendered text plus {@code structuredContent}. Stateless. */
final class Results {
  private Results() {}

  /** The stamp's fields, as every structured answer starts. */
  static Map<String, Object> stamp(String head, long generation, long pendingChanges) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("head", head);
    m.put("generation", generation);
    m.put("pending_changes", pendingChanges);
    return m;
  }

  /**
   * An answer of {@code rendered} text; its structured form is {@code fields}, the rows shown (by
   * key) and, when rows were cut to fit, {@code rows_omitted}.
   */
  static CallToolResult of(Output.Rendered rendered, Map<String, Object> fields) {
    Map<String, Object> structured = new LinkedHashMap<>(fields);
    structured.putAll(rendered.structured());
    if (rendered.omitted() > 0) {
      structured.put("rows_omitted", rendered.omitted());
    }
    return CallToolResult.builder().addTextContent(rendered.text()).structuredContent(structured).isError(false).build();
  }

  /** A tool error: the model reads {@code message}. */
  static CallToolResult error(String message) {
    return CallToolResult.builder().addTextContent(message).isError(true).build();
  }
}
