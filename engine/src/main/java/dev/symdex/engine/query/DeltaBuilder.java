package dev.symdex.engine.query;

import dev.symdex.engine.Quote;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.extract.Extraction;
import dev.symdex.engine.extract.FactExtractor;
import dev.symdex.engine.git.GitHead;
import dev.symdex.engine.index.GitHistory;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.index.WorkingCandidates;
import dev.symdex.engine.query.Delta.Change;
import dev.symdex.engine.query.Delta.DefinitionDelta;
import dev.symdex.engine.query.Delta.FileDelta;
import dev.symdex.engine.model.ContentHash;
import dev.symdex.engine.model.Definition;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.model.Language;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.openhft.hashing.LongHashFunction;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;

/**
 * Computes a {@link Delta}: the files that may differ between a revision and the working tree are
 * found without reading the tree — git's tree diff between the revision and HEAD (identical
 * subtrees skipped), the staged changes (git's index against HEAD), and the files whose indexed
 * stat differs from what git's index recorded (or that git does not track). Each candidate is then
 * compared by content, and its definitions by kind, qualified name and source text. Stored facts
 * are used where the revision's content was indexed before; other content is parsed for
 * definitions on the spot. Costs O(candidates) parsing, plus a merge of git's index with the
 * files table — O(index entries) — when the engine has no {@link WorkingCandidates} for this
 * generation and git index to carry.
 */
final class DeltaBuilder {
  private static final LongHashFunction XXH3 = LongHashFunction.xx3();

  private final Path root;
  private final GitHead git;
  private final IndexSnapshot snapshot;
  private final FactExtractor extractor;
  private final long maxFileBytes;
  private final Map<String, List<Definition>> parsedBefore;
  private final GitHistory history;

  /**
   * @param history git, the extractor, and what earlier deltas parsed and found (asking again
   *     parses nothing)
   */
  DeltaBuilder(GitHistory history, IndexSnapshot snapshot) {
    this.root = history.root();
    this.git = history.git();
    this.snapshot = snapshot;
    this.extractor = history.extractor();
    this.maxFileBytes = history.maxFileBytes();
    this.parsedBefore = history.parsedRevisionContent();
    this.history = history;
  }

  Delta build(String since, int limit) throws SymdexException, IOException {
    GitHead.Revision rev = git.revision(since)
        .orElseThrow(() -> new SymdexException.InvalidQuery("unknown revision '" + Quote.of(since) + "'"));
    Optional<GitHead.Revision> head = git.revision("HEAD");
    ObjectId headTree = head.map(GitHead.Revision::tree).orElse(null);

    // Candidates, with the revision's blob where already known (null: absent at the revision).
    Map<String, ObjectId> known = new LinkedHashMap<>();
    for (GitHead.PathBlobs p : git.changed(rev.tree(), headTree)) {
      known.put(p.path(), p.before());
    }
    Set<String> candidates = new TreeSet<>(known.keySet());
    GitHead.Index index = git.index();
    for (GitHead.PathBlobs p : git.staged(headTree, index.dirCache())) {
      candidates.add(p.path());
    }
    // Files whose stat differs from what git's index recorded, or that git does not track.
    candidates.addAll(history.workingCandidates(snapshot, index).paths());

    List<FileDelta> files = new ArrayList<>();
    List<DefinitionDelta> defs = new ArrayList<>();
    boolean truncated = false;
    for (String path : candidates) {
      ObjectId before = known.containsKey(path) ? known.get(path) : git.blobAt(rev.tree(), path);
      Optional<FileState> now = snapshot.file(path);
      if (before == null && now.isEmpty()) {
        continue; // neither at the revision nor in the working tree (e.g. ignored and untracked)
      }
      if (before != null && now.isPresent() && before.equals(workingBlob(path))) {
        continue; // stat moved, content did not (any file: large, binary, a symbolic link)
      }
      byte[] old = before == null ? null : git.read(before, maxFileBytes);
      byte[] current = now.isPresent() ? readWorkingFile(path) : null;
      if (files.size() >= limit) {
        truncated = true;
        break;
      }
      Change change = before == null ? Change.ADDED : now.isEmpty() ? Change.REMOVED : Change.MODIFIED;
      files.add(new FileDelta(path, change));
      List<Definition> was = old == null ? List.of() : definitionsOf(path, old);
      List<Definition> is = now.isPresent() && now.get().status().isIndexed()
          ? snapshot.facts(path).map(FileFacts::definitions).orElse(List.of()) : List.of();
      compare(path, was, old, is, current, defs);
    }
    defs.sort(Comparator.comparing(DefinitionDelta::path).thenComparingInt(DefinitionDelta::line)
        .thenComparing(DefinitionDelta::name));
    if (defs.size() > limit) {
      defs = new ArrayList<>(defs.subList(0, limit));
      truncated = true;
    }
    return new Delta(since, rev.sha(), snapshot.head(), snapshot.generation(), files, defs, truncated);
  }

