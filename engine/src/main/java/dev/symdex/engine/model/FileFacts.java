package dev.symdex.engine.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything extracted from one file's content. A pure function of (content, language, extractor
 * version): two files with the same bytes have equal facts.
 *
 * @param language language the content was parsed as
 * @param definitions definitions in source order
 * @param references identifier uses in source order
 * @param calls call sites in source order; {@link CallSite#caller()} indexes {@code definitions}
 * @param imports imports in source order
 * @param syntaxErrors true when the parser recovered from errors (facts may be partial)
 * @param types what the file says about types, for resolving its calls (Java; else empty); its
 *     call shapes, when present, are one per call, a receiver call is an earlier call and an
 *     argument's call a later one
 */
public record FileFacts(
    Language language,
    List<Definition> definitions,
    List<Reference> references,
    List<CallSite> calls,
    List<Import> imports,
    boolean syntaxErrors,
    TypeFacts types) {

  public FileFacts {
    Objects.requireNonNull(language, "language");
    definitions = List.copyOf(definitions);
    references = List.copyOf(references);
    calls = List.copyOf(calls);
    imports = List.copyOf(imports);
    Objects.requireNonNull(types, "types");
    for (CallSite c : calls) {
      if (c.caller() >= definitions.size()) {
        throw new IllegalArgumentException("call site caller " + c.caller() + " out of range");
      }
    }
    if (!types.calls().isEmpty() && types.calls().size() != calls.size()) {
      throw new IllegalArgumentException(types.calls().size() + " call shapes for " + calls.size() + " calls");
    }
    for (int i = 0; i < types.calls().size(); i++) {
      TypeFacts.CallShape shape = types.calls().get(i);
      if (shape.receiverCall() >= i) {
        throw new IllegalArgumentException("receiver call " + shape.receiverCall() + " of call " + i + " is not an earlier call");
      }
      for (TypeFacts.Argument a : shape.argumentList()) {
        if (a.call() >= 0 && (a.call() <= i || a.call() >= calls.size())) {
          throw new IllegalArgumentException("argument call " + a.call() + " of call " + i + " is not a later call");
        }
      }
    }
    if (!types.definitions().isEmpty() && types.definitions().getLast().definition() >= definitions.size()) {
      throw new IllegalArgumentException("definition types out of range");
    }
  }

  /** Facts without type facts (every language but Java). */
  public FileFacts(Language language, List<Definition> definitions, List<Reference> references, List<CallSite> calls,
      List<Import> imports, boolean syntaxErrors) {
    this(language, definitions, references, calls, imports, syntaxErrors, TypeFacts.EMPTY);
  }

  /** Facts of a file that has nothing in it. */
  public static FileFacts empty(Language language) {
    return new FileFacts(language, List.of(), List.of(), List.of(), List.of(), false);
  }

  /** Distinct definition names, in first-seen order. */
  public Set<String> definitionNames() {
    Set<String> names = new LinkedHashSet<>();
    definitions.forEach(d -> names.add(d.name()));
    return names;
  }

  /** Distinct referenced names, in first-seen order. */
  public Set<String> referenceNames() {
    Set<String> names = new LinkedHashSet<>();
    references.forEach(r -> names.add(r.name()));
    return names;
  }

  /** Distinct callee names, in first-seen order. */
  public Set<String> calleeNames() {
    Set<String> names = new LinkedHashSet<>();
    calls.forEach(c -> names.add(c.callee()));
    return names;
  }
}
