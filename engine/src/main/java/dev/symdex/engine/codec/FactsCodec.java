package dev.symdex.engine.codec;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.model.CallSite;
import dev.symdex.engine.model.Definition;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Import;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.model.Reference;
import dev.symdex.engine.model.ReferenceKind;
import dev.symdex.engine.model.TypeFacts;
import dev.symdex.engine.model.Visibility;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Encodes {@link FileFacts} as the value of the {@code facts} database. Layout (format.md):
 *
 * <pre>
 * u8 version(=3) | u8 language | u8 flags(bit0 syntaxErrors)
 * varint nStrings | nStrings × (varint len, utf8)          -- string table
 * varint nContainers | nContainers × (varint parent+1, varint segment)   -- see {@link ContainerTable}
 * varint nDefs    | nDefs × (varint name, u8 kind, u8 visibility, varint container+1, varint line, varint col, varint endLine-line)
 * varint nRefs    | nRefs × (varint name×4+refKind, svarint lineDelta, varint col)
 * varint nCalls   | nCalls × (varint callee, varint receiver+1, svarint lineDelta, varint col, varint caller+1)
 * varint nImports | nImports × (varint text, varint line)
 * type facts      | see {@link TypeFactsCodec}
 * </pre>
 *
 * Strings (names, container segments, receivers, import texts) are indexes into the string table;
 * a definition's container is an id in the container table, so nesting costs one row per
 * container, not a dotted name per definition. Line deltas are relative to the previous entry of
 * the same list. Thread-safe (stateless).
 */
public final class FactsCodec {
  private FactsCodec() {}

  public static byte[] encode(FileFacts facts) {
    // Sized for the names it may meet, so that it does not grow (rehash) row by row.
    int names = Math.min(1 << 16, facts.definitions().size() + facts.references().size() / 2 + facts.calls().size() / 4 + 16);
    Map<String, Integer> ids = HashMap.newHashMap(names);
    List<String> table = new ArrayList<>();
    ToIntFunction<String> intern = s -> ids.computeIfAbsent(s, k -> {
      table.add(k);
      return table.size() - 1;
    });
    // Intern in a fixed order so the encoding is deterministic.
    ContainerTable containers = new ContainerTable();
    int[] defName = new int[facts.definitions().size()];
    int[] defContainer = new int[defName.length];
    for (int i = 0; i < defName.length; i++) {
      Definition d = facts.definitions().get(i);
      defName[i] = intern.applyAsInt(d.name());
      defContainer[i] = containers.intern(d.container(), intern);
    }
    int[] refName = new int[facts.references().size()];
    for (int i = 0; i < refName.length; i++) {
      refName[i] = intern.applyAsInt(facts.references().get(i).name());
    }
    int[] callee = new int[facts.calls().size()];
    int[] receiver = new int[callee.length];
    for (int i = 0; i < callee.length; i++) {
      CallSite c = facts.calls().get(i);
      callee[i] = intern.applyAsInt(c.callee());
      receiver[i] = c.receiver().isEmpty() ? -1 : intern.applyAsInt(c.receiver());
    }
    int[] importText = new int[facts.imports().size()];
    for (int i = 0; i < importText.length; i++) {
      importText[i] = intern.applyAsInt(facts.imports().get(i).text());
    }
    TypeFactsCodec.intern(facts.types(), s -> {
      var _ = intern.applyAsInt(s); // only the interning matters: write looks the ids up again
    });

    ByteSink out = new ByteSink(64 + 8 * (defName.length + refName.length + callee.length));
    out.u8(Format.FACTS_VALUE_VERSION);
    out.u8(facts.language().code());
    out.u8(facts.syntaxErrors() ? 1 : 0);
    out.varint(table.size());
    table.forEach(out::string);
    containers.write(out);

    out.varint(defName.length);
    for (int i = 0; i < defName.length; i++) {
      Definition d = facts.definitions().get(i);
      out.varint(defName[i]);
      out.u8(d.kind().code());
      out.u8(d.visibility().code());
      out.varint(defContainer[i] + 1);
      out.varint(d.line());
      out.varint(d.column());
      out.varint(d.endLine() - d.line());
    }
    out.varint(refName.length);
    int prev = 0;
    for (int i = 0; i < refName.length; i++) {
      Reference r = facts.references().get(i);
      out.varint(refName[i] * 4 + r.kind().code());
      out.svarlong(r.line() - prev);
      out.varint(r.column());
      prev = r.line();
    }
    out.varint(callee.length);
    prev = 0;
    for (int i = 0; i < callee.length; i++) {
      CallSite c = facts.calls().get(i);
      out.varint(callee[i]);
      out.varint(receiver[i] + 1);
      out.svarlong(c.line() - prev);
      out.varint(c.column());
      out.varint(c.caller() + 1);
      prev = c.line();
    }
    out.varint(importText.length);
    for (int i = 0; i < importText.length; i++) {
      out.varint(importText[i]);
      out.varint(facts.imports().get(i).line());
    }
    TypeFactsCodec.write(out, facts.types(), ids::get);
    return out.toBytes();
  }

