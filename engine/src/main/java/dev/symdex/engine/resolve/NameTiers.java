package dev.symdex.engine.resolve;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsView;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.store.UncheckedCorruptIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a call by name alone, preferring the same file, then the files the caller imports,
 * then its directory (package), then anywhere. Every candidate of the first tier that has any is
 * kept, each with the tier's confidence divided among them.
 *
 * <p>Works over one snapshot (not thread-safe: use it from the snapshot's thread).
 */
final class NameTiers {
  static final double SAME_FILE = 1.0;
  static final double IMPORTED = 0.9;
  static final double SAME_DIRECTORY = 0.7;
  static final double GLOBAL = 0.3;
  static final int MAX_GLOBAL = 50;

  /** Names whose defining files are kept read at once. */
  private static final int MAX_NAMES = 16_384;

  private final CallSources snapshot;
  private final Map<String, Set<String>> importedByFile = new HashMap<>();
  /**
   * Per name asked, the files defining it and, once looked at, the callable definitions of the
   * name in each of them (read once per name and file: the snapshot does not change).
   */
  private final Map<String, Named> byName = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Named> eldest) {
      return size() > MAX_NAMES;
    }
  };

  /** A callable definition of a name in one file (a candidate before its confidence). */
  private record Callable(int line, String kind, String container) {}

  /** The files defining one name, and the callable definitions read so far, by file. */
  private record Named(Set<String> defining, Map<String, List<Callable>> callables) {}

  /**
   * @param snapshot what the index holds (the stored import graph for the imported tier)
   */
  NameTiers(CallSources snapshot) {
    this.snapshot = snapshot;
  }

  /** Candidates for a call of {@code callee} made in {@code fromPath}. */
  List<CallTarget> resolve(String fromPath, String callee) throws SymdexException {
    Named named = byName.get(callee);
    if (named == null) {
      named = new Named(Collections.unmodifiableSet(new LinkedHashSet<>(snapshot.filesDefining(callee))), new HashMap<>());
      byName.put(callee, named);
    }
    Set<String> defining = named.defining();
    if (defining.isEmpty()) {
      return List.of();
    }
    List<CallTarget> tier = candidates(List.of(fromPath), named, callee, SAME_FILE, "same-file");
    if (!tier.isEmpty()) {
      return tier;
    }
    tier = candidates(imported(fromPath), named, callee, IMPORTED, "imported");
    if (!tier.isEmpty()) {
      return tier;
    }
    String dir = RepoFiles.parent(fromPath);
    List<String> siblings = defining.stream().filter(p -> RepoFiles.parent(p).equals(dir)).toList();
    tier = candidates(siblings, named, callee, SAME_DIRECTORY, "same-directory");
    if (!tier.isEmpty()) {
      return tier;
    }
    return candidates(defining.stream().limit(MAX_GLOBAL).toList(), named, callee, GLOBAL, "global");
  }

  private Set<String> imported(String fromPath) {
    return importedByFile.computeIfAbsent(fromPath, p -> new LinkedHashSet<>(UncheckedCorruptIndex.unchecked(() -> snapshot.importedBy(p))));
  }

  private List<CallTarget> candidates(Collection<String> files, Named named, String callee, double confidence, String tier)
      throws SymdexException {
    List<CallTarget> out = new ArrayList<>();
    for (String path : files) {
      if (!named.defining().contains(path)) {
        continue;
      }
      List<Callable> callables = named.callables().get(path);
      if (callables == null) {
        callables = callables(path, callee);
        named.callables().put(path, callables);
      }
      for (Callable c : callables) {
        out.add(new CallTarget(path, c.line(), callee, c.kind(), c.container(), 0, tier));
      }
    }
    double each = out.isEmpty() ? 0 : confidence / out.size();
    return out.stream().map(t -> new CallTarget(t.path(), t.line(), t.name(), t.kind(), t.container(), each, t.tier())).toList();
  }

  /** The definitions of {@code callee} in {@code path} a call can reach, in stored order. */
  private List<Callable> callables(String path, String callee) throws SymdexException {
    FactsView facts = snapshot.factsView(path).orElse(null);
    if (facts == null) {
      return List.of();
    }
    int id = facts.find(callee.getBytes(StandardCharsets.UTF_8));
    if (id < 0) {
      return List.of();
    }
    List<Callable> out = new ArrayList<>(1);
    facts.definitions(id, (i, nm, kind, vis, container, line, col, end) -> {
      if (isCallable(kind, facts.language())) {
        out.add(new Callable(line, kind.label(), facts.container(container)));
      }
    });
    return List.copyOf(out);
  }

  /** Kinds a call can reach: callables, and types (constructor calls, composite literals); macros in C. */
  private static boolean isCallable(DefinitionKind kind, Language language) {
    return kind.isCallable() || kind.isType() || (kind == DefinitionKind.MACRO && (language == Language.C || language == Language.CPP
        || language == Language.RUST));
  }
}
