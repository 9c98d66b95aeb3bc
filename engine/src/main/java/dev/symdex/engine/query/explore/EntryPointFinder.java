package dev.symdex.engine.query.explore;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsView;
import dev.symdex.engine.codec.Keys;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.index.IndexSnapshot.Postings;
import dev.symdex.engine.model.Definition;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.model.TypeFacts.DefinitionTypes;
import dev.symdex.engine.model.Visibility;
import dev.symdex.engine.query.explore.ExploreMap.EntryPoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entry points found in source: Java {@code public void main(String[])} methods, Go {@code func
 * main} in {@code package main}, Rust {@code fn main} of {@code src/main.rs} or {@code src/bin/},
 * C and C++ top-level {@code main}, Python {@code if __name__ == "__main__":} blocks and
 * {@code __main__.py} modules. Those that manifests declare come from the manifests.
 */
final class EntryPointFinder {
  private static final Pattern GO_PACKAGE_MAIN = Pattern.compile("(?m)^\\s*package\\s+main\\b");
  private static final Pattern PYTHON_MAIN_GUARD = Pattern.compile(
      "(?m)^if\\s+(__name__\\s*==\\s*['\"]__main__['\"]|['\"]__main__['\"]\\s*==\\s*__name__)\\s*:");
  private static final Pattern RUST_BINARY = Pattern.compile("(^|.*/)src/(main\\.rs|bin/[^/]+\\.rs|bin/[^/]+/main\\.rs)");

  private static final byte[] DUNDER_NAME = "__name__".getBytes(StandardCharsets.UTF_8);
  /** Column of {@code __name__} in {@code if __name__ == "__main__":}. */
  private static final int GUARD_COLUMN = 4;
  /** Column of {@code __name__} in {@code if "__main__" == __name__:}. */
  private static final int REVERSED_GUARD_COLUMN = 17;

  private final IndexSnapshot snapshot;
  private final ManifestSource source;
  private final ExploreMemo memo;

  EntryPointFinder(IndexSnapshot snapshot, ManifestSource source, ExploreMemo memo) {
    this.snapshot = snapshot;
    this.source = source;
    this.memo = memo;
  }

  /**
   * The entry points in the files of {@code files} (path to state), in no particular order;
   * {@code mainModules} are the project's files named {@code __main__.py} (focused or not).
   */
  List<EntryPoint> find(Map<String, FileState> files, List<String> mainModules) throws SymdexException {
    List<EntryPoint> out = new ArrayList<>();
    for (String path : snapshot.filesDefining("main")) {
      FileState state = files.get(path);
      if (state != null) {
        out.addAll(memo.entryPoints(path, state, this::mainsOf));
      }
    }
    pythonMains(files, mainModules, out);
    return out;
  }

  /** The {@code main} entry points of one file that defines a {@code main}. */
  private List<EntryPoint> mainsOf(String path, FileState state) throws SymdexException {
    List<EntryPoint> out = new ArrayList<>();
    Optional<FileFacts> facts = snapshot.facts(path);
    if (facts.isPresent()) {
      mains(path, state, facts.get(), out);
    }
    return out;
  }

  private void mains(String path, FileState state, FileFacts facts, List<EntryPoint> out) {
    List<Definition> defs = facts.definitions();
    for (int i = 0; i < defs.size(); i++) {
      Definition d = defs.get(i);
      if (!d.name().equals("main")) {
        continue;
      }
      switch (facts.language()) {
        case JAVA -> javaMain(path, i, d, facts, out);
        case GO -> {
          if (d.kind() == DefinitionKind.FUNCTION && d.container().isEmpty() && sourceMatches(path, state, GO_PACKAGE_MAIN)) {
            out.add(new EntryPoint(path, d.line(), "go-main", "func main in package main"));
          }
        }
        case RUST -> {
          if (d.kind() == DefinitionKind.FUNCTION && d.container().isEmpty() && RUST_BINARY.matcher(path).matches()) {
            out.add(new EntryPoint(path, d.line(), "rust-main", "fn main of a binary target"));
          }
        }
        case C, CPP -> {
          if (d.kind() == DefinitionKind.FUNCTION && d.container().isEmpty()) {
            out.add(new EntryPoint(path, d.line(), "c-main", "top-level main function"));
          }
        }
        default -> { }
      }
    }
  }

  private static void javaMain(String path, int index, Definition d, FileFacts facts, List<EntryPoint> out) {
    if (d.kind() != DefinitionKind.METHOD || d.visibility() != Visibility.PUBLIC) {
      return;
    }
    for (DefinitionTypes t : facts.types().definitions()) {
      if (t.definition() == index) {
        String only = t.parameters().size() == 1 ? t.parameters().getFirst() : "";
        boolean stringArray = only.matches("(java\\.lang\\.)?String\\[]") || (t.varargs() && only.matches("(java\\.lang\\.)?String"));
        if (t.type().equals("void") && stringArray) {
          out.add(new EntryPoint(path, d.line(), "java-main", "public void main(String[]) in " + d.container()));
        }
        return;
      }
    }
  }

  private void pythonMains(Map<String, FileState> files, List<String> mainModules, List<EntryPoint> out) throws SymdexException {
    for (String path : mainModules) {
      if (files.containsKey(path)) {
        out.add(new EntryPoint(path, 1, "python-main-module", "__main__.py: python -m " + pythonModule(path)));
      }
    }
    Optional<byte[]> key = Keys.name("__name__");
    if (key.isEmpty()) {
      return;
    }
    for (String path : snapshot.filesWith(Postings.REFERENCES, key.get())) {
      FileState state = files.get(path);
      if (state == null || state.language().orElse(null) != Language.PYTHON) {
        continue;
      }
      if (!mayHoldMainGuard(path)) {
        continue;
      }
      ManifestSource.Read text = source.read(path, state);
      Matcher m = PYTHON_MAIN_GUARD.matcher(text.text());
      if (text.ok() && m.find()) {
        out.add(new EntryPoint(path, ManifestSource.lineAt(text.text(), m.start()), "python-main", "if __name__ == \"__main__\""));
      }
    }
  }

  /**
   * True when {@code path} uses {@code __name__} where a top-level guard would: right after
   * {@code if }, or after {@code if "__main__" == }. Spares reading the many files that only say
   * {@code getLogger(__name__)}.
   */
  private boolean mayHoldMainGuard(String path) throws SymdexException {
    Optional<FactsView> view = snapshot.factsView(path);
    if (view.isEmpty()) {
      return false;
    }
    int name = view.get().find(DUNDER_NAME);
    boolean[] found = {false};
    view.get().references(name, (kind, line, column) -> found[0] |= column == GUARD_COLUMN || column == REVERSED_GUARD_COLUMN);
    return found[0];
  }

  private boolean sourceMatches(String path, FileState state, Pattern pattern) {
    ManifestSource.Read text = source.read(path, state);
    return text.ok() && pattern.matcher(text.text()).find();
  }

  private static String pythonModule(String mainPath) {
    String dir = BuildFiles.dir(mainPath);
    return dir.isEmpty() ? "." : dir.replace('/', '.');
  }
}