  /** Definitions of {@code content} as {@code path} at the revision: stored facts if indexed before, else parsed now. */
  private List<Definition> definitionsOf(String path, byte[] content) throws SymdexException {
    String name = path.substring(path.lastIndexOf('/') + 1);
    Optional<Language> language = Language.detect(name, content);
    if (language.isEmpty()) {
      return List.of();
    }
    ContentHash hash = new ContentHash(XXH3.hashBytes(content));
    Optional<FileFacts> stored = snapshot.factsOf(hash);
    if (stored.isPresent()) {
      return stored.get().definitions();
    }
    String key = language.get().id() + ":" + hash;
    List<Definition> known = parsedBefore.get(key);
    if (known != null) {
      return known;
    }
    Extraction x = extractor.extractDefinitions(language.get(), content);
    List<Definition> defs = x.facts().map(FileFacts::definitions).orElse(List.of());
    parsedBefore.put(key, defs);
    return defs;
  }

  /**
   * Pairs definitions by kind and qualified name (in order, so overloads pair up one by one):
   * unpaired ones were added or removed; paired ones whose source lines differ were modified.
   */
  private static void compare(String path, List<Definition> was, byte[] old, List<Definition> is, byte[] current,
      List<DefinitionDelta> out) {
    Map<String, Deque<Definition>> before = new TreeMap<>();
    for (Definition d : was) {
      before.computeIfAbsent(key(d), k -> new ArrayDeque<>()).add(d);
    }
    String[] oldLines = lines(old);
    String[] newLines = lines(current);
    for (Definition d : is) {
      Deque<Definition> q = before.get(key(d));
      Definition prior = q == null ? null : q.poll();
      if (prior == null) {
        out.add(delta(path, d, Change.ADDED));
      } else if (!ownText(oldLines, prior, was).equals(ownText(newLines, d, is))) {
        out.add(delta(path, d, Change.MODIFIED));
      }
    }
    for (Deque<Definition> q : before.values()) {
      for (Definition d : q) {
        out.add(delta(path, d, Change.REMOVED));
      }
    }
  }

  private static String key(Definition d) {
    return d.kind().label() + " " + d.qualifiedName();
  }

  private static DefinitionDelta delta(String path, Definition d, Change change) {
    return new DefinitionDelta(path, d.name(), d.kind().label(), d.container(), d.line(), change);
  }

  private static String[] lines(byte[] content) {
    return content == null ? new String[0] : new String(content, StandardCharsets.UTF_8).split("\n", -1);
  }

  /**
   * The definition's own lines, joined: its line span without the lines of the definitions nested
   * in it (a class whose method changed is not itself modified; a method is). Where it sits does
   * not count, only its text; spans are whole lines, so definitions that share a line share text.
   */
  private static String ownText(String[] lines, Definition d, List<Definition> all) {
    int from = Math.max(1, d.line());
    int to = Math.min(lines.length, Math.max(d.line(), d.endLine()));
    boolean[] nested = new boolean[Math.max(0, to - from + 1)];
    for (Definition o : all) {
      boolean inside = o != d && o.line() >= d.line() && o.endLine() <= d.endLine()
          && (o.line() > d.line() || o.endLine() < d.endLine());
      if (inside) {
        for (int l = Math.max(o.line(), from); l <= Math.min(o.endLine(), to); l++) {
          nested[l - from] = true;
        }
      }
    }
    StringBuilder b = new StringBuilder();
    for (int l = from; l <= to; l++) {
      if (!nested[l - from]) {
        b.append(lines[l - 1]).append('\n');
      }
    }
    return b.toString();
  }

  /** The git blob id the working file would have ({@code git hash-object}; a link: its target); null if unreadable. */
  private ObjectId workingBlob(String path) {
    Path file = root.resolve(path);
    ObjectInserter.Formatter f = new ObjectInserter.Formatter();
    try {
      if (Files.isSymbolicLink(file)) {
        return f.idFor(Constants.OBJ_BLOB, Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8));
      }
      try (InputStream in = Files.newInputStream(file)) {
        return f.idFor(Constants.OBJ_BLOB, Files.size(file), in);
      }
    } catch (IOException e) {
      return null;
    }
  }

  private static String utf8(byte[] path) {
    return new String(path, StandardCharsets.UTF_8);
  }

  private byte[] readWorkingFile(String path) {
    Path file = root.resolve(path);
    try {
      if (Files.isSymbolicLink(file) || Files.size(file) > maxFileBytes) {
        return null;
      }
      return Files.readAllBytes(file);
    } catch (IOException e) { // gone, unreadable, became a directory: compared as absent content
      return null;
    }
  }
}
