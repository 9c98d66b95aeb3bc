package dev.symdex.engine.query.explore;

import dev.symdex.engine.query.explore.ExploreMap.Dependency;
import dev.symdex.engine.query.explore.ExploreMap.EntryPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python manifests: {@code pyproject.toml} (PEP 621 {@code [project]} dependencies, optional
 * dependencies and scripts; Poetry's dependencies, groups and scripts) and {@code requirements*.txt}.
 */
final class PythonManifests {
  /** A PEP 508 requirement: the name, extras, then the version part up to a marker. */
  private static final Pattern REQUIREMENT = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(\\[[^]]*])?\\s*([^;]*)");

  private PythonManifests() {}

  static ParsedManifest pyproject(String path, String text) throws MalformedManifest {
    Map<String, Map<String, Object>> t = Toml.parse(text);
    Map<String, Object> project = t.getOrDefault("project", Map.of());
    Map<String, Object> poetry = t.getOrDefault("tool.poetry", Map.of());
    String name = project.get("name") instanceof String s ? s : poetry.get("name") instanceof String s ? s : "";
    List<Dependency> deps = new ArrayList<>();
    if (project.get("dependencies") instanceof List<?> l) {
      requirements(l, "", deps);
    }
    for (Map.Entry<String, Object> e : t.getOrDefault("project.optional-dependencies", Map.of()).entrySet()) {
      if (e.getValue() instanceof List<?> l) {
        requirements(l, e.getKey(), deps);
      }
    }
    for (Map.Entry<String, Map<String, Object>> table : t.entrySet()) {
      String scope = poetryScope(table.getKey());
      if (scope != null) {
        for (Map.Entry<String, Object> e : table.getValue().entrySet()) {
          if (!e.getKey().equals("python")) {
            deps.add(new Dependency(e.getKey(), Toml.dependencyVersion(e.getValue()), scope));
          }
        }
      }
    }
    List<EntryPoint> scripts = new ArrayList<>();
    for (String table : List.of("project.scripts", "tool.poetry.scripts")) {
      for (Map.Entry<String, Object> e : t.getOrDefault(table, Map.of()).entrySet()) {
        if (e.getValue() instanceof String target) {
          scripts.add(new EntryPoint(path, keyLine(text, table, e.getKey()), "python-script", "[" + table + "] " + e.getKey() + " = " + target));
        }
      }
    }
    return new ParsedManifest(name, deps, List.of(), scripts);
  }

  /** 1-based line of {@code key = ...} in table {@code [table]} of {@code text}; 1 when not found. */
  private static int keyLine(String text, String table, String key) {
    String[] lines = text.split("\r?\n", -1);
    boolean inTable = false;
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.startsWith("[")) {
        inTable = line.equals("[" + table + "]");
      } else if (inTable && line.matches("[\"']?" + Pattern.quote(key) + "[\"']?\\s*=.*")) {
        return n + 1;
      }
    }
    return 1;
  }

  /** The scope of a Poetry dependency table, or null for any other table. */
  private static String poetryScope(String table) {
    if (table.equals("tool.poetry.dependencies")) {
      return "";
    }
    if (table.equals("tool.poetry.dev-dependencies")) {
      return "dev";
    }
    if (table.startsWith("tool.poetry.group.") && table.endsWith(".dependencies")) {
      return table.substring("tool.poetry.group.".length(), table.length() - ".dependencies".length());
    }
    return null;
  }

  private static void requirements(List<?> list, String scope, List<Dependency> out) {
    for (Object o : list) {
      if (o instanceof String s) {
        requirement(s, scope).ifPresent(out::add);
      }
    }
  }

  static Optional<Dependency> requirement(String line, String scope) {
    Matcher m = REQUIREMENT.matcher(line.strip());
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(new Dependency(m.group(1), m.group(3).strip(), scope));
  }

  /** A pip requirements file: one requirement a line; comments, options and includes are skipped. */
  static ParsedManifest requirementsTxt(String text) {
    List<Dependency> deps = new ArrayList<>();
    for (String raw : text.split("\r?\n", -1)) {
      int hash = raw.indexOf(" #");
      String line = (raw.startsWith("#") ? "" : hash >= 0 ? raw.substring(0, hash) : raw).strip();
      if (line.isEmpty() || line.startsWith("-")) {
        continue;
      }
      requirement(line, "").ifPresent(deps::add);
    }
    return new ParsedManifest("", deps, List.of(), List.of());
  }
}
