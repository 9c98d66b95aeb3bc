package dev.symdex.engine.resolve;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsView;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.resolve.JavaTypes.Found;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Resolves call sites to the definitions they may reach. A Java call is resolved by its
 * receiver's type, the class hierarchy and its argument count ({@link JavaCallResolver}): tiers
 * {@code typed} (a typed receiver), {@code scope} (an unqualified call, through the enclosing
 * classes), {@code static-import}, {@code constructor}. Any other call, and a Java call whose
 * receiver cannot be typed, is resolved by name ({@link NameTiers}): same file, imported files,
 * same directory, anywhere. Every candidate of the answer is kept, the confidence divided among
 * them: an ambiguous call is recorded as such, never silently narrowed.
 *
 * <p>A pure function of the snapshot. Works over one snapshot and caches what it reads (not
 * thread-safe: use it from the snapshot's thread).
 */
public final class CallResolver {
  static final double TYPED = 1.0;
  /** Java files kept read at once. */
  private static final int MAX_FILES = 2048;

  private final CallSources snapshot;
  private final NameTiers tiers;
  private final JavaCallResolver java;
  private final Map<String, List<String>> filesDefining = new HashMap<>();
  private final Map<String, JavaFile> javaFiles = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, JavaFile> eldest) {
      return size() > MAX_FILES;
    }
  };
  private SymdexException.CorruptIndex failure;

  /**
   * @param snapshot what the index holds (the stored import graph for the imported tier)
   */
  public CallResolver(CallSources snapshot) {
    this.snapshot = snapshot;
    this.tiers = new NameTiers(snapshot);
    this.java = new JavaCallResolver(new JavaTypes(new JavaTypes.Sources() {
      @Override
      public List<String> filesDefining(String name) {
        List<String> files = filesDefining.get(name);
        if (files == null && failure == null) {
          try {
            files = snapshot.filesDefining(name).stream().filter(p -> p.endsWith(".java")).toList();
          } catch (SymdexException.CorruptIndex e) {
            failure = e; // thrown where the resolution started
            return List.of();
          }
          filesDefining.put(name, files);
        }
        return files == null ? List.of() : files;
      }

      @Override
      public JavaFile file(String path) {
        return javaFile(path);
      }
    }));
  }

  /** Candidates for call {@code index} of the file {@code fromPath} (whose facts are {@code from}). */
  public List<CallTarget> resolve(String fromPath, FileFacts from, int index) throws SymdexException {
    String callee = from.calls().get(index).callee();
    if (from.language() == Language.JAVA && !from.types().calls().isEmpty()) {
      JavaFile f = javaFile(fromPath);
      throwFailure();
      if (f != null && index < f.calls.size()) {
        JavaCallResolver.Resolution r = java.resolve(f, index);
        throwFailure();
        // A receiver whose type cannot be told: no answer (by name alone, such a call is right
        // one time in twenty: bench/calls).
        return r.known() ? targets(r.targets(), r.how()) : List.of();
      }
    }
    return tiers.resolve(fromPath, callee);
  }

  /** Candidates for a call of {@code callee} in {@code fromPath} by name alone (the tiers). */
  public List<CallTarget> resolveByName(String fromPath, String callee) throws SymdexException {
    return tiers.resolve(fromPath, callee);
  }

  private static List<CallTarget> targets(List<Found> found, String how) {
    List<CallTarget> out = new ArrayList<>(found.size());
    double each = found.isEmpty() ? 0 : TYPED / found.size();
    for (Found m : found) {
      JavaFile f = m.member().file();
      int d = m.member().def();
      out.add(new CallTarget(f.path, f.lines[d], f.names[d], f.kinds[d].label(), f.containers[d], each, how));
    }
    return out;
  }

  private JavaFile javaFile(String path) {
    if (failure != null || !path.endsWith(".java")) {
      return null;
    }
    JavaFile f = javaFiles.get(path);
    if (f == null && !javaFiles.containsKey(path)) {
      try {
        FactsView v = snapshot.factsView(path).orElse(null);
        f = v == null || v.language() != Language.JAVA ? null : JavaFile.of(path, v);
      } catch (SymdexException.CorruptIndex e) {
        failure = e;
        return null;
      }
      javaFiles.put(path, f);
    }
    return f;
  }

  private void throwFailure() throws SymdexException.CorruptIndex {
    if (failure != null) {
      throw failure;
    }
  }
}
