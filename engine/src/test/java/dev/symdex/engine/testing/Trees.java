package dev.symdex.engine.testing;

import dev.symdex.engine.query.CallGraph;
import dev.symdex.engine.query.ImportGraph;
import dev.symdex.engine.query.Searcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.ChangeSet;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.index.ProgressListener;
import dev.symdex.engine.query.QueryResult;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.scan.ScannedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import dev.symdex.engine.model.IndexCounts;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.ArrayList;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/** Real files on disk and real engines for tests: writing trees, and comparing an index with a cold one. */
public final class Trees {
  /** Each write gets a distinct mtime a day in the past: never "racy", and an edit always moves the mtime. */
  private static final AtomicLong NEXT_MTIME = new AtomicLong(System.currentTimeMillis() - 86_400_000L);

  static {
    JGitWarmup.ensure();
  }

  private Trees() {}

  /** Writes {@code content} (UTF-8) at {@code rel} under {@code root}, creating parents, with a past mtime. */
  /** The author and committer of a test's commits. */
  public static final PersonIdent ME = new PersonIdent("Test", "test@example.com");

  /**
   * Commits every file of {@code repo} as {@code message} (by {@link #ME}, unsigned), first making
   * it a git repository on branch {@code main} when it is none yet.
   */
  public static void commitAll(Path repo, String message) throws GitAPIException, IOException {
    try (Git git = Files.isDirectory(repo.resolve(".git")) ? Git.open(repo.toFile())
        : Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage(message).setAuthor(ME).setCommitter(ME).setSign(false).call();
    }
  }

  public static Path write(Path root, String rel, String content) {
    return write(root, rel, content.getBytes(StandardCharsets.UTF_8));
  }

  public static Path write(Path root, String rel, byte[] content) {
    try {
      Path p = root.resolve(rel);
      Files.createDirectories(p.getParent());
      Files.write(p, content);
      Files.setLastModifiedTime(p, FileTime.fromMillis(NEXT_MTIME.addAndGet(1000)));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates a symbolic link at {@code rel} to {@code target}, with a past mtime of its own (not racy). */
  public static Path symlink(Path root, String rel, String target) {
    try {
      Path link = root.resolve(rel);
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, Path.of(target));
      FileTime t = FileTime.fromMillis(NEXT_MTIME.addAndGet(1000));
      Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(t, null, null);
      return link;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** A pool of two named worker threads. */
  public static ExecutorService pool(String name) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  public static void shutdown(ExecutorService pool) throws InterruptedException {
    pool.shutdownNow();
    if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("pool did not stop");
    }
  }

  /** Everything one index says about a tree, as comparable values. */
  public record Answers(
      IndexCounts counts,
      List<IndexSnapshot.Issue> issues,
      Map<String, String> statuses,
      Map<String, Optional<FileFacts>> facts,
      Map<String, List<QueryResult>> queries,
      Map<String, List<ImportGraph.ResolvedImport>> imports,
      Map<String, List<ImportGraph.Dependent>> dependents,
      List<String> indexedPaths) {}

  /** Names mentioned anywhere in the facts of the tree's files, as seen by {@code engine}. */
  public static Set<String> names(Engine engine) throws SymdexException, IOException {
    Set<String> names = new TreeSet<>();
    try (Searcher s = Searcher.open(engine)) {
      for (ScannedFile f : engine.tree().walk("", (p, e) -> {})) {
        Optional<FileFacts> facts = s.snapshot().facts(f.path());
        if (facts.isPresent()) {
          names.addAll(facts.get().definitionNames());
          names.addAll(facts.get().referenceNames());
          names.addAll(facts.get().calleeNames());
        }
      }
    }
    return names;
  }

  public static Answers answers(Engine engine, Set<String> names) throws SymdexException, IOException {
    try (Searcher s = Searcher.open(engine)) {
      Map<String, String> statuses = new LinkedHashMap<>();
      Map<String, Optional<FileFacts>> facts = new LinkedHashMap<>();
      for (ScannedFile f : engine.tree().walk("", (p, e) -> {})) {
        statuses.put(f.path(), s.snapshot().file(f.path()).map(FileState::status).map(Enum::name).orElse("absent"));
        facts.put(f.path(), s.snapshot().facts(f.path()));
      }
      Map<String, List<QueryResult>> queries = new LinkedHashMap<>();
      CallGraph calls = s.callGraph();
      for (String n : names) {
        queries.put(n, List.of(s.definitions(n, 10_000), s.references(n, 10_000), s.callers(n, 10_000), s.callees(n, 10_000),
            calls.callees(n, 10_000)));
      }
      // Resolved imports of every file, and who depends on it: the import graph, both ways.
      Map<String, List<ImportGraph.ResolvedImport>> imports = new LinkedHashMap<>();
      Map<String, List<ImportGraph.Dependent>> dependents = new LinkedHashMap<>();
      ImportGraph graph = s.importGraph();
      for (String path : statuses.keySet()) {
        imports.put(path, s.imports(path));
        dependents.put(path, graph.dependents(path, 0, 10_000).getKey());
      }
      List<String> indexedPaths = new ArrayList<>();
      s.snapshot().forEachFile((path, st) -> indexedPaths.add(path + "=" + st.status()));
      return new Answers(s.counts(), s.snapshot().issues(10_000), statuses, facts, queries, imports, dependents, indexedPaths);
    }
  }

  /**
   * Builds a cold index of {@code engine}'s tree in {@code coldDir} and asserts that it answers
   * every query on every name (those in the tree, plus {@code extraNames}) exactly as {@code engine} does.
   */
  public static void assertSameAsCold(Engine engine, Path coldDir, ExecutorService pool, String... extraNames) throws Exception {
    EngineOptions options = EngineOptions.DEFAULTS;
    assertSameAsCold(engine, coldDir, options, pool, extraNames);
  }

  public static void assertSameAsCold(Engine engine, Path coldDir, EngineOptions options, ExecutorService pool, String... extraNames)
      throws Exception {
    try (Engine cold = Engine.open(engine.root(), coldDir, options)) {
      cold.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
      Set<String> names = new TreeSet<>(names(engine));
      names.addAll(names(cold));
      names.addAll(List.of(extraNames));
      Answers warm = answers(engine, names);
      Answers fresh = answers(cold, names);
      assertEquals(fresh.indexedPaths(), warm.indexedPaths(), "paths in the index");
      assertEquals(fresh.statuses(), warm.statuses(), "file statuses");
      assertEquals(fresh.counts(), warm.counts(), "counts");
      assertEquals(fresh.issues(), warm.issues(), "issues");
      assertEquals(fresh.facts(), warm.facts(), "facts");
      for (String n : names) {
        assertEquals(fresh.queries().get(n), warm.queries().get(n), "answers for " + n);
      }
      assertEquals(fresh.imports(), warm.imports(), "resolved imports");
      assertEquals(fresh.dependents(), warm.dependents(), "dependents");
    }
  }
}
