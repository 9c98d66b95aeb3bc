package dev.symdex.engine.query.explore;

import dev.symdex.engine.model.FileState;
import dev.symdex.engine.query.explore.ExploreMap.Manifest;
import java.util.List;

/**
 * Reads and parses one dependency manifest. Never throws: unreadable or malformed input gives a
 * {@link Manifest} with its {@code skipped} reason and a {@link ParsedManifest#NOTHING} content.
 */
final class Manifests {
  /** A manifest as shown, and everything it declared (all dependencies, its entry points). */
  record Read(Manifest manifest, ParsedManifest parsed) {}

  private final ManifestSource source;

  Manifests(ManifestSource source) {
    this.source = source;
  }

  Read read(String path, String kind, FileState state, int dependencyCap) {
    ManifestSource.Read text = source.read(path, state);
    if (!text.ok()) {
      return skipped(path, kind, text.skipped());
    }
    ParsedManifest parsed;
    try {
      parsed = switch (kind) {
        case "maven" -> MavenPom.parse(path, text.text());
        case "gradle" -> GradleBuild.parse(path, text.text());
        case "npm" -> PackageJson.parse(path, text.text());
        case "pyproject" -> PythonManifests.pyproject(path, text.text());
        case "requirements" -> PythonManifests.requirementsTxt(text.text());
        case "go" -> GoMod.parse(text.text());
        case "cargo" -> CargoToml.parse(text.text());
        default -> ParsedManifest.NOTHING;
      };
    } catch (MalformedManifest e) {
      return skipped(path, kind, e.getMessage());
    } catch (RuntimeException e) {
      return skipped(path, kind, "could not be parsed: " + e.getClass().getSimpleName());
    }
    Manifest m = new Manifest(path, kind, parsed.name(), Section.of(parsed.dependencies(), dependencyCap), parsed.workspaces(), "");
    return new Read(m, parsed);
  }

  private static Read skipped(String path, String kind, String why) {
    return new Read(new Manifest(path, kind, "", Section.empty(), List.of(), why), ParsedManifest.NOTHING);
  }
}
