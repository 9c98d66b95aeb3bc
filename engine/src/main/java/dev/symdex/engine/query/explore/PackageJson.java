package dev.symdex.engine.query.explore;

import dev.symdex.engine.query.explore.ExploreMap.Dependency;
import dev.symdex.engine.query.explore.ExploreMap.EntryPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An npm {@code package.json}: name, {@code dependencies}, {@code devDependencies},
 * {@code peerDependencies}, {@code optionalDependencies} (each its scope), {@code workspaces} (an
 * array, or yarn's {@code {packages: [...]}}), and {@code bin} and {@code scripts} as entry points.
 */
final class PackageJson {
  private static final List<String> SCOPES = List.of("dependencies", "devDependencies", "peerDependencies", "optionalDependencies");
  private static final int MAX_COMMAND = 80;

  private PackageJson() {}

  static ParsedManifest parse(String path, String text) throws MalformedManifest {
    if (!(Json.parse(text) instanceof Map<?, ?> top)) {
      throw new MalformedManifest("not a package.json: the top level is not an object");
    }
    String name = top.get("name") instanceof String s ? s : "";
    List<Dependency> deps = new ArrayList<>();
    for (String scope : SCOPES) {
      if (top.get(scope) instanceof Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          deps.add(new Dependency(String.valueOf(e.getKey()), e.getValue() instanceof String v ? v : "", scope));
        }
      }
    }
    List<String> workspaces = new ArrayList<>();
    Object ws = top.get("workspaces");
    if (ws instanceof Map<?, ?> m) {
      ws = m.get("packages");
    }
    if (ws instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof String s) {
          workspaces.add(s);
        }
      }
    }
    List<EntryPoint> entries = new ArrayList<>();
    Object bin = top.get("bin");
    if (bin instanceof String s) {
      entries.add(new EntryPoint(path, ManifestSource.lineOf(text, "\"bin\""), "npm-bin", (name.isEmpty() ? "bin" : name) + " -> " + s));
    } else if (bin instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        entries.add(new EntryPoint(path, ManifestSource.lineOf(text, "\"" + e.getKey() + "\""), "npm-bin", e.getKey() + " -> " + e.getValue()));
      }
    }
    if (top.get("scripts") instanceof Map<?, ?> m) {
      int from = text.indexOf("\"scripts\"");
      for (Map.Entry<?, ?> e : m.entrySet()) {
        int line = ManifestSource.lineOf(text.substring(Math.max(from, 0)), "\"" + e.getKey() + "\"") + ManifestSource.lineOf(text, "\"scripts\"") - 1;
        entries.add(new EntryPoint(path, line, "npm-script", "npm run " + e.getKey() + ": " + abbreviate(String.valueOf(e.getValue()))));
      }
    }
    return new ParsedManifest(name, deps, workspaces, entries);
  }

  private static String abbreviate(String command) {
    String one = command.replace('\n', ' ');
    return one.length() > MAX_COMMAND ? one.substring(0, MAX_COMMAND) + "..." : one;
  }
}
