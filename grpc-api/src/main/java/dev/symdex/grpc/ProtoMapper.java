package dev.symdex.grpc;

import dev.symdex.engine.Quote;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.ApplyResult;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.IndexCounts;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.query.CallGraph;
import dev.symdex.engine.query.DefinitionQuery;
import dev.symdex.engine.query.Delta;
import dev.symdex.engine.query.Hit;
import dev.symdex.engine.query.ImportGraph;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.resolve.CallTarget;
import dev.symdex.proto.v1.DefinitionDelta;
import dev.symdex.proto.v1.DeltaResponse;
import dev.symdex.proto.v1.Dependent;
import dev.symdex.proto.v1.DependentsResponse;
import dev.symdex.proto.v1.FileDelta;
import dev.symdex.proto.v1.FileIssue;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.ImportsResponse;
import dev.symdex.proto.v1.Project;
import dev.symdex.proto.v1.ResolvedImport;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.StatusResponse;
import dev.symdex.proto.v1.SubscribeResponse;
import dev.symdex.proto.v1.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Converts between engine values and {@code symdex.v1} messages: the only place both meet. */
final class ProtoMapper {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;
  static final int MAX_NAME_CHARS = 1_000;
  static final int STATUS_ISSUES = 50;
  static final int MAX_DEPTH = 5;
  static final int MAX_FAN_OUT = MAX_LIMIT;

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
      throw new SymdexException.InvalidQuery("path must be relative to the root, '/'-separated: " + Quote.of(path));
    }
    for (String seg : path.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        throw new SymdexException.InvalidQuery("path must not have empty, '.' or '..' segments: " + Quote.of(path));
      }
    }
    return path;
  }

  /** The root of an AddProject request: absolute, normalized, no NUL or newline. */
  static Path root(String root) throws SymdexException.InvalidQuery {
    if (root.isEmpty()) {
      throw new SymdexException.InvalidQuery("root is required");
    }
    if (root.length() > 4096 || root.indexOf('\0') >= 0 || root.indexOf('\n') >= 0 || !root.startsWith("/")) {
      throw new SymdexException.InvalidQuery("root must be an absolute path: " + Quote.of(root));
    }
    return Path.of(root).normalize();
  }

  static Project project(ProjectInfo p) {
    return Project.newBuilder().setId(p.id()).setRoot(p.root()).setIsDefault(p.isDefault()).setFiles(p.files())
        .setHead(p.head()).setGeneration(p.generation()).setState(p.state()).setPendingChanges(p.pendingChanges())
        .setTemperature(p.memory().temperature()).setHeapBytes(p.memory().heapBytes()).setResidentBytes(p.memory().residentBytes())
        .setDemotions(p.memory().demotions()).setIdleMs(p.memory().idleMillis()).build();
  }

  /** The engine query of a FindDefinitions request (name and limit are checked by {@link #limit}). */
  static DefinitionQuery definitionQuery(FindDefinitionsRequest req)
      throws SymdexException.InvalidQuery {
    var match = switch (req.getMatch()) {
      case MATCH_MODE_UNSPECIFIED, MATCH_MODE_EXACT -> DefinitionQuery.Match.EXACT;
      case MATCH_MODE_PREFIX -> DefinitionQuery.Match.PREFIX;
      case MATCH_MODE_FUZZY -> DefinitionQuery.Match.FUZZY;
      case UNRECOGNIZED -> throw new SymdexException.InvalidQuery("match " + req.getMatchValue() + " is not a match mode: exact, prefix or fuzzy");
    };
    Set<DefinitionKind> kinds = new HashSet<>();
    for (String k : req.getKindsList()) {
      kinds.add(DefinitionKind.fromLabel(k)
          .orElseThrow(() -> new SymdexException.InvalidQuery("unknown kind '" + Quote.of(k) + "': one of " + Arrays.stream(
              DefinitionKind.values()).map(DefinitionKind::label).toList())));
    }
    Set<Language> languages = new HashSet<>();
    for (String l : req.getLanguagesList()) {
      languages.add(Language.fromId(l)
          .orElseThrow(() -> new SymdexException.InvalidQuery("unknown language '" + Quote.of(l) + "': one of " + Arrays.stream(
              Language.values()).map(Language::id).toList())));
    }
    String prefix = req.getPathPrefix();
    if (!prefix.isEmpty()) {
      // a prefix obeys the rules of a path (it can name nothing outside the root), and may end in '/'
      path(prefix.endsWith("/") && prefix.length() > 1 ? prefix.substring(0, prefix.length() - 1) : prefix);
    }
    return new DefinitionQuery(req.getName(), match, kinds, languages, prefix);
  }

  /** Depth of a Callers/Callees request: 1 by default, at most {@link #MAX_DEPTH}. */
  static int depth(int requested) throws SymdexException.InvalidQuery {
    if (requested < 0 || requested > MAX_DEPTH) {
      throw new SymdexException.InvalidQuery("depth must be between 1 and " + MAX_DEPTH + " (0: 1), was " + requested);
    }
    return requested == 0 ? 1 : requested;
  }

  /** Fan-out of a Callers/Callees request: {@link #MAX_FAN_OUT} by default and at most. */
  static int fanOut(int requested) throws SymdexException.InvalidQuery {
    if (requested < 0) {
      throw new SymdexException.InvalidQuery("max_fan_out must not be negative");
    }
    return requested == 0 ? MAX_FAN_OUT : Math.min(requested, MAX_FAN_OUT);
  }

  static List<Result> steps(List<CallGraph.Step> steps) {
    return steps.stream().map(s -> result(s.hit()).toBuilder().setDepth(s.depth()).build()).toList();
  }

  static DependentsResponse dependents(Searcher s, PageToken.Page<ImportGraph.Dependent> page,
      long pending) {
    var b = DependentsResponse.newBuilder().setHead(s.head()).setGeneration(s.generation())
        .setTruncated(page.truncated()).setNextPageToken(page.nextToken()).setPendingChanges(pending);
    for (var d : page.rows()) {
      b.addDependents(Dependent.newBuilder().setPath(d.path()).setDepth(d.depth()).setVia(d.via()));
    }
    return b.build();
  }

  static ImportsResponse imports(Searcher s, PageToken.Page<ImportGraph.ResolvedImport> page,
      long pending) {
    var b = ImportsResponse.newBuilder().setHead(s.head()).setGeneration(s.generation()).setPendingChanges(pending)
        .setTruncated(page.truncated()).setNextPageToken(page.nextToken());
    for (var i : page.rows()) {
      b.addImports(ResolvedImport.newBuilder().setLine(i.line()).setText(i.text())
          .setStatus(i.target().status().name().toLowerCase(Locale.ROOT)).addAllTargets(i.target().paths()));
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

  /**
   * One page of a Delta: both lists cut at the cursor's offset (a page holds up to limit files and
   * up to limit definitions; the next page starts both lists at the longer one's end).
   */
  static DeltaResponse delta(Delta d, PageToken.Cursor cursor, int limit, long pending)
      throws SymdexException.Stale {
    cursor.checkGeneration(d.generation());
    var files = cursor.page(d.files(), d.truncated(), limit, d.generation());
    var defs = cursor.page(d.definitions(), d.truncated(), limit, d.generation());
    var b = DeltaResponse.newBuilder().setHead(d.head()).setGeneration(d.generation())
        .setSinceCommit(d.sinceCommit()).setTruncated(d.truncated()).setPendingChanges(pending)
        .setNextPageToken(d.files().size() >= d.definitions().size() ? files.nextToken() : defs.nextToken());
    for (var f : files.rows()) {
      b.addFiles(FileDelta.newBuilder().setPath(f.path()).setChange(f.change().label()));
    }
    for (var x : defs.rows()) {
      b.addDefinitions(DefinitionDelta.newBuilder().setPath(x.path()).setName(x.name()).setKind(x.kind())
          .setContainer(x.container()).setLine(x.line()).setChange(x.change().label()));
    }
    return b.build();
  }

  static SubscribeResponse change(ApplyResult r) {
    var b = SubscribeResponse.newBuilder().setHead(r.head()).setGeneration(r.generation())
        .setTruncated(r.changesTruncated());
    for (dev.symdex.engine.index.FileChange c : r.changes()) {
      b.addFiles(dev.symdex.proto.v1.FileChange.newBuilder().setPath(c.path())
          .setKind(c.kind().name().toLowerCase(Locale.ROOT))
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
    for (CallTarget t : h.targets()) {
      b.addTargets(Target.newBuilder().setPath(t.path()).setLine(t.line()).setName(t.name())
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
        .setStateReason(rt.stateReason())
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
        .setWatchedDirectories(rt.watches().watchedDirectories())
        .setWatchBudget(rt.watches().budget())
        .setWatchesInUse(rt.watches().inUse())
        .setHeapUsedBytes(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
    ProcessMemory process = ProcessMemory.now();
    b.setRssBytes(process.rssBytes()).setRssAnonBytes(process.anonBytes()).setRssFileBytes(process.fileBytes());
    ProjectMemory m = rt.memory();
    b.setTemperature(m.temperature()).setProjectHeapBytes(m.heapBytes()).setProjectResidentBytes(m.residentBytes())
        .setDemotions(m.demotions()).setMaxMemoryBytes(m.daemon().capBytes()).setHotProjects(m.daemon().hotProjects())
        .setColdProjects(m.daemon().coldProjects()).setDemotionsTotal(m.daemon().demotions());
    for (IndexSnapshot.Issue i : s.issues(STATUS_ISSUES)) {
      b.addFileIssues(FileIssue.newBuilder().setPath(i.path()).setReason(i.reason()).setDetail(i.detail()));
    }
    b.addAllRecentIssues(rt.recentIssues());
    b.addAllWarnings(rt.warnings());
    return b.build();
  }
}
