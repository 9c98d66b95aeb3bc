package dev.symdex.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The entries symdex adds to Claude Code's config, and how to find and remove exactly them: the MCP
 * server {@code mcpServers.symdex} ({@code .mcp.json} or {@code ~/.claude.json}) and two command
 * hooks in a settings file ({@code hooks.SessionStart}, {@code hooks.UserPromptSubmit}), each in a
 * matcher group of its own. A hook is symdex's when its command runs a file named {@code symdex}
 * with {@code hook session-start} or {@code hook prompt}; every other key, group and hook is left
 * as it is. Methods edit the maps they are given; stateless.
 */
public final class ClaudeEntries {
  /** The MCP server's name. */
  public static final String SERVER = "symdex";
  /** Seconds Claude Code gives a hook; the hooks themselves give up well before (under a second). */
  static final int HOOK_TIMEOUT_S = 5;
  /** The hook events and the {@code symdex hook} subcommand each runs. */
  static final Map<String, String> HOOKS = orderedHooks();

  private static final Pattern OURS = Pattern.compile("(^|.*/)symdex'?\\s+hook\\s+(session-start|prompt)(\\s.*)?", Pattern.DOTALL);

  private ClaudeEntries() {}

  private static Map<String, String> orderedHooks() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("SessionStart", "session-start");
    m.put("UserPromptSubmit", "prompt");
    return m;
  }

  /** The MCP server entry: {@code {"command": launcher, "args": ["mcp"]}}, with {@code env} when a data dir is set. */
  static Map<String, Object> server(String launcher, String dataDir) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("command", launcher);
    s.put("args", new ArrayList<>(List.of("mcp")));
    if (dataDir != null) {
      Map<String, Object> env = new LinkedHashMap<>();
      env.put("SYMDEX_DATA_DIR", dataDir);
      s.put("env", env);
    }
    return s;
  }

  /** The shell command of a hook: {@code 'LAUNCHER' hook SUB [--data-dir 'DIR']}. */
  static String hookCommand(String launcher, String sub, String dataDir) {
    return shellQuote(launcher) + " hook " + sub + (dataDir == null ? "" : " --data-dir " + shellQuote(dataDir));
  }

  /** Sets {@code mcpServers.symdex} (replacing an older one of that name). */
  static void putServer(Map<String, Object> root, Map<String, Object> server) {
    child(root, "mcpServers").put(SERVER, server);
  }

  /** Removes {@code mcpServers.symdex}, and {@code mcpServers} when that leaves it empty. */
  static void removeServer(Map<String, Object> root) {
    if (root.get("mcpServers") instanceof Map<?, ?> servers) {
      servers.remove(SERVER);
      if (servers.isEmpty()) {
        root.remove("mcpServers");
      }
    }
  }

  /** The server entry, or null. */
  static Map<?, ?> server(Map<String, Object> root) {
    return root.get("mcpServers") instanceof Map<?, ?> servers && servers.get(SERVER) instanceof Map<?, ?> s ? s : null;
  }

  /**
   * Makes each event in {@link #HOOKS} run exactly one symdex hook with {@code commands.get(event)}:
   * a symdex hook already there is updated in place (other symdex hooks of the event removed), else
   * a group {@code {"hooks":[{"type":"command","command":...,"timeout":5}]}} is appended.
   */
  static void putHooks(Map<String, Object> root, Map<String, String> commands) {
    Map<String, Object> hooks = child(root, "hooks");
    for (Map.Entry<String, String> e : commands.entrySet()) {
      Map<String, Object> wanted = new LinkedHashMap<>();
      wanted.put("type", "command");
      wanted.put("command", e.getValue());
      wanted.put("timeout", new Json.Num(Integer.toString(HOOK_TIMEOUT_S)));
      Object groups = hooks.get(e.getKey());
      if (!(groups instanceof List<?>)) {
        groups = new ArrayList<>();
        hooks.put(e.getKey(), groups);
      }
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) groups;
      boolean placed = false;
      for (Object g : list) {
        if (g instanceof Map<?, ?> group && group.get("hooks") instanceof List<?> handlers) {
          @SuppressWarnings("unchecked")
          List<Object> hs = (List<Object>) handlers;
          for (int i = 0; i < hs.size(); i++) {
            if (isOurs(hs.get(i))) {
              if (placed) {
                hs.remove(i--);
              } else {
                hs.set(i, wanted);
                placed = true;
              }
            }
          }
        }
      }
      list.removeIf(g -> g instanceof Map<?, ?> group && group.get("hooks") instanceof List<?> hs && hs.isEmpty());
      if (!placed) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("hooks", new ArrayList<>(List.of(wanted)));
        list.add(group);
      }
    }
  }

  /**
   * Removes every symdex hook; a group left with no hooks goes, then an event left with no group,
   * then {@code hooks} when left empty. Groups without symdex hooks are never touched.
   */
  static void removeHooks(Map<String, Object> root) {
    if (!(root.get("hooks") instanceof Map<?, ?> hooks)) {
      return;
    }
    for (String event : HOOKS.keySet()) {
      if (!(hooks.get(event) instanceof List<?> groups)) {
        continue;
      }
      groups.removeIf(g -> g instanceof Map<?, ?> group && group.get("hooks") instanceof List<?> hs
          && hs.removeIf(ClaudeEntries::isOurs) && hs.isEmpty());
      if (groups.isEmpty()) {
        hooks.remove(event);
      }
    }
    if (hooks.isEmpty()) {
      root.remove("hooks");
    }
  }

  /** The commands of the symdex hooks of an event, in order (empty: none). */
  static List<String> hookCommands(Map<String, Object> root, String event) {
    List<String> found = new ArrayList<>();
    if (root.get("hooks") instanceof Map<?, ?> hooks && hooks.get(event) instanceof List<?> groups) {
      for (Object g : groups) {
        if (g instanceof Map<?, ?> group && group.get("hooks") instanceof List<?> hs) {
          for (Object h : hs) {
            if (isOurs(h)) {
              found.add((String) ((Map<?, ?>) h).get("command"));
            }
          }
        }
      }
    }
    return found;
  }

  /** Whether a hook handler is a symdex hook (see the class comment). */
  static boolean isOurs(Object handler) {
    return handler instanceof Map<?, ?> h && "command".equals(h.get("type")) && h.get("command") instanceof String c
        && OURS.matcher(c.strip()).matches();
  }

  /** A copy of a JSON value whose maps and lists can be edited without touching the original. */
  static Object deepCopy(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> c = new LinkedHashMap<>();
      m.forEach((k, x) -> c.put((String) k, deepCopy(x)));
      return c;
    }
    if (v instanceof List<?> l) {
      List<Object> c = new ArrayList<>(l.size());
      l.forEach(x -> c.add(deepCopy(x)));
      return c;
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> root, String key) {
    Object v = root.get(key);
    if (v instanceof Map<?, ?>) {
      return (Map<String, Object>) v;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    root.put(key, m);
    return m;
  }

  /** {@code s} as one shell word: as it is when it is made of safe characters, else in single quotes. */
  static String shellQuote(String s) {
    if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "/._-+:@%=,".indexOf(c) >= 0)) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
