package dev.symdex.engine.query.explore;

import dev.symdex.engine.query.explore.ExploreMap.Dependency;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Rust {@code Cargo.toml}: package name, {@code [dependencies]}, {@code [dev-dependencies]},
 * {@code [build-dependencies]}, {@code [workspace.dependencies]} (each its scope; a version, a
 * path or a git source), and {@code [workspace] members}.
 */
final class CargoToml {
  private static final List<String> TABLES = List.of("dependencies", "dev-dependencies", "build-dependencies", "workspace.dependencies");

  private CargoToml() {}

  static ParsedManifest parse(String text) throws MalformedManifest {
    Map<String, Map<String, Object>> t = Toml.parse(text);
    String name = t.getOrDefault("package", Map.of()).get("name") instanceof String s ? s : "";
    List<Dependency> deps = new ArrayList<>();
    for (String table : TABLES) {
      for (Map.Entry<String, Object> e : t.getOrDefault(table, Map.of()).entrySet()) {
        deps.add(new Dependency(e.getKey(), Toml.dependencyVersion(e.getValue()), table.equals("dependencies") ? "" : table));
      }
    }
    List<String> members = new ArrayList<>();
    if (t.getOrDefault("workspace", Map.of()).get("members") instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof String s) {
          members.add(s);
        }
      }
    }
    return new ParsedManifest(name, deps, members, List.of());
  }
}
