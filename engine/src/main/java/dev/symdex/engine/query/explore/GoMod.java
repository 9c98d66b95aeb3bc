package dev.symdex.engine.query.explore;

import dev.symdex.engine.query.explore.ExploreMap.Dependency;
import java.util.ArrayList;
import java.util.List;

/**
 * A Go {@code go.mod}: the module path and its {@code require} lines, single or in a block;
 * {@code // indirect} ones get the scope {@code indirect}.
 */
final class GoMod {
  private GoMod() {}

  static ParsedManifest parse(String text) {
    String module = "";
    List<Dependency> deps = new ArrayList<>();
    boolean inRequire = false;
    for (String raw : text.split("\r?\n", -1)) {
      String line = raw.strip();
      boolean indirect = line.contains("// indirect");
      int comment = line.indexOf("//");
      if (comment >= 0) {
        line = line.substring(0, comment).strip();
      }
      if (inRequire) {
        if (line.startsWith(")")) {
          inRequire = false;
        } else {
          require(line, indirect, deps);
        }
      } else if (line.startsWith("module ")) {
        module = line.substring("module ".length()).strip().replace("\"", "");
      } else if (line.startsWith("require")) {
        String rest = line.substring("require".length()).strip();
        if (rest.startsWith("(")) {
          inRequire = true;
        } else {
          require(rest, indirect, deps);
        }
      }
    }
    return new ParsedManifest(module, deps, List.of(), List.of());
  }

  private static void require(String line, boolean indirect, List<Dependency> out) {
    String[] parts = line.split("\\s+", -1);
    if (parts.length >= 2 && !parts[0].isEmpty()) {
      out.add(new Dependency(parts[0].replace("\"", ""), parts[1], indirect ? "indirect" : ""));
    }
  }
}
