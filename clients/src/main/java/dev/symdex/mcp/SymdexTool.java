package dev.symdex.mcp;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/**
 * One tool of {@code symdex mcp}: its name, a description of at most 400 characters, a small input
 * schema, and its answer: compact text capped by {@code max_chars}, stamped with HEAD, generation
 * and pending changes, with the same rows as {@code structuredContent}. Implementations are
 * stateless apart from the shared {@link DaemonLink}; thread-safe.
 */
interface SymdexTool {
  String name();

  String description();

  /** The input schema, as JSON. */
  String inputSchema();

  /**
   * Answers a call. Bad arguments throw {@link IllegalArgumentException}; a failed RPC throws
   * {@link io.grpc.StatusRuntimeException}; both become tool errors the model reads.
   */
  CallToolResult call(Args args) throws DaemonLink.Unavailable;
}
