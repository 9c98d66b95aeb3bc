package dev.symdex.engine.codec;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.model.ReferenceKind;
import dev.symdex.engine.model.TypeFacts;
import dev.symdex.engine.model.Visibility;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a stored facts value in place, for queries: finds a name in the string table by its UTF-8
 * bytes and walks the lists comparing integers, materialising strings only for the rows it
 * returns. Same layout as {@link FactsCodec}; a damaged value fails as {@link
 * SymdexException.CorruptIndex}. Not thread-safe, cheap to create per value; a view made by {@link
 * #indexed} is immutable and may be shared.
 */
public final class FactsView {
  /**
   * A definition row. {@code index} is its position in the file's definitions; {@code name}
   * indexes the string table ({@link #string}); {@code container} is a container id ({@link
   * #container}), -1 at top level.
   */
  public interface DefinitionVisitor {
    void visit(int index, int name, DefinitionKind kind, Visibility visibility, int container, int line, int column, int endLine)
        throws SymdexException.CorruptIndex;
  }

  /** A reference row. */
  public interface ReferenceVisitor {
    void visit(ReferenceKind kind, int line, int column);
  }

  /** An import row: the import's text (as written) and line. */
  public interface ImportVisitor {
    void visit(String text, int line);
  }

  /** A call row; {@code caller} indexes the definitions, -1 for file level. */
  public interface CallVisitor {
    void visit(int callee, int receiver, int line, int column, int caller);
  }

  private final byte[] buf;
  private final Language language;
  private final int[] stringStart;
  private final int[] stringLength;
  private final int containersAt;
  private final int defsAt;
  /** Parent and segment of each container, read when first needed ({@link #indexed}: when made). */
  private int[][] containerTable;
  private int refsAt = -1;
  private int callsAt = -1;
  private int[] defOffsets;
  /** Rows by name, for a view {@link #indexed}; null otherwise. */
  private RowIndex rows;

  /**
   * Where each name's rows are: definitions by row number, references by offset with the line
   * before the row (lines are stored as deltas). CSR: the rows of name {@code i} are at
   * {@code [start[i], start[i + 1])}.
   */
  private record RowIndex(int[] defStart, int[] defRows, int[] refStart, int[] refOffsets, int[] refLineBefore) {}

  private FactsView(byte[] buf, Language language, int[] stringStart, int[] stringLength, int containersAt, int defsAt) {
    this.buf = buf;
    this.language = language;
    this.stringStart = stringStart;
    this.stringLength = stringLength;
    this.containersAt = containersAt;
    this.defsAt = defsAt;
  }

  public static FactsView of(byte[] value) throws SymdexException.CorruptIndex {
    ByteSource in = new ByteSource(value, "facts");
    int version = in.u8();
    if (version != Format.FACTS_VALUE_VERSION) {
      throw in.corrupt("unknown facts version " + version);
    }
    int code = in.u8();
    Language language = Language.fromCode(code).orElseThrow(() -> in.corrupt("unknown language " + code));
    in.u8();
    int n = in.count();
    int[] start = new int[n];
    int[] length = new int[n];
    for (int i = 0; i < n; i++) {
      length[i] = in.varint();
      start[i] = in.position();
      in.skip(length[i]);
    }
    int containersAt = in.position();
    int containers = in.count();
    in.skipFields(2 * containers); // parent+1, segment: two varints each (a count is at most the bytes left)
    return new FactsView(value, language, start, length, containersAt, in.position());
  }

  /**
   * A view of {@code value} that has located every row once (O(value)), so that a name's
   * definitions and references cost O(its rows), not O(the file's rows): for large values read
   * again and again. Immutable once made: safe to share between threads, unlike {@link #of}.
   */
  public static FactsView indexed(byte[] value) throws SymdexException.CorruptIndex {
    FactsView v = of(value);
    v.containerTable = ContainerTable.read(v.at(v.containersAt), v.stringStart.length);
    int names = v.stringStart.length;
    ByteSource in = v.at(v.defsAt);
    int nDefs = in.count();
    int[] offsets = new int[nDefs];
    int[] defName = new int[nDefs];
    int[] defStart = new int[names + 1];
    for (int i = 0; i < nDefs; i++) {
      offsets[i] = in.position();
      defName[i] = in.varint();
      if (defName[i] >= names) {
        throw in.corrupt("definition name " + defName[i] + " outside the string table");
      }
      defStart[defName[i] + 1]++;
      skipDefinitionRest(in);
    }
    v.defOffsets = offsets;
    v.refsAt = in.position();
    int nRefs = in.count();
    int[] refOffset = new int[nRefs];
    int[] refName = new int[nRefs];
    int[] refLine = new int[nRefs];
    int[] refStart = new int[names + 1];
    int line = 0;
    for (int i = 0; i < nRefs; i++) {
      refOffset[i] = in.position();
      refLine[i] = line;
      refName[i] = in.varint() >>> 2;
      if (refName[i] >= names) {
        throw in.corrupt("reference name " + refName[i] + " outside the string table");
      }
      refStart[refName[i] + 1]++;
      line += (int) in.svarlong();
      in.skipFields(1);
    }
    v.callsAt = in.position();
    for (int i = 0; i < names; i++) {
      defStart[i + 1] += defStart[i];
      refStart[i + 1] += refStart[i];
    }
    int[] defRows = new int[nDefs];
    int[] fill = Arrays.copyOf(defStart, names);
    for (int i = 0; i < nDefs; i++) {
      defRows[fill[defName[i]]++] = i;
    }
    int[] refOffsets = new int[nRefs];
    int[] refLineBefore = new int[nRefs];
    fill = Arrays.copyOf(refStart, names);
    for (int i = 0; i < nRefs; i++) {
      int k = fill[refName[i]]++;
      refOffsets[k] = refOffset[i];
      refLineBefore[k] = refLine[i];
    }
    v.rows = new RowIndex(defStart, defRows, refStart, refOffsets, refLineBefore);
    return v;
  }

  /** Bytes this view holds: its value and, for an {@link #indexed} one, its row index. */
  public long weight() {
    long w = buf.length + 8L * stringStart.length;
    if (rows != null) {
      w += 4L * (rows.defStart.length + rows.defRows.length + defOffsets.length + rows.refStart.length
          + rows.refOffsets.length + rows.refLineBefore.length);
    }
    return w;
  }

  public Language language() {
    return language;
  }

  /** Index of {@code utf8} in the string table, or -1 when the file never mentions it. */
  public int find(byte[] utf8) {
    outer:
    for (int i = 0; i < stringStart.length; i++) {
      if (stringLength[i] != utf8.length) {
        continue;
      }
      int s = stringStart[i];
      for (int k = 0; k < utf8.length; k++) {
        if (buf[s + k] != utf8[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * The number of strings in the file's string table: every name it defines, refers to or calls,
   * its containers and import texts ({@link #string} of 0 to this, exclusive).
   */
  public int strings() {
    return stringStart.length;
  }

  /** The string at {@code index}; {@code ""} for -1. */
  public String string(int index) {
    return index < 0 ? "" : new String(buf, stringStart[index], stringLength[index], StandardCharsets.UTF_8);
  }

  /**
   * The dotted name of container {@code id} ({@code "Outer.Inner"}), built from the container
   * table; {@code ""} for -1. Costs O(its depth).
   */
  public String container(int id) throws SymdexException.CorruptIndex {
    if (id < 0) {
      return "";
    }
    if (containerTable == null) {
      containerTable = ContainerTable.read(at(containersAt), stringStart.length);
    }
    int[] parent = containerTable[0];
    int[] segment = containerTable[1];
    if (id >= parent.length) {
      throw new SymdexException.CorruptIndex("facts: container " + id + " out of range");
    }
    int depth = 0;
    for (int c = id; c >= 0; c = parent[c]) {
      depth++;
    }
    String[] parts = new String[depth];
    for (int c = id; c >= 0; c = parent[c]) {
      parts[--depth] = string(segment[c]);
    }
    return String.join(".", parts);
  }

  /** Visits definitions whose name is {@code name} (every definition when {@code name < 0}). */
  public void definitions(int name, DefinitionVisitor v) throws SymdexException.CorruptIndex {
    if (rows != null && name >= 0) {
      if (name < stringStart.length) {
        for (int k = rows.defStart[name]; k < rows.defStart[name + 1]; k++) {
          int i = rows.defRows[k];
          readDefinition(at(defOffsets[i]), i, name, v);
        }
      }
      return;
    }
    ByteSource in = at(defsAt);
    int n = in.count();
    for (int i = 0; i < n; i++) {
      readDefinition(in, i, name, v);
    }
    if (rows == null) { // an indexed view is shared: it writes nothing after it is made
      refsAt = in.position();
    }
  }

  /** The definition at {@code index}, visited. */
  public void definition(int index, DefinitionVisitor v) throws SymdexException.CorruptIndex {
    if (defOffsets == null) {
      ByteSource in = at(defsAt);
      int[] offsets = new int[in.count()];
      for (int i = 0; i < offsets.length; i++) {
        offsets[i] = in.position();
        in.skipFields(DEFINITION_FIELDS);
      }
      defOffsets = offsets;
      refsAt = in.position();
    }
    if (index < 0 || index >= defOffsets.length) {
      throw new SymdexException.CorruptIndex("facts: definition " + index + " out of range");
    }
    readDefinition(at(defOffsets[index]), index, -1, v);
  }

  /** Reads one definition row; visits it when {@code name < 0} or it has that name. */
  private static void readDefinition(ByteSource in, int index, int name, DefinitionVisitor v) throws SymdexException.CorruptIndex {
    int nm = in.varint();
    if (name >= 0 && nm != name) {
      skipDefinitionRest(in);
      return;
    }
    int kindCode = in.u8();
    int visCode = in.u8();
    int container = in.varint() - 1;
    int line = in.varint();
    int col = in.varint();
    int span = in.varint();
    if (name < 0 || nm == name) {
      DefinitionKind kind = DefinitionKind.fromCode(kindCode).orElseThrow(() -> in.corrupt("unknown kind " + kindCode));
      Visibility vis = Visibility.fromCode(visCode).orElseThrow(() -> in.corrupt("unknown visibility " + visCode));
      v.visit(index, nm, kind, vis, container, line, col, line + span);
    }
  }

  /**
   * Fields of a definition row (name, kind, visibility, container, line, column, span): varints
   * and codes below 128, each ending at one byte below 0x80, so rows are skipped by counting those.
   */
  private static final int DEFINITION_FIELDS = 7;

  /** Skips what follows a definition row's name: kind and visibility bytes, container, line, column, span. */
  private static void skipDefinitionRest(ByteSource in) throws SymdexException.CorruptIndex {
    in.skipFields(DEFINITION_FIELDS - 1);
  }

  /** Visits references to {@code name}. */
  public void references(int name, ReferenceVisitor v) throws SymdexException.CorruptIndex {
    if (rows != null) {
      if (name >= 0 && name < stringStart.length) {
        for (int k = rows.refStart[name]; k < rows.refStart[name + 1]; k++) {
          ByteSource in = at(rows.refOffsets[k]);
          int nameAndKind = in.varint();
          int line = rows.refLineBefore[k] + (int) in.svarlong();
          v.visit(ReferenceKind.fromCode(nameAndKind), line, in.varint());
        }
      }
      return;
    }
    ByteSource in = at(refsStart());
    int n = in.count();
    int line = 0;
    for (int i = 0; i < n; i++) {
      int nameAndKind = in.varint();
      line += (int) in.svarlong();
      int col = in.varint();
      if (nameAndKind >>> 2 == name) {
        v.visit(ReferenceKind.fromCode(nameAndKind), line, col);
      }
    }
    callsAt = in.position();
  }

  /** Visits every call site. */
  public void calls(CallVisitor v) throws SymdexException.CorruptIndex {
    ByteSource in = at(callsStart());
    int n = in.count();
    int line = 0;
    for (int i = 0; i < n; i++) {
      int callee = in.varint();
      int receiver = in.varint() - 1;
      line += (int) in.svarlong();
      int col = in.varint();
      int caller = in.varint() - 1;
      v.visit(callee, receiver, line, col, caller);
    }
  }

  /** Visits every import (skips the references and calls on the way, decoding nothing of them). */
  public void imports(ImportVisitor v) throws SymdexException.CorruptIndex {
    ByteSource in = at(importsStart());
    int m = in.count();
    for (int i = 0; i < m; i++) {
      int text = in.varint();
      int line = in.varint();
      if (text < 0 || text >= stringStart.length) {
        throw in.corrupt("import text " + text + " outside the string table");
      }
      v.visit(string(text), line);
    }
  }

  /**
   * The file's type facts (decoded whole: they are read to resolve calls, a file at a time); skips
   * the references, calls and imports on the way.
   */
  public TypeFacts types() throws SymdexException.CorruptIndex {
    ByteSource in = at(importsStart());
    int m = in.count();
    for (int i = 0; i < m; i++) {
      in.varint();
      in.varint();
    }
    try {
      return TypeFactsCodec.read(in, new TypeFactsCodec.Strings() {
        @Override
        public int size() {
          return stringStart.length;
        }

        @Override
        public String get(int index) {
          return string(index);
        }
      });
    } catch (IllegalArgumentException e) {
      throw new SymdexException.CorruptIndex("facts: invalid type facts: " + e.getMessage(), e);
    }
  }

  private int importsStart() throws SymdexException.CorruptIndex {
    ByteSource in = at(callsStart());
    int n = in.count();
    for (int i = 0; i < n; i++) {
      in.varint();
      in.varint();
      in.svarlong();
      in.varint();
      in.varint();
    }
    return in.position();
  }

  private int refsStart() throws SymdexException.CorruptIndex {
    if (refsAt < 0) {
      ByteSource in = at(defsAt);
      int n = in.count();
      if (n > Integer.MAX_VALUE / DEFINITION_FIELDS) {
        throw in.corrupt("definition count " + n + " is impossible");
      }
      in.skipFields(n * DEFINITION_FIELDS);
      refsAt = in.position();
    }
    return refsAt;
  }

  private int callsStart() throws SymdexException.CorruptIndex {
    if (callsAt < 0) {
      ByteSource in = at(refsStart());
      int n = in.count();
      for (int i = 0; i < n; i++) {
        in.varint();
        in.svarlong();
        in.varint();
      }
      callsAt = in.position();
    }
    return callsAt;
  }

  private ByteSource at(int offset) {
    ByteSource in = new ByteSource(buf, "facts");
    in.seek(offset);
    return in;
  }
}
