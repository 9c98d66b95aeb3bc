package dev.symdex.engine.query.explore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workspace files that list a build's sub-projects and have no dependency parser of their own,
 * read by pattern, not run: Gradle settings scripts, {@code go.work}, {@code pnpm-workspace.yaml},
 * and the project name of {@code setup.cfg} and {@code setup.py}.
 */
final class WorkspaceFiles {
  private static final Pattern QUOTED = Pattern.compile("[\"']([^\"']+)[\"']");
  private static final Pattern INCLUDE = Pattern.compile("^\\s*include\\b\\s*\\(?(.*)$");
  private static final Pattern ROOT_NAME = Pattern.compile("rootProject\\.name\\s*=\\s*[\"']([^\"']+)[\"']");
  private static final Pattern PROJECT_DIR = Pattern.compile(
      "project\\s*\\(\\s*[\"'](:[^\"']+)[\"']\\s*\\)\\s*\\.projectDir\\s*=\\s*"
          + "(?:file\\s*\\(|new\\s+File\\s*\\(\\s*(?:rootDir|settingsDir)\\s*,|File\\s*\\(\\s*(?:rootDir|settingsDir)\\s*,)"
          + "\\s*[\"']([^\"']+)[\"']");
  private static final Pattern SETUP_PY_NAME = Pattern.compile("\\bname\\s*=\\s*[\"']([^\"']+)[\"']");

  private WorkspaceFiles() {}

  /**
   * A Gradle settings script: the root project's name (empty when not set), and each included
   * project's path ({@code :a:b}) with its directory relative to the settings file ({@code a/b},
   * or the literal {@code projectDir} the script gives it).
   */
  record GradleSettings(String rootName, Map<String, String> projects) {}

  static GradleSettings gradleSettings(String text) {
    String rootName = "";
    Map<String, String> projects = new LinkedHashMap<>();
    Map<String, String> dirs = new LinkedHashMap<>();
    boolean continued = false; // an include whose list goes on past its line: in parentheses, or after a comma
    boolean inParens = false;
    for (String raw : text.split("\r?\n", -1)) {
      String line = stripComment(raw);
      if (continued) {
        addIncludes(line, projects);
        inParens = inParens && !line.contains(")");
        continued = inParens || line.strip().endsWith(",");
        continue;
      }
      Matcher root = ROOT_NAME.matcher(line);
      if (root.find()) {
        rootName = root.group(1);
      }
      Matcher dir = PROJECT_DIR.matcher(line);
      if (dir.find()) {
        dirs.put(dir.group(1), dir.group(2));
      }
      Matcher include = INCLUDE.matcher(line);
      if (include.find()) {
        addIncludes(include.group(1), projects);
        inParens = line.substring(0, include.start(1)).contains("(") && !include.group(1).contains(")");
        continued = inParens || include.group(1).strip().endsWith(",") || include.group(1).isBlank();
      }
    }
    dirs.forEach((path, dir) -> {
      if (projects.containsKey(path)) {
        projects.put(path, dir);
      }
    });
    return new GradleSettings(rootName, projects);
  }

  /** Adds each quoted project path of {@code text} ({@code :a:b} or {@code a:b}) with its default directory {@code a/b}. */
  private static void addIncludes(String text, Map<String, String> projects) {
    Matcher q = QUOTED.matcher(text);
    while (q.find()) {
      String path = q.group(1).startsWith(":") ? q.group(1) : ":" + q.group(1);
      projects.put(path, path.substring(1).replace(':', '/'));
    }
  }

  /** The directories a {@code go.work} file's {@code use} directives name (single or in a block), as written. */
  static List<String> goWorkUses(String text) {
    List<String> out = new ArrayList<>();
    boolean inUse = false;
    for (String raw : text.split("\r?\n", -1)) {
      String line = stripComment(raw).strip();
      if (inUse) {
        if (line.startsWith(")")) {
          inUse = false;
        } else if (!line.isEmpty()) {
          out.add(unquote(line));
        }
      } else if (line.startsWith("use")) {
        String rest = line.substring(3).strip();
        if (rest.startsWith("(")) {
          inUse = true;
          rest = rest.substring(1).strip();
          if (rest.endsWith(")")) {
            inUse = false;
            rest = rest.substring(0, rest.length() - 1).strip();
          }
        }
        if (!rest.isEmpty()) {
          out.add(unquote(rest));
        }
      }
    }
    return out;
  }

  /** The globs a {@code pnpm-workspace.yaml}'s {@code packages} list names ({@code !} in front: excluded), as written. */
  static List<String> pnpmPackages(String text) {
    List<String> out = new ArrayList<>();
    boolean inPackages = false;
    for (String raw : text.split("\r?\n", -1)) {
      String line = stripHash(raw);
      if (line.isBlank()) {
        continue;
      }
      boolean indented = Character.isWhitespace(line.charAt(0)) || line.startsWith("-");
      if (!indented) {
        inPackages = line.strip().startsWith("packages:");
        String inline = line.strip().substring(inPackages ? "packages:".length() : 0).strip();
        if (inPackages && inline.startsWith("[") && inline.endsWith("]")) {
          for (String item : inline.substring(1, inline.length() - 1).split(",", -1)) {
            if (!item.isBlank()) {
              out.add(unquote(item.strip()));
            }
          }
          inPackages = false;
        }
      } else if (inPackages && line.strip().startsWith("-")) {
        out.add(unquote(line.strip().substring(1).strip()));
      }
    }
    return out;
  }

  /** The {@code name} of a {@code setup.cfg}'s {@code [metadata]} section, empty when none. */
  static String setupCfgName(String text) {
    boolean inMetadata = false;
    for (String raw : text.split("\r?\n", -1)) {
      String line = raw.strip();
      if (line.startsWith("[")) {
        inMetadata = line.equals("[metadata]");
      } else if (inMetadata && line.matches("name\\s*[=:].*")) {
        return line.substring(line.indexOf(line.contains("=") ? '=' : ':') + 1).strip();
      }
    }
    return "";
  }

  /** The first literal {@code name="..."} of a {@code setup.py}, empty when none. */
  static String setupPyName(String text) {
    Matcher m = SETUP_PY_NAME.matcher(text);
    return m.find() ? m.group(1) : "";
  }

  private static String stripComment(String line) {
    int slashes = line.indexOf("//");
    return slashes >= 0 ? line.substring(0, slashes) : line;
  }

  private static String stripHash(String line) {
    int hash = line.indexOf(" #");
    return line.startsWith("#") ? "" : hash >= 0 ? line.substring(0, hash) : line;
  }

  private static String unquote(String s) {
    String t = s.strip();
    if (t.length() >= 2 && (t.charAt(0) == '"' || t.charAt(0) == '\'') && t.charAt(t.length() - 1) == t.charAt(0)) {
      return t.substring(1, t.length() - 1);
    }
    return t;
  }
}
