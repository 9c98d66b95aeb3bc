package dev.symdex.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code symdex agent install|uninstall|status|print}: sets symdex up in Claude Code (the MCP
 * server and the SessionStart / UserPromptSubmit hooks, see {@link AgentSetup}) or prints the
 * config for other MCP clients. Options: {@code --project} (default: the git root of {@code
 * --root DIR}, default the current directory) or {@code --user}; {@code --data-dir DIR} passes a
 * daemon's data dir on; {@code --launcher PATH} names bin/symdex; {@code --client
 * claude|cursor|generic} for print. Exit codes as the CLI's: 0 done, 2 bad usage, 4 a file could
 * not be read or written. Stateless.
 */
public final class AgentCommand {
  static final String USAGE = """
      Usage: symdex agent install|uninstall|status [--project | --user] [--root DIR] [--data-dir DIR] [--launcher PATH]
             symdex agent print [--client claude|cursor|generic] [--data-dir DIR] [--launcher PATH]
        install    register the MCP server "symdex" (bin/symdex mcp) and the SessionStart and
                   UserPromptSubmit hooks in Claude Code: --project (default) writes DIR/.mcp.json and
                   DIR/.claude/settings.json (DIR: the git root of --root, default the current directory);
                   --user writes ~/.claude.json and ~/.claude/settings.json. Merges; keeps a backup
                   (FILE.symdex-backup) of each file before its first change.
        uninstall  take them out again (the backup's bytes when nothing else changed)
        status     what is installed, in the project and for the user
        print      the MCP config for another client (cursor: .cursor/mcp.json; generic: command and args)
      """;

  private AgentCommand() {}

  /** Runs {@code args} ({@code args[0]} is "agent") and returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("symdex: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    if (o.action().equals("help")) {
      out.print(USAGE);
      return 0;
    }
    Path launcher = o.launcher() != null ? o.launcher().toAbsolutePath().normalize() : Places.launcher();
    if (launcher == null && (o.action().equals("install") || o.action().equals("print"))) {
      err.println("symdex: cannot tell where bin/symdex is; pass --launcher /abs/path/to/bin/symdex");
      return 2;
    }
    String dataDir = o.dataDir() == null ? null : o.dataDir().toAbsolutePath().normalize().toString();
    try {
      switch (o.action()) {
        case "install" -> {
          for (AgentSetup.Change c : o.scope().install(launcher.toString(), dataDir)) {
            out.println(c);
          }
          out.println("Claude Code reads them at its next start" + (o.user()
              ? " (it rewrites ~/.claude.json while it runs: if it was running, check with symdex agent status after it exits)."
              : " (it asks once to approve the project's MCP server)."));
        }
        case "uninstall" -> {
          for (AgentSetup.Change c : o.scope().uninstall()) {
            out.println(c);
          }
        }
        case "status" -> {
          AgentSetup project = AgentSetup.project(o.projectRoot());
          AgentSetup user = AgentSetup.user(Places.home());
          for (AgentSetup s : List.of(project, user)) {
            out.println(s.name() + (s.installed() ? ": installed" : ": not installed"));
            for (String line : s.status()) {
              out.println("  " + line);
            }
          }
        }
        case "print" -> print(o.client(), launcher.toString(), dataDir, out, err);
        default -> throw new IllegalStateException(o.action());
      }
    } catch (IOException e) {
      err.println("symdex: " + e.getMessage());
      return 4;
    }
    return 0;
  }

  /** Prints the config of a client: JSON on {@code out}, where it goes on {@code err}. */
  static void print(String client, String launcher, String dataDir, PrintStream out, PrintStream err) {
    Map<String, Object> servers = new LinkedHashMap<>();
    servers.put(ClaudeEntries.SERVER, ClaudeEntries.server(launcher, dataDir));
    Map<String, Object> mcp = new LinkedHashMap<>();
    mcp.put("mcpServers", servers);
    switch (client) {
      case "cursor" -> {
        err.println("# .cursor/mcp.json in the project (or ~/.cursor/mcp.json for every project):");
        out.print(Json.write(mcp));
      }
      case "generic" -> {
        err.println("# an MCP server over stdio: run the command with the args (SYMDEX_DATA_DIR in env if set):");
        out.print(Json.write(ClaudeEntries.server(launcher, dataDir)));
      }
      default -> {
        out.println("# .mcp.json (or: claude mcp add --scope project symdex -- " + ClaudeEntries.shellQuote(launcher) + " mcp)");
        out.print(Json.write(mcp));
        Map<String, Object> settings = new LinkedHashMap<>();
        Map<String, String> commands = new LinkedHashMap<>();
        ClaudeEntries.HOOKS.forEach((event, sub) -> commands.put(event, ClaudeEntries.hookCommand(launcher, sub, dataDir)));
        ClaudeEntries.putHooks(settings, commands);
        out.println("# .claude/settings.json (merged into its \"hooks\"; symdex agent install does both)");
        out.print(Json.write(settings));
      }
    }
    out.flush();
  }

  /** The parsed command line. */
  record Options(String action, boolean user, Path root, Path dataDir, Path launcher, String client) {
    static Options parse(String[] args) {
      if (args.length < 2) {
        throw new IllegalArgumentException("agent needs one of install, uninstall, status, print");
      }
      String action = args[1];
      if (action.equals("--help") || action.equals("-h") || action.equals("help")) {
        return new Options("help", false, null, null, null, null);
      }
      if (!List.of("install", "uninstall", "status", "print").contains(action)) {
        throw new IllegalArgumentException("unknown agent command " + action + " (install, uninstall, status, print)");
      }
      boolean user = false;
      boolean project = false;
      Path root = null;
      Path dataDir = null;
      Path launcher = null;
      String client = "claude";
      List<String> rest = new ArrayList<>(List.of(args).subList(2, args.length));
      for (int i = 0; i < rest.size(); i++) {
        String a = rest.get(i);
        switch (a) {
          case "--user" -> user = true;
          case "--project" -> project = true;
          case "--root" -> root = Path.of(value(rest, ++i, a));
          case "--data-dir" -> dataDir = Path.of(value(rest, ++i, a));
          case "--launcher" -> launcher = Path.of(value(rest, ++i, a));
          case "--client" -> client = value(rest, ++i, a);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (user && project) {
        throw new IllegalArgumentException("give --project or --user, not both");
      }
      if (!List.of("claude", "cursor", "generic").contains(client)) {
        throw new IllegalArgumentException("--client takes claude, cursor or generic, got " + client);
      }
      if (root != null && !Files.isDirectory(root)) {
        throw new IllegalArgumentException("--root " + root + " is not a directory");
      }
      return new Options(action, user, root, dataDir, launcher, client);
    }

    private static String value(List<String> args, int i, String flag) {
      if (i >= args.size()) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return args.get(i);
    }

    Path projectRoot() {
      return Places.projectRoot(root != null ? root : Path.of(""));
    }

    AgentSetup scope() {
      return user ? AgentSetup.user(Places.home()) : AgentSetup.project(projectRoot());
    }
  }
}
