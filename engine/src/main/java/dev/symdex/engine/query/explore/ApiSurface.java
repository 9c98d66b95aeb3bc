package dev.symdex.engine.query.explore;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.Definition;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.model.Visibility;
import dev.symdex.engine.query.explore.ExploreMap.ApiDefinition;
import dev.symdex.engine.query.explore.ExploreMap.FileApi;
import dev.symdex.engine.query.explore.ExploreMap.Module;
import dev.symdex.engine.query.explore.ExploreMap.ModuleApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * L3: the public definitions of the top modules, one line each. A module's parsed files are taken
 * most central first; of those, the first ones with a public definition are listed (reading at
 * most {@value #FILES_READ_PER_FILE_SHOWN} files per file shown, so a module of thousands of files
 * costs a few reads). A definition is public when its visibility says so; where the language has
 * no such notion (Python, C ...), when it is a top-level definition, not a variable, whose name
 * does not start with {@code _}. Its signature is the source line of its name, read from the
 * working tree (see {@link ManifestSource}), trimmed and capped at {@value #SIGNATURE_CHARS}
 * characters.
 */
final class ApiSurface {
  static final int SIGNATURE_CHARS = 160;
  static final int FILES_READ_PER_FILE_SHOWN = 4;

  private final IndexSnapshot snapshot;
  private final ManifestSource source;
  private final ExploreMemo memo;

  /** A reader of {@code snapshot} and the sources under {@code source}, keeping each file's API lines in {@code memo}. */
  ApiSurface(IndexSnapshot snapshot, ManifestSource source, ExploreMemo memo) {
    this.snapshot = snapshot;
    this.source = source;
    this.memo = memo;
  }

  /** A module's indexed files, most central first (equal ranks by path). */
  @FunctionalInterface
  interface CentralOrder {
    List<String> of(String module);
  }

  /**
   * The API of the first {@code caps.apiModules()} of {@code ranked}, over the focused {@code
   * files}, each module's files read in {@code order}.
   */
  List<ModuleApi> of(List<Module> ranked, Map<String, FileState> files, FileRanks ranks, CentralOrder order, Caps caps)
      throws SymdexException {
    List<ModuleApi> out = new ArrayList<>();
    for (Module m : ranked.subList(0, Math.min(caps.apiModules(), ranked.size()))) {
      List<String> parsed = order.of(m.path()).stream().filter(files::containsKey).toList();
      List<FileApi> shown = new ArrayList<>();
      int budget = caps.apiFilesPerModule() * FILES_READ_PER_FILE_SHOWN;
      for (int i = 0; i < parsed.size() && i < budget && shown.size() < caps.apiFilesPerModule(); i++) {
        snapshot.checkCancelled();
        String path = parsed.get(i);
        FileState state = files.get(path);
        List<ApiDefinition> signed = memo.of("api", path, state, () -> List.copyOf(signed(path, state, publicDefinitions(snapshot.facts(path)))));
        if (!signed.isEmpty()) {
          shown.add(new FileApi(path, ranks.of(path), Section.of(signed, caps.apiDefinitionsPerFile())));
        }
      }
      out.add(new ModuleApi(m.path(), new Section<>(shown, shown.size(), parsed.size(), parsed.size() > shown.size())));
    }
    return out;
  }

  private static List<Definition> publicDefinitions(Optional<FileFacts> facts) {
    if (facts.isEmpty()) {
      return List.of();
    }
    return facts.get().definitions().stream().filter(ApiSurface::isPublic).toList();
  }

  static boolean isPublic(Definition d) {
    if (d.visibility() == Visibility.PUBLIC) {
      return d.kind() != DefinitionKind.IMPL;
    }
    return d.visibility() == Visibility.UNSPECIFIED && d.container().isEmpty() && !d.name().startsWith("_")
        && d.kind() != DefinitionKind.VARIABLE && d.kind() != DefinitionKind.IMPL;
  }

  private List<ApiDefinition> signed(String path, FileState state, List<Definition> api) {
    ManifestSource.Read read = source.read(path, state);
    String[] lines = read.ok() ? read.text().split("\n", -1) : new String[0];
    List<ApiDefinition> out = new ArrayList<>();
    for (Definition d : api) {
      String line = d.line() <= lines.length ? lines[d.line() - 1].strip() : "";
      out.add(new ApiDefinition(d.qualifiedName(), d.kind().label(), d.line(), cap(line)));
    }
    return out;
  }

  /** {@code line}, or its first characters and {@code ...} when longer than {@value #SIGNATURE_CHARS} (never half a surrogate pair). */
  static String cap(String line) {
    if (line.length() <= SIGNATURE_CHARS) {
      return line;
    }
    int end = SIGNATURE_CHARS - 3;
    if (Character.isHighSurrogate(line.charAt(end - 1))) {
      end--;
    }
    return line.substring(0, end) + "...";
  }
}
