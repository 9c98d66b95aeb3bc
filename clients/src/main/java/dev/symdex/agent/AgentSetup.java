package dev.symdex.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Installs symdex into Claude Code for one scope, and takes it out again: the MCP server
 * registration in {@code mcpFile} and the hooks in {@code settingsFile}.
 *
 * <ul>
 *   <li>Install merges: every other key, server, group and hook stays as it was. Before a file's
 *       first change its bytes are kept in {@code NAME.symdex-backup} (or, for a file symdex
 *       creates, a {@code NAME.symdex-created} marker). Installing twice leaves the same bytes:
 *       a file already holding the entries is not written.
 *   <li>Uninstall removes exactly symdex's entries; when what is left equals the backup (the file
 *       did not change otherwise since), the backup's bytes are put back byte for byte; a file
 *       symdex created and that holds nothing else is deleted. Then the backup and marker go.
 * </ul>
 *
 * A file that is not a JSON object is refused with an {@link IOException} naming it, changing
 * nothing. Not thread-safe.
 *
 * @param name "project DIR" or "user", for messages
 * @param mcpFile {@code DIR/.mcp.json} or {@code ~/.claude.json}
 * @param settingsFile {@code DIR/.claude/settings.json} or {@code ~/.claude/settings.json}
 */
public record AgentSetup(String name, ConfigFile mcpFile, ConfigFile settingsFile) {
  /** The project scope of a directory (a git root, or any directory). */
  public static AgentSetup project(Path root) {
    return new AgentSetup("project " + root, new ConfigFile(root.resolve(".mcp.json")),
        new ConfigFile(root.resolve(".claude").resolve("settings.json")));
  }

  /** The user scope of a home directory. */
  public static AgentSetup user(Path home) {
    return new AgentSetup("user " + home, new ConfigFile(home.resolve(".claude.json")),
        new ConfigFile(home.resolve(".claude").resolve("settings.json")));
  }

  /** What was done to one file. */
  public record Change(Path file, String what) {
    @Override
    public String toString() {
      return file + ": " + what;
    }
  }

  /**
   * Registers {@code launcher mcp} as the MCP server {@code symdex} and the two hooks.
   *
   * @param launcher absolute path of {@code bin/symdex}
   * @param dataDir the daemon's data dir to pass on, or null for the default
   */
  public List<Change> install(String launcher, String dataDir) throws IOException {
    Map<String, String> commands = new LinkedHashMap<>();
    ClaudeEntries.HOOKS.forEach((event, sub) -> commands.put(event, ClaudeEntries.hookCommand(launcher, sub, dataDir)));
    // Read (and so check) both before writing either.
    Map<String, Object> mcp = mcpFile.read();
    Map<String, Object> settings = settingsFile.read();
    List<Change> changes = new ArrayList<>();
    changes.add(merge(mcpFile, mcp, root -> ClaudeEntries.putServer(root, ClaudeEntries.server(launcher, dataDir)),
        "MCP server \"symdex\": " + launcher + " mcp"));
    changes.add(merge(settingsFile, settings, root -> ClaudeEntries.putHooks(root, commands),
        "hooks SessionStart, UserPromptSubmit"));
    return changes;
  }

  /** Takes out what {@link #install} put in (see the class comment). */
  public List<Change> uninstall() throws IOException {
    mcpFile.read();
    settingsFile.read();
    List<Change> changes = new ArrayList<>();
    changes.add(restore(mcpFile, ClaudeEntries::removeServer));
    changes.add(restore(settingsFile, ClaudeEntries::removeHooks));
    return changes;
  }

  /** One line per file: what symdex entries it holds. */
  public List<String> status() throws IOException {
    List<String> lines = new ArrayList<>();
    Map<?, ?> server = ClaudeEntries.server(mcpFile.read());
    lines.add(mcpFile.path() + ": " + (server == null ? "no symdex MCP server"
        : "MCP server \"symdex\": " + server.get("command") + " " + String.join(" ", strings(server.get("args")))
            + launcherNote(server.get("command"))));
    Map<String, Object> settings = settingsFile.read();
    List<String> hooks = new ArrayList<>();
    for (String event : ClaudeEntries.HOOKS.keySet()) {
      for (String c : ClaudeEntries.hookCommands(settings, event)) {
        hooks.add(event + " (" + c + ")");
      }
    }
    lines.add(settingsFile.path() + ": " + (hooks.isEmpty() ? "no symdex hooks" : "hooks " + String.join(", ", hooks)));
    return lines;
  }

  /** Whether both the MCP server and every hook are registered. */
  public boolean installed() throws IOException {
    Map<String, Object> settings = settingsFile.read();
    return ClaudeEntries.server(mcpFile.read()) != null
        && ClaudeEntries.HOOKS.keySet().stream().allMatch(e -> !ClaudeEntries.hookCommands(settings, e).isEmpty());
  }

  private static String launcherNote(Object command) {
    return command instanceof String c && !Files.isExecutable(Path.of(c)) ? " (not found: run agent install again)" : "";
  }

  private static List<String> strings(Object list) {
    List<String> out = new ArrayList<>();
    if (list instanceof List<?> l) {
      l.forEach(x -> out.add(String.valueOf(x)));
    }
    return out;
  }

  private interface Edit {
    void apply(Map<String, Object> root);
  }

  private static Change merge(ConfigFile file, Map<String, Object> current, Edit edit, String what) throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> next = (Map<String, Object>) ClaudeEntries.deepCopy(current);
    edit.apply(next);
    if (next.equals(current) && Files.exists(file.path())) {
      return new Change(file.path(), "already has " + what);
    }
    file.writeKeepingOriginal(next);
    return new Change(file.path(), "added " + what);
  }

  private static Change restore(ConfigFile file, Edit remove) throws IOException {
    byte[] bytes = file.bytes();
    if (bytes == null) {
      if (file.backupBytes() != null) { // deleted since: the user's call; the original stays beside it
        return new Change(file.path(), "does not exist; its original stays in " + file.backup().getFileName());
      }
      file.forgetOriginal();
      return new Change(file.path(), "does not exist; nothing to remove");
    }
    Map<String, Object> current = ConfigFile.parseObject(bytes, file.path());
    @SuppressWarnings("unchecked")
    Map<String, Object> stripped = (Map<String, Object>) ClaudeEntries.deepCopy(current);
    remove.apply(stripped);
    byte[] backup = file.backupBytes();
    if (backup != null) {
      Map<String, Object> original = ConfigFile.parseObject(backup, file.path());
      remove.apply(original);
      if (original.equals(stripped)) {
        file.writeBytes(backup);
        file.forgetOriginal();
        return new Change(file.path(), "restored from its backup");
      }
    } else if (file.createdBySymdex() && stripped.isEmpty()) {
      file.deleteCreated();
      return new Change(file.path(), "deleted (symdex created it)");
    }
    Change c;
    if (stripped.equals(current)) {
      c = new Change(file.path(), "has no symdex entries");
    } else {
      file.writeBytes(Json.write(stripped).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      c = new Change(file.path(), "removed the symdex entries (the file changed since install: kept the rest)");
    }
    file.forgetOriginal();
    return c;
  }
}
