package dev.symdex.mcp;

import dev.symdex.proto.v1.DefinitionDelta;
import dev.symdex.proto.v1.DeltaRequest;
import dev.symdex.proto.v1.DeltaResponse;
import dev.symdex.proto.v1.Dependent;
import dev.symdex.proto.v1.DependentsRequest;
import dev.symdex.proto.v1.FileDelta;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code changes}: what changed since a revision (Delta: files and definitions, uncommitted edits
 * included) and what may break: the files that import a changed file (Dependents of each, at most
 * {@link #MAX_FILES_FOLLOWED} files followed), each listed once, nearest first.
 */
final class ChangesTool implements SymdexTool {
  static final int MAX_FILES_FOLLOWED = 30;
  static final int DEFAULT_MAX_CHARS = 10_000;

  private final DaemonLink link;

  ChangesTool(DaemonLink link) {
    this.link = link;
  }

  @Override
  public String name() {
    return "changes";
  }

  @Override
  public String description() {
    return "What changed since a git revision (default HEAD: the uncommitted edits), by file and by definition, and what may"
        + " break: the files that import a changed file. Use after editing, to choose what to re-check or test.";
  }

  @Override
  public String inputSchema() {
    return """
        {"type":"object","properties":{
        "since":{"type":"string","description":"revision: HEAD (default), HEAD~3, a branch, a SHA"},
        "depth":{"type":"integer","minimum":0,"maximum":5,"description":"import hops to follow (default 1; 0 all)"},
        "max_chars":{"type":"integer","minimum":200,"maximum":200000,"description":"text cap (default 10000)"}}}""";
  }

  @Override
  public CallToolResult call(Args args) throws DaemonLink.Unavailable {
    String since = args.string("since", "HEAD");
    int depth = args.integer("depth", 1, 0, 5);
    int maxChars = args.integer("max_chars", DEFAULT_MAX_CHARS, 200, 200_000);
    DeltaResponse d = link.call((s, p) -> s.delta(DeltaRequest.newBuilder().setSince(since).setLimit(1000).setSync(true).setProject(p).build()));
    Output out = new Output(Output.stamp(d.getHead(), d.getGeneration(), d.getPendingChanges()), "rows");
    String commit = d.getSinceCommit().substring(0, Math.min(12, d.getSinceCommit().length()));
    out.heading("since " + since + " (" + commit + "): " + d.getFilesCount() + " files, " + d.getDefinitionsCount() + " definitions changed"
        + (d.getTruncated() ? " (more than listed)" : ""));
    if (d.getFilesCount() > 0) {
      out.heading("files:");
    }
    for (FileDelta f : d.getFilesList()) {
      out.row(f.getChange() + "  " + f.getPath(), "files", Map.of("path", f.getPath(), "change", f.getChange()));
    }
    if (d.getDefinitionsCount() > 0) {
      out.heading("definitions:");
    }
    for (DefinitionDelta def : d.getDefinitionsList()) {
      String qualified = def.getContainer().isEmpty() ? def.getName() : def.getContainer() + "." + def.getName();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", def.getPath());
      m.put("line", def.getLine());
      m.put("kind", def.getKind());
      m.put("name", qualified);
      m.put("change", def.getChange());
      out.row(def.getChange() + "  " + def.getKind() + "  " + qualified + "  " + def.getPath() + ":" + def.getLine(), "definitions", m);
    }
    Map<String, Dependent> mayBreak = dependents(d, depth);
    // One file they all import: name it once, in the heading.
    Set<String> vias = new HashSet<>();
    mayBreak.values().forEach(x -> vias.add(x.getVia()));
    boolean oneVia = vias.size() == 1;
    if (!mayBreak.isEmpty()) {
      out.heading(oneVia ? "may break (files importing " + vias.iterator().next() + "):" : "may break (files importing a changed file):");
    }
    mayBreak.values().stream()
        .sorted((a, b) -> a.getDepth() != b.getDepth() ? Integer.compare(a.getDepth(), b.getDepth()) : a.getPath().compareTo(b.getPath()))
        .forEach(x -> out.row(x.getPath() + (oneVia ? "" : "  imports " + x.getVia()) + (x.getDepth() > 1 ? "  [depth " + x.getDepth() + "]" : ""),
            "may_break", Map.of("path", x.getPath(), "via", x.getVia(), "depth", x.getDepth())));
    int changed = d.getFilesCount();
    if (changed > MAX_FILES_FOLLOWED) {
      out.footer("(importers followed for the first " + MAX_FILES_FOLLOWED + " of " + changed + " changed files)");
    }
    if (d.getTruncated()) {
      out.footer("(more changes than listed: narrow since)");
    }
    Map<String, Object> fields = Results.stamp(d.getHead(), d.getGeneration(), d.getPendingChanges());
    fields.put("since_commit", d.getSinceCommit());
    return Results.of(out.render(maxChars), fields);
  }

  /** The importers of the changed files that did not change themselves, by path, each at its least depth. */
  private Map<String, Dependent> dependents(DeltaResponse d, int depth) throws DaemonLink.Unavailable {
    Set<String> changed = new HashSet<>();
    d.getFilesList().forEach(f -> changed.add(f.getPath()));
    Map<String, Dependent> byPath = new TreeMap<>();
    int followed = 0;
    for (FileDelta f : d.getFilesList()) {
      if (f.getChange().equals("removed") || followed++ >= MAX_FILES_FOLLOWED) {
        continue; // a removed file is no longer in the index's import graph
      }
      try {
        var r = link.call((s, p) -> s.dependents(DependentsRequest.newBuilder().setPath(f.getPath()).setDepth(depth).setLimit(200).setProject(p).build()));
        for (Dependent x : r.getDependentsList()) {
          Dependent seen = byPath.get(x.getPath());
          if (!changed.contains(x.getPath()) && (seen == null || x.getDepth() < seen.getDepth())) {
            byPath.put(x.getPath(), x);
          }
        }
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
          throw e;
        }
      }
    }
    return byPath;
  }
}
