package dev.symdex.mcp;

import dev.symdex.client.SymdexPaths;
import io.grpc.StatusRuntimeException;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code symdex mcp}: a Model Context Protocol server on stdin/stdout for coding agents, with five
 * tools over the daemon's API ({@code symbols}, {@code context}, {@code map}, {@code changes},
 * {@code status}). It starts a daemon for the project when none answers ({@link DaemonLink}).
 *
 * <p>Contract: stdout carries the protocol and nothing else (logs go to stderr through JUL, and
 * {@code System.out} is pointed at stderr while serving); a line on stdin that is not a JSON-RPC
 * message gets a JSON-RPC error and the server goes on ({@link StdinGuard}); when stdin ends, the
 * server returns 0 at once (the caller exits the JVM), whatever threads the SDK left running.
 */
public final class McpCommand {
  static final String NAME = "mcp";
  static final String VERSION = "0.1.0";
  static final String INSTRUCTIONS = "symdex answers from a parsed index of this project's code that is current to the last"
      + " saved edit: definitions, references, callers and callees by name, a file's outline, the files that matter to a task,"
      + " a map of the project, and what changed with what may break. Use it instead of grep or find whenever you look for an"
      + " identifier, a call graph, where to start on a task, or what your edits affect.";

  /** JUL holds loggers weakly: keep the ones whose level is set. */
  private static final List<Logger> QUIET = List.of(Logger.getLogger("io.modelcontextprotocol"), Logger.getLogger("reactor"),
      Logger.getLogger("io.grpc.netty.shaded.io.netty"));

  private McpCommand() {}

  /** The subcommand's model, for the CLI to register. */
  public static CommandSpec spec() {
    CommandSpec spec = CommandSpec.create().name(NAME).mixinStandardHelpOptions(true);
    spec.usageMessage().description(
        "Serve the Model Context Protocol on stdin/stdout for coding agents (tools: symbols, context, map, changes, status),"
            + " e.g. claude mcp add symdex -- /path/to/symdex/bin/symdex mcp. Starts a daemon for the git work tree it runs in"
            + " when none answers.");
    spec.addOption(OptionSpec.builder("--data-dir").type(Path.class).paramLabel("DIR")
        .description("Data dir of the daemon (default: $SYMDEX_DATA_DIR or ~/.local/share/symdex).").build());
    spec.addOption(OptionSpec.builder("--project").type(String.class).paramLabel("ID|ROOT")
        .description("Project to answer from (default: the one holding the current directory, added if none does).").build());
    return spec;
  }

  /** Runs the server for a parsed {@code mcp} command line until stdin ends; returns the exit code. */
  public static int run(ParseResult sub, InputStream in, PrintStream out, PrintStream err) {
    Path dataDir = sub.matchedOptionValue("--data-dir", SymdexPaths.defaultDataDir());
    String project = sub.matchedOptionValue("--project", null);
    return serve(new DaemonLink(dataDir, project, Path.of("").toAbsolutePath()), in, out, err);
  }

  /** Serves {@code link}'s project on {@code in}/{@code out} until {@code in} ends. */
  static int serve(DaemonLink link, InputStream in, PrintStream out, PrintStream err) {
    for (Logger l : QUIET) {
      l.setLevel(Level.WARNING);
    }
    PrintStream systemOut = System.out;
    System.setOut(err); // nothing but the protocol on stdout
    McpJsonMapper mapper = McpJsonDefaults.getMapper();
    StdinGuard guard = new StdinGuard(in, out, mapper);
    List<SymdexTool> tools = tools(link);
    McpServer.SyncSpecification<?> spec = McpServer.sync(new StdioServerTransportProvider(mapper, guard, out))
        .serverInfo("symdex", VERSION)
        .instructions(INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build());
    for (SymdexTool t : tools) {
      spec.toolCall(McpSchema.Tool.builder().name(t.name()).description(t.description()).inputSchema(mapper, t.inputSchema()).build(),
          (exchange, request) -> answer(link, t, request.arguments()));
    }
    McpSyncServer server = spec.build();
    // Connect (or start the daemon) while the client initializes, so that the first call is quick.
    Thread warm = new Thread(() -> {
      try {
        link.target();
      } catch (DaemonLink.Unavailable e) {
        err.println("symdex mcp: " + e.getMessage());
      }
    }, "symdex-mcp-connect");
    warm.setDaemon(true);
    warm.start();
    try {
      guard.awaitEof(Long.MAX_VALUE, TimeUnit.DAYS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      server.close();
      link.close();
      System.setOut(systemOut);
    }
    return 0;
  }

  /** The tools, in the order tools/list shows them. */
  static List<SymdexTool> tools(DaemonLink link) {
    return List.of(new SymbolsTool(link), new ContextTool(link), new MapTool(link), new ChangesTool(link), new StatusTool(link));
  }

  /**
   * A tool's answer, with bad arguments, refused RPCs, an unreachable daemon and a first index still
   * running (said at once, rather than after waiting out the call's deadline) as tool errors the
   * model reads.
   */
  static CallToolResult answer(DaemonLink link, SymdexTool tool, Map<String, Object> arguments) {
    try {
      Args args = new Args(arguments);
      String indexing = tool instanceof StatusTool ? null : link.stillIndexing();
      if (indexing != null) {
        return Results.error(tool.name() + ": " + indexing);
      }
      return tool.call(args);
    } catch (IllegalArgumentException e) {
      return Results.error(tool.name() + ": " + e.getMessage());
    } catch (StatusRuntimeException e) {
      return Results.error(tool.name() + ": " + e.getStatus().getCode()
          + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()));
    } catch (DaemonLink.Unavailable e) {
      return Results.error(tool.name() + ": no daemon: " + e.getMessage());
    }
  }
}
