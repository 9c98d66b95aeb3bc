package dev.symdex.engine.query.explore;

import dev.symdex.engine.query.Delta.DefinitionDelta;
import dev.symdex.engine.query.Delta.FileDelta;
import dev.symdex.engine.query.explore.ExploreMap.ApiDefinition;
import dev.symdex.engine.query.explore.ExploreMap.BuildSystem;
import dev.symdex.engine.query.explore.ExploreMap.ChangeDigest;
import dev.symdex.engine.query.explore.ExploreMap.Changes;
import dev.symdex.engine.query.explore.ExploreMap.Dependency;
import dev.symdex.engine.query.explore.ExploreMap.FileApi;
import dev.symdex.engine.query.explore.ExploreMap.Identity;
import dev.symdex.engine.query.explore.ExploreMap.Manifest;
import dev.symdex.engine.query.explore.ExploreMap.Module;
import dev.symdex.engine.query.explore.ExploreMap.ModuleApi;
import dev.symdex.engine.query.explore.ExploreMap.TestedFile;
import dev.symdex.engine.query.explore.ExploreMap.TypeEdge;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An {@link ExploreMap} as compact plain text for an agent: a header per section saying {@code
 * shown N of M}, then one line per item (a few for a manifest or a file of the API surface),
 * indented under its section, the layers in order L0 to L6. {@link #render(ExploreMap, int)} cuts
 * it to a token budget (see {@link TextBudget}).
 */
public final class ExploreText {
  private static final int PATHS_PER_BUILD_SYSTEM = 3;

  private ExploreText() {}

  /** The whole map as text. */
  public static String render(ExploreMap map) {
    return TextBudget.assemble(preamble(map), blocks(map));
  }

  /**
   * The map as text of at most {@code tokenBudget} tokens ({@code o200k_base}), or the whole of it
   * when {@code tokenBudget} is 0.
   *
   * @throws IllegalArgumentException when {@code tokenBudget} is negative
   */
  public static TextBudget.Fitted render(ExploreMap map, int tokenBudget) {
    return TextBudget.fit(preamble(map), blocks(map), tokenBudget);
  }

  private static String preamble(ExploreMap map) {
    Identity id = map.identity();
    return "# project" + (map.focus().isEmpty() ? "" : " (focus: " + map.focus() + ")") + ", detail " + map.detail().level() + '\n'
        + "head " + (id.head().isEmpty() ? "(not git)" : id.head()) + ", " + id.files() + " files, " + id.bytes() + " bytes\n"
        + map.notes().stream().map(n -> "note: " + n + '\n').collect(java.util.stream.Collectors.joining());
  }

  /** The sections of {@code map} in layer order, the ones its detail leaves out omitted. */
  static List<TextBudget.Block> blocks(ExploreMap map) {
    List<TextBudget.Block> out = new ArrayList<>();
    Identity id = map.identity();
    out.add(block("languages by files", id.byFiles(), id.byFiles().items().stream()
        .map(l -> "  " + l.language() + ' ' + l.files() + " files, " + l.bytes() + " bytes\n").toList()));
    out.add(block("languages by bytes", id.byBytes(), id.byBytes().items().stream()
        .map(l -> "  " + l.language() + ' ' + l.bytes() + " bytes, " + l.files() + " files\n").toList()));
    out.add(block("build systems", id.buildSystems(), id.buildSystems().items().stream().map(ExploreText::buildSystem).toList()));
    out.add(block("entry points", map.entryPoints(), map.entryPoints().items().stream()
        .map(e -> "  " + e.path() + ':' + e.line() + ' ' + e.kind() + " - " + e.why() + '\n').toList()));
    if (map.detail().includes(Detail.MAP)) {
      out.add(block("modules by centrality", map.modules(), map.modules().items().stream().map(ExploreText::module).toList()));
    }
    if (map.detail().includes(Detail.FULL)) {
      for (ModuleApi m : map.api().items()) {
        out.add(block("API of module " + m.module() + ", most central files", m.files(),
            m.files().items().stream().map(ExploreText::fileApi).toList()));
      }
      out.add(block("type graph (" + map.types().filesRead() + " most central of " + map.types().filesTotal() + " files read)",
          map.types().edges(), map.types().edges().items().stream().map(ExploreText::typeEdge).toList()));
    }
    if (map.detail().includes(Detail.MAP)) {
      out.add(block("dependency manifests", map.manifests(), map.manifests().items().stream().map(ExploreText::manifest).toList()));
      out.add(block("tested files", map.tests().tested(), map.tests().tested().items().stream().map(ExploreText::tested).toList()));
      out.add(block("tests matching no file", map.tests().unmatched(),
          map.tests().unmatched().items().stream().map(t -> "  " + t + '\n').toList()));
      changes(map.changes(), out);
    }
    return out;
  }

  private static TextBudget.Block block(String title, Section<?> s, List<String> items) {
    return new TextBudget.Block(title, s.total(), items);
  }

  private static String buildSystem(BuildSystem s) {
    List<String> paths = s.paths();
    StringBuilder b = new StringBuilder("  ").append(s.name()).append(": ")
        .append(String.join(" ", paths.subList(0, Math.min(PATHS_PER_BUILD_SYSTEM, paths.size()))));
    if (paths.size() > PATHS_PER_BUILD_SYSTEM) {
      b.append(" (+").append(paths.size() - PATHS_PER_BUILD_SYSTEM).append(" more)");
    }
    return b.append('\n').toString();
  }

  private static String module(Module m) {
    return "  " + m.path() + " (" + m.kind() + ") centrality " + rank(m.centrality()) + ", " + m.files() + " files"
        + (m.languages().isEmpty() ? "" : ": " + String.join(" ", m.languages())) + '\n';
  }

  private static String fileApi(FileApi f) {
    StringBuilder b = new StringBuilder("  ").append(f.path()).append(" (centrality ").append(rank(f.centrality())).append(")\n");
    for (ApiDefinition d : f.definitions().items()) {
      b.append("    ").append(d.line()).append(": ").append(d.signature().isEmpty() ? d.kind() + " " + d.name() : d.signature()).append('\n');
    }
    if (f.definitions().truncated()) {
      b.append("    (+").append(f.definitions().total() - f.definitions().shown()).append(" more: --focus ").append(f.path()).append(")\n");
    }
    return b.toString();
  }

  private static String typeEdge(TypeEdge e) {
    return "  " + e.type() + ' ' + e.relation() + ' ' + e.supertype() + (e.supertypePath().isEmpty() ? "" : " (" + e.supertypePath() + ")")
        + "  " + e.path() + ':' + e.line() + '\n';
  }

  private static String manifest(Manifest m) {
    StringBuilder b = new StringBuilder("  ").append(m.path()).append(" (").append(m.kind()).append(m.name().isEmpty() ? "" : " " + m.name())
        .append(')');
    if (!m.skipped().isEmpty()) {
      return b.append(" skipped: ").append(m.skipped()).append('\n').toString();
    }
    b.append(' ').append(count(m.dependencies())).append(" dependencies");
    if (!m.workspaces().isEmpty()) {
      b.append(", workspaces ").append(String.join(" ", m.workspaces()));
    }
    b.append('\n');
    for (Dependency d : m.dependencies().items()) {
      b.append("    ").append(d.name()).append(d.version().isEmpty() ? "" : " " + d.version())
          .append(d.scope().isEmpty() ? "" : " [" + d.scope() + "]").append('\n');
    }
    return b.toString();
  }

  private static String tested(TestedFile t) {
    StringBuilder b = new StringBuilder("  ").append(t.path()).append(" <- ").append(String.join(" ", t.tests().items()));
    if (t.tests().truncated()) {
      b.append(" (+").append(t.tests().total() - t.tests().shown()).append(" more)");
    }
    return b.append('\n').toString();
  }

  private static void changes(ChangeDigest digest, List<TextBudget.Block> out) {
    if (!digest.unavailable().isEmpty()) {
      out.add(new TextBudget.Block("changes: none read, " + digest.unavailable(), TextBudget.Block.UNCOUNTED, List.of()));
      return;
    }
    digest.uncommitted().ifPresent(c -> changes("uncommitted changes", c, out));
    digest.since().ifPresent(c -> changes("changes since " + c.revision() + " (" + abbreviated(c.commit()) + ")", c, out));
  }

  private static void changes(String what, Changes c, List<TextBudget.Block> out) {
    String more = c.more() ? ", at least" : "";
    out.add(block(what + more + ": files", c.files(), c.files().items().stream().map(ExploreText::fileDelta).toList()));
    out.add(block(what + more + ": definitions", c.definitions(), c.definitions().items().stream().map(ExploreText::definitionDelta).toList()));
  }

  private static String fileDelta(FileDelta f) {
    return "  " + f.change().label() + ' ' + f.path() + '\n';
  }

  private static String definitionDelta(DefinitionDelta d) {
    String name = d.container() == null || d.container().isEmpty() ? d.name() : d.container() + '.' + d.name();
    return "  " + d.change().label() + ' ' + d.kind() + ' ' + name + "  " + d.path() + ':' + d.line() + '\n';
  }

  private static String abbreviated(String commit) {
    return commit.length() > 12 ? commit.substring(0, 12) : commit;
  }

  private static String rank(double r) {
    return String.format(Locale.ROOT, "%.4f", r);
  }

  private static String count(Section<?> s) {
    return s.truncated() ? s.shown() + " of " + s.total() : String.valueOf(s.total());
  }
}
