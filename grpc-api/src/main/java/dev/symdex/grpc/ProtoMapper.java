package dev.symdex.grpc;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.Hit;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.IndexCounts;
import dev.symdex.proto.v1.FileIssue;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.StatusResponse;
import java.util.List;

/** Converts between engine values and {@code symdex.v1} messages: the only place both meet. */
final class ProtoMapper {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;
  static final int MAX_NAME_CHARS = 1_000;
  static final int STATUS_ISSUES = 50;

  private ProtoMapper() {}

  /** Validates a request's name and limit; returns the effective limit. */
  static int limit(String name, int requested) throws SymdexException.InvalidQuery {
    if (name.isEmpty()) {
      throw new SymdexException.InvalidQuery("name is required");
    }
    if (name.length() > MAX_NAME_CHARS) {
      throw new SymdexException.InvalidQuery("name is longer than " + MAX_NAME_CHARS + " characters");
    }
    if (requested < 0) {
      throw new SymdexException.InvalidQuery("limit must not be negative");
    }
    return requested == 0 ? DEFAULT_LIMIT : Math.min(requested, MAX_LIMIT);
  }

  /**
   * A path from a request: relative to the root, '/'-separated, with no '.' or '..' segment (it
   * can name nothing outside the root).
   */
  static String path(String path) throws SymdexException.InvalidQuery {
    if (path.isEmpty()) {
      throw new SymdexException.InvalidQuery("path is required");
    }
    if (path.length() > 4096 || path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0) {
      throw new SymdexException.InvalidQuery("path must be relative to the root, '/'-separated: " + abbreviate(path));
    }
    for (String seg : path.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        throw new SymdexException.InvalidQuery("path must not have empty, '.' or '..' segments: " + abbreviate(path));
      }
    }
    return path;
  }

  /** The root of an AddProject request: absolute, normalized, no NUL or newline. */
  static java.nio.file.Path root(String root) throws SymdexException.InvalidQuery {
    if (root.isEmpty()) {
      throw new SymdexException.InvalidQuery("root is required");
    }
    if (root.length() > 4096 || root.indexOf('\0') >= 0 || root.indexOf('\n') >= 0 || !root.startsWith("/")) {
      throw new SymdexException.InvalidQuery("root must be an absolute path: " + abbreviate(root));
    }
    return java.nio.file.Path.of(root).normalize();
  }

  static dev.symdex.proto.v1.Project project(ProjectInfo p) {
    return dev.symdex.proto.v1.Project.newBuilder().setId(p.id()).setRoot(p.root()).setIsDefault(p.isDefault()).setFiles(p.files())
        .setHead(p.head()).setGeneration(p.generation()).setState(p.state()).setPendingChanges(p.pendingChanges()).build();
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  static dev.symdex.proto.v1.DependentsResponse dependents(IndexSnapshot s, java.util.Map.Entry<java.util.List<
      dev.symdex.engine.index.ImportGraph.Dependent>, Boolean> found, long pending) {
    var b = dev.symdex.proto.v1.DependentsResponse.newBuilder().setHead(s.head()).setGeneration(s.generation())
        .setTruncated(found.getValue()).setPendingChanges(pending);
    for (var d : found.getKey()) {
      b.addDependents(dev.symdex.proto.v1.Dependent.newBuilder().setPath(d.path()).setDepth(d.depth()).setVia(d.via()));
    }
    return b.build();
  }

  static dev.symdex.proto.v1.ImportsResponse imports(IndexSnapshot s, java.util.List<dev.symdex.engine.index.ImportGraph.ResolvedImport> imports,
      long pending) {
    var b = dev.symdex.proto.v1.ImportsResponse.newBuilder().setHead(s.head()).setGeneration(s.generation()).setPendingChanges(pending);
    for (var i : imports) {
      b.addImports(dev.symdex.proto.v1.ResolvedImport.newBuilder().setLine(i.line()).setText(i.text())
          .setStatus(i.target().status().name().toLowerCase(java.util.Locale.ROOT)).addAllTargets(i.target().paths()));
    }
    return b.build();
  }

  /** The limit of a Delta request: 1000 by default, at most {@link #MAX_LIMIT}. */
  static int deltaLimit(int requested) throws SymdexException.InvalidQuery {
    if (requested < 0) {
      throw new SymdexException.InvalidQuery("limit must not be negative");
    }
    return requested == 0 ? 1000 : Math.min(requested, MAX_LIMIT);
  }

  static dev.symdex.proto.v1.DeltaResponse delta(dev.symdex.engine.index.Delta d, long pending) {
    var b = dev.symdex.proto.v1.DeltaResponse.newBuilder().setHead(d.head()).setGeneration(d.generation())
        .setSinceCommit(d.sinceCommit()).setTruncated(d.truncated()).setPendingChanges(pending);
    for (var f : d.files()) {
      b.addFiles(dev.symdex.proto.v1.FileDelta.newBuilder().setPath(f.path()).setChange(f.change().label()));
    }
    for (var x : d.definitions()) {
      b.addDefinitions(dev.symdex.proto.v1.DefinitionDelta.newBuilder().setPath(x.path()).setName(x.name()).setKind(x.kind())
          .setContainer(x.container()).setLine(x.line()).setChange(x.change().label()));
    }
    return b.build();
  }

  /** VmRSS of this process from /proc, or 0. */
  static long residentBytes() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      // not Linux, or an unexpected format: unknown
    }
    return 0;
  }

  static dev.symdex.proto.v1.SubscribeResponse change(dev.symdex.engine.index.ApplyResult r) {
    var b = dev.symdex.proto.v1.SubscribeResponse.newBuilder().setHead(r.head()).setGeneration(r.generation())
        .setTruncated(r.changesTruncated());
    for (dev.symdex.engine.index.FileChange c : r.changes()) {
      b.addFiles(dev.symdex.proto.v1.FileChange.newBuilder().setPath(c.path())
          .setKind(c.kind().name().toLowerCase(java.util.Locale.ROOT))
          .addAllDefinitionsAdded(c.definitionsAdded()).addAllDefinitionsRemoved(c.definitionsRemoved()));
    }
    return b.build();
  }

  static List<Result> results(List<Hit> hits) {
    return hits.stream().map(ProtoMapper::result).toList();
  }

  static Result result(Hit h) {
    Result.Builder b = Result.newBuilder()
        .setPath(h.path())
        .setLine(h.line())
        .setName(h.name())
        .setKind(h.kind())
        .setContainer(h.container())
        .setColumn(h.column())
        .setEndLine(h.endLine())
        .setLanguage(h.language())
        .setVisibility(h.visibility())
        .setConfidence(h.confidence());
    for (dev.symdex.engine.resolve.CallTarget t : h.targets()) {
      b.addTargets(dev.symdex.proto.v1.Target.newBuilder().setPath(t.path()).setLine(t.line()).setName(t.name())
          .setKind(t.kind()).setContainer(t.container()).setConfidence(t.confidence()).setTier(t.tier()));
    }
    return b.build();
  }

  static StatusResponse status(IndexSnapshot s, RuntimeStatus rt) throws SymdexException {
    IndexCounts c = s.counts();
    StatusResponse.Builder b = StatusResponse.newBuilder()
        .setHead(s.head())
        .setGeneration(s.generation())
        .setRoot(rt.root())
        .setDataDir(rt.dataDir())
        .setState(rt.state())
        .setFiles(c.files())
        .setSymbols(c.definitions())
        .setReferences(c.references())
        .setCalls(c.calls())
        .setImports(c.imports())
        .setParseErrors(c.parseErrors())
        .setSkippedFiles(c.issues())
        .setFilesParsedSinceStart(rt.filesParsedSinceStart())
        .setPendingChanges(rt.pendingChanges())
        .setLagMs(rt.lagMillis())
        .setUptimeMs(rt.uptimeMillis())
        .setIndexBytes(rt.indexBytes())
        .setProgressDone(rt.progressDone())
        .setProgressTotal(rt.progressTotal())
        .setUnwatchedDirectories(rt.unwatchedDirectories())
        .setHeapUsedBytes(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory())
        .setRssBytes(residentBytes());
    for (IndexSnapshot.Issue i : s.issues(STATUS_ISSUES)) {
      b.addFileIssues(FileIssue.newBuilder().setPath(i.path()).setReason(i.reason()));
    }
    b.addAllRecentIssues(rt.recentIssues());
    return b.build();
  }
}
