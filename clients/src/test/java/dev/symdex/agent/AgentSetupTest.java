package dev.symdex.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** agent install / uninstall on real files in temp dirs: merge, backup, idempotence, byte-for-byte restore. */
class AgentSetupTest {
  /** A settings file a user wrote by hand: other keys, other hooks (one in the same event), odd layout. */
  private static final String SETTINGS = """
      {
          "model": "opus",
          "permissions": {"allow": ["Bash(git status)"], "deny": []},
          "hooks": {
              "SessionStart": [
                  {"matcher": "startup", "hooks": [{"type": "command", "command": "echo hello", "timeout": 3}]}
              ],
              "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "~/bin/check.sh"}]}]
          },
          "env": {"A": "1.50"}
      }
      """;
  private static final String MCP = "{\"mcpServers\": {\"other\": {\"command\": \"npx\", \"args\": [\"-y\", \"other-mcp\"]}}}";
  private static final String LAUNCHER = "/opt/sym dex/bin/symdex";

  @Test
  void installMergesKeepsABackupIsIdempotentAndUninstallRestoresTheBytes(@TempDir Path project) throws Exception {
    Path settings = project.resolve(".claude/settings.json");
    Path mcp = project.resolve(".mcp.json");
    Files.createDirectories(settings.getParent());
    Files.writeString(settings, SETTINGS);
    Files.writeString(mcp, MCP);
    Files.setPosixFilePermissions(settings, PosixFilePermissions.fromString("rw-r--r--"));
    byte[] settingsBefore = Files.readAllBytes(settings);
    byte[] mcpBefore = Files.readAllBytes(mcp);
    AgentSetup setup = AgentSetup.project(project);
    assertFalse(setup.installed());

    setup.install(LAUNCHER, null);

    Map<?, ?> s = json(settings);
    assertEquals("opus", s.get("model"));
    assertEquals(json(SETTINGS).get("permissions"), s.get("permissions"));
    assertEquals("1.50", ((Map<?, ?>) s.get("env")).get("A"));
    Map<?, ?> hooks = (Map<?, ?>) s.get("hooks");
    assertEquals(((Map<?, ?>) json(SETTINGS).get("hooks")).get("PreToolUse"), hooks.get("PreToolUse"), "other events untouched");
    List<?> sessionStart = (List<?>) hooks.get("SessionStart");
    assertEquals(2, sessionStart.size(), "the user's group kept, ours appended");
    assertEquals(((List<?>) ((Map<?, ?>) json(SETTINGS).get("hooks")).get("SessionStart")).get(0), sessionStart.get(0));
    assertEquals(Map.of("hooks", List.of(Map.of("type", "command", "command", "'/opt/sym dex/bin/symdex' hook session-start",
        "timeout", new Json.Num("5")))), sessionStart.get(1));
    assertEquals(List.of("'/opt/sym dex/bin/symdex' hook prompt"), ClaudeEntries.hookCommands(cast(s), "UserPromptSubmit"));
    Map<?, ?> servers = (Map<?, ?>) json(mcp).get("mcpServers");
    assertEquals(json(MCP).get("mcpServers") instanceof Map<?, ?> m ? m.get("other") : null, servers.get("other"));
    assertEquals(Map.of("command", LAUNCHER, "args", List.of("mcp")), servers.get("symdex"));
    assertArrayEquals(settingsBefore, Files.readAllBytes(project.resolve(".claude/settings.json.symdex-backup")));
    assertArrayEquals(mcpBefore, Files.readAllBytes(project.resolve(".mcp.json.symdex-backup")));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings)), "a rewritten file keeps its mode");
    assertTrue(setup.installed());

    byte[] settingsOnce = Files.readAllBytes(settings);
    byte[] mcpOnce = Files.readAllBytes(mcp);
    List<AgentSetup.Change> again = setup.install(LAUNCHER, null);
    assertArrayEquals(settingsOnce, Files.readAllBytes(settings), "installing twice leaves the same bytes");
    assertArrayEquals(mcpOnce, Files.readAllBytes(mcp));
    assertTrue(again.stream().allMatch(c -> c.what().startsWith("already has")), again.toString());
    assertArrayEquals(settingsBefore, Files.readAllBytes(project.resolve(".claude/settings.json.symdex-backup")), "the backup is the first original");

    setup.uninstall();
    assertArrayEquals(settingsBefore, Files.readAllBytes(settings), "uninstall restores the bytes");
    assertArrayEquals(mcpBefore, Files.readAllBytes(mcp));
    assertFalse(Files.exists(project.resolve(".claude/settings.json.symdex-backup")));
    assertFalse(Files.exists(project.resolve(".mcp.json.symdex-backup")));
  }

  @Test
  void aMovedLauncherIsUpdatedInPlaceNotAddedTwice(@TempDir Path project) throws Exception {
    AgentSetup setup = AgentSetup.project(project);
    setup.install("/a/bin/symdex", null);
    setup.install("/b/bin/symdex", null);
    Map<String, Object> s = cast(json(project.resolve(".claude/settings.json")));
    assertEquals(List.of("/b/bin/symdex hook session-start"), ClaudeEntries.hookCommands(s, "SessionStart"));
    assertEquals(List.of("/b/bin/symdex hook prompt"), ClaudeEntries.hookCommands(s, "UserPromptSubmit"));
  }

  @Test
  void uninstallAfterTheUserChangedTheFileRemovesOnlyOurEntries(@TempDir Path project) throws Exception {
    Path settings = project.resolve(".claude/settings.json");
    Files.createDirectories(settings.getParent());
    Files.writeString(settings, SETTINGS);
    AgentSetup setup = AgentSetup.project(project);
    setup.install(LAUNCHER, null);
    Map<String, Object> edited = cast(json(settings));
    edited.put("theme", "dark");
    Files.writeString(settings, Json.write(edited));

    setup.uninstall();

    Map<String, Object> expected = cast(json(SETTINGS));
    expected.put("theme", "dark");
    assertEquals(expected, json(settings), "the user's later change stays, our hooks go, theirs stay");
    assertFalse(Files.exists(project.resolve(".claude/settings.json.symdex-backup")));
  }

  @Test
  void filesSymdexCreatedAreDeletedWithTheirDirectory(@TempDir Path project) throws Exception {
    AgentSetup setup = AgentSetup.project(project);
    setup.install(LAUNCHER, "/data dir");
    Path settings = project.resolve(".claude/settings.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings.getParent())));
    assertEquals(List.of("'/opt/sym dex/bin/symdex' hook session-start --data-dir '/data dir'"),
        ClaudeEntries.hookCommands(cast(json(settings)), "SessionStart"));
    assertEquals(Map.of("SYMDEX_DATA_DIR", "/data dir"),
        ((Map<?, ?>) ((Map<?, ?>) json(project.resolve(".mcp.json")).get("mcpServers")).get("symdex")).get("env"));

    setup.uninstall();
    try (var left = Files.list(project)) {
      assertEquals(List.of(), left.toList(), "no .mcp.json, no .claude/, no markers");
    }
  }

  @Test
  void userScopeKeepsTheRestOfClaudeJson(@TempDir Path home) throws Exception {
    Path claudeJson = home.resolve(".claude.json");
    String state = "{\"numStartups\": 12, \"projects\": {\"/x\": {\"allowedTools\": []}}, \"mcpServers\": {}}";
    Files.writeString(claudeJson, state);
    AgentSetup setup = AgentSetup.user(home);
    setup.install(LAUNCHER, null);
    Map<?, ?> after = json(claudeJson);
    assertEquals(new Json.Num("12"), after.get("numStartups"));
    assertEquals(json(state).get("projects"), after.get("projects"));
    assertTrue(setup.installed());
    setup.uninstall();
    assertEquals(state, Files.readString(claudeJson));
    assertFalse(Files.exists(home.resolve(".claude/settings.json")), "the settings file symdex created is gone");
  }

  @Test
  void aFileThatIsNotJsonIsRefusedAndLeftAlone(@TempDir Path project) throws Exception {
    Path settings = project.resolve(".claude/settings.json");
    Files.createDirectories(settings.getParent());
    Files.writeString(settings, "{\"hooks\": [unquoted]}");
    IOException e = assertThrows(IOException.class, () -> AgentSetup.project(project).install(LAUNCHER, null));
    assertTrue(e.getMessage().contains("settings.json is not valid JSON"), e.getMessage());
    assertEquals("{\"hooks\": [unquoted]}", Files.readString(settings));
    assertFalse(Files.exists(project.resolve(".mcp.json")), "nothing written when one file is refused");
  }

  @Test
  void theCommandLineInstallsReportsAndPrints(@TempDir Path project) throws Exception {
    Files.createDirectories(project.resolve(".git"));
    Path sub = Files.createDirectories(project.resolve("src/deep"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(0, AgentCommand.run(new String[] {"agent", "install", "--root", sub.toString(), "--launcher", "/x/bin/symdex"}, o, e),
        err.toString(StandardCharsets.UTF_8));
    assertTrue(Files.exists(project.resolve(".mcp.json")), "the project is the git root of --root");
    out.reset();
    assertEquals(0, AgentCommand.run(new String[] {"agent", "status", "--root", sub.toString()}, o, e));
    String status = out.toString(StandardCharsets.UTF_8);
    assertTrue(status.contains("project " + project + ": installed"), status);
    assertTrue(status.contains("hooks SessionStart (/x/bin/symdex hook session-start)"), status);
    out.reset();
    assertEquals(0, AgentCommand.run(new String[] {"agent", "print", "--client", "cursor", "--launcher", "/x/bin/symdex"}, o, e));
    assertEquals(Map.of("mcpServers", Map.of("symdex", Map.of("command", "/x/bin/symdex", "args", List.of("mcp")))),
        Json.parse(out.toString(StandardCharsets.UTF_8)));
    assertEquals(2, AgentCommand.run(new String[] {"agent", "install", "--user", "--project"}, o, e));
    assertEquals(2, AgentCommand.run(new String[] {"agent", "print", "--client", "vim"}, o, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--client takes claude, cursor or generic"));
  }

  private static Map<?, ?> json(Path p) throws Exception {
    return json(Files.readString(p));
  }

  private static Map<?, ?> json(String s) throws Exception {
    return (Map<?, ?>) Json.parse(s);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
