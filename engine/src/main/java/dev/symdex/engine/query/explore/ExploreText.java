package dev.symdex.engine.query.explore;

import dev.symdex.engine.query.explore.ExploreMap.BuildSystem;
import dev.symdex.engine.query.explore.ExploreMap.Dependency;
import dev.symdex.engine.query.explore.ExploreMap.EntryPoint;
import dev.symdex.engine.query.explore.ExploreMap.Identity;
import dev.symdex.engine.query.explore.ExploreMap.LanguageShare;
import dev.symdex.engine.query.explore.ExploreMap.Manifest;
import dev.symdex.engine.query.explore.ExploreMap.TestedFile;
import java.util.List;

/**
 * An {@link ExploreMap} as compact plain text for an agent: a header per section saying
 * {@code shown N of M}, then one line per item, indented under its section.
 */
public final class ExploreText {
  private static final int PATHS_PER_BUILD_SYSTEM = 3;

  private ExploreText() {}

  public static String render(ExploreMap map) {
    StringBuilder b = new StringBuilder();
    Identity id = map.identity();
    b.append("# project").append(map.focus().isEmpty() ? "" : " (focus: " + map.focus() + ")").append('\n');
    b.append("head ").append(id.head().isEmpty() ? "(not git)" : id.head()).append(", ").append(id.files()).append(" files, ")
        .append(id.bytes()).append(" bytes\n");
    header(b, "languages by files", id.byFiles());
    for (LanguageShare l : id.byFiles().items()) {
      b.append("  ").append(l.language()).append(' ').append(l.files()).append(" files, ").append(l.bytes()).append(" bytes\n");
    }
    header(b, "languages by bytes", id.byBytes());
    for (LanguageShare l : id.byBytes().items()) {
      b.append("  ").append(l.language()).append(' ').append(l.bytes()).append(" bytes, ").append(l.files()).append(" files\n");
    }
    header(b, "build systems", id.buildSystems());
    for (BuildSystem s : id.buildSystems().items()) {
      List<String> paths = s.paths();
      b.append("  ").append(s.name()).append(": ").append(String.join(" ", paths.subList(0, Math.min(PATHS_PER_BUILD_SYSTEM, paths.size()))));
      if (paths.size() > PATHS_PER_BUILD_SYSTEM) {
        b.append(" (+").append(paths.size() - PATHS_PER_BUILD_SYSTEM).append(" more)");
      }
      b.append('\n');
    }
    header(b, "entry points", map.entryPoints());
    for (EntryPoint e : map.entryPoints().items()) {
      b.append("  ").append(e.path()).append(':').append(e.line()).append(' ').append(e.kind()).append(" - ").append(e.why()).append('\n');
    }
    header(b, "dependency manifests", map.manifests());
    for (Manifest m : map.manifests().items()) {
      b.append("  ").append(m.path()).append(" (").append(m.kind()).append(m.name().isEmpty() ? "" : " " + m.name()).append(')');
      if (!m.skipped().isEmpty()) {
        b.append(" skipped: ").append(m.skipped()).append('\n');
        continue;
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
    }
    header(b, "tested files", map.tests().tested());
    for (TestedFile t : map.tests().tested().items()) {
      b.append("  ").append(t.path()).append(" <- ").append(String.join(" ", t.tests().items()));
      if (t.tests().truncated()) {
        b.append(" (+").append(t.tests().total() - t.tests().shown()).append(" more)");
      }
      b.append('\n');
    }
    header(b, "tests matching no file", map.tests().unmatched());
    for (String t : map.tests().unmatched().items()) {
      b.append("  ").append(t).append('\n');
    }
    return b.toString();
  }

  private static void header(StringBuilder b, String title, Section<?> s) {
    b.append("## ").append(title).append(" (shown ").append(s.shown()).append(" of ").append(s.total()).append(")\n");
  }

  private static String count(Section<?> s) {
    return s.truncated() ? s.shown() + " of " + s.total() : String.valueOf(s.total());
  }
}
