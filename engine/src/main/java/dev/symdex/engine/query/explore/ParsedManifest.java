package dev.symdex.engine.query.explore;

import dev.symdex.engine.query.explore.ExploreMap.Dependency;
import dev.symdex.engine.query.explore.ExploreMap.EntryPoint;
import java.util.List;

/** What one manifest declares: the project's name, dependencies, workspace members, entry points. */
record ParsedManifest(String name, List<Dependency> dependencies, List<String> workspaces, List<EntryPoint> entryPoints) {
  ParsedManifest {
    dependencies = List.copyOf(dependencies);
    workspaces = List.copyOf(workspaces);
    entryPoints = List.copyOf(entryPoints);
  }

  /** A manifest that was read but is not of the parsed kinds' interest. */
  static final ParsedManifest NOTHING = new ParsedManifest("", List.of(), List.of(), List.of());
}