  public static FileFacts decode(byte[] bytes) throws SymdexException.CorruptIndex {
    ByteSource in = new ByteSource(bytes, "facts");
    int version = in.u8();
    if (version != Format.FACTS_VALUE_VERSION) {
      throw in.corrupt("unknown facts version " + version);
    }
    int langCode = in.u8();
    Language language = Language.fromCode(langCode).orElseThrow(() -> in.corrupt("unknown language " + langCode));
    boolean syntaxErrors = (in.u8() & 1) != 0;
    String[] table = new String[in.count()];
    for (int i = 0; i < table.length; i++) {
      table[i] = in.string();
    }
    String[] containers = ContainerTable.dotted(ContainerTable.read(in, table.length), table);
    try {
      int n = in.count();
      List<Definition> defs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String name = str(in, table, in.varint());
        int kindCode = in.u8();
        DefinitionKind kind = DefinitionKind.fromCode(kindCode).orElseThrow(() -> in.corrupt("unknown kind " + kindCode));
        int visCode = in.u8();
        Visibility visibility = Visibility.fromCode(visCode).orElseThrow(() -> in.corrupt("unknown visibility " + visCode));
        int container = in.varint() - 1;
        int line = in.varint();
        int col = in.varint();
        int span = in.varint();
        if (container >= containers.length) {
          throw in.corrupt("container " + container + " out of range");
        }
        defs.add(new Definition(name, kind, container < 0 ? "" : containers[container], line, col, line + span, visibility));
      }
      n = in.count();
      List<Reference> refs = new ArrayList<>(n);
      int line = 0;
      for (int i = 0; i < n; i++) {
        int nameAndKind = in.varint();
        String name = str(in, table, nameAndKind >>> 2);
        line += (int) in.svarlong();
        refs.add(new Reference(name, line, in.varint(), ReferenceKind.fromCode(nameAndKind)));
      }
      n = in.count();
      List<CallSite> calls = new ArrayList<>(n);
      line = 0;
      for (int i = 0; i < n; i++) {
        String callee = str(in, table, in.varint());
        int receiver = in.varint() - 1;
        line += (int) in.svarlong();
        int col = in.varint();
        int caller = in.varint() - 1;
        calls.add(new CallSite(callee, receiver < 0 ? "" : str(in, table, receiver), line, col, caller));
      }
      n = in.count();
      List<Import> imports = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String text = str(in, table, in.varint());
        imports.add(new Import(text, in.varint()));
      }
      TypeFacts types = TypeFactsCodec.read(in, TypeFactsCodec.Strings.of(table));
      in.end();
      return new FileFacts(language, defs, refs, calls, imports, syntaxErrors, types);
    } catch (IllegalArgumentException e) {
      throw new SymdexException.CorruptIndex("facts: invalid value: " + e.getMessage(), e);
    }
  }

  private static String str(ByteSource in, String[] table, int i) throws SymdexException.CorruptIndex {
    if (i < 0 || i >= table.length) {
      throw in.corrupt("string index " + i + " out of range");
    }
    return table[i];
  }
}
