package dev.symdex.engine.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.model.CallSite;
import dev.symdex.engine.model.ContentHash;
import dev.symdex.engine.model.Definition;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.model.FileStatus;
import dev.symdex.engine.model.Import;
import dev.symdex.engine.model.IndexCounts;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.model.Reference;
import dev.symdex.engine.model.ReferenceKind;
import dev.symdex.engine.model.TypeFacts;
import dev.symdex.engine.model.Visibility;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CodecTest {
  static final HexFormat HEX = HexFormat.of();

  static FileFacts richFacts() {
    return new FileFacts(
        Language.JAVA,
        List.of(
            new Definition("Ünïcödé", DefinitionKind.CLASS, "", 1, 7, 40),
            new Definition("日本語", DefinitionKind.METHOD, "Ünïcödé", 3, 10, 5),
            new Definition("après", DefinitionKind.FIELD, "Ünïcödé", 2, 3, 2),
            new Definition("emoji😀", DefinitionKind.CONSTANT, "Ünïcödé.日本語", 4, 200, 4)),
        List.of(
            new Reference("List", 10, 5),
            new Reference("日本語", 2, 1), // line goes backwards: negative delta
            new Reference("List", 2, 99),
            new Reference("x", 1_000_000, 65_000)),
        List.of(
            new CallSite("日本語", "", 3, 4, 1),
            new CallSite("make", "new Foo()", 1, 2, -1),
            new CallSite("println", "System.out", 30, 9, 0)),
        List.of(new Import("java.util.List", 1), new Import("static java.util.Objects.requireNonNull", 2)),
        true,
        new TypeFacts(
            List.of(
                new TypeFacts.DefinitionTypes(0, "", List.of(), false, "Base<Ünïcödé>", List.of("Runnable", "java.io.Serializable"),
                    List.of(new TypeFacts.TypeParameter("T", "Comparable<T>"))),
                new TypeFacts.DefinitionTypes(1, "List<String>", List.of("int", "String"), true, "", List.of(),
                    List.of(new TypeFacts.TypeParameter("U", ""))),
                new TypeFacts.DefinitionTypes(2, "Map<K,V>", List.of(), false, "", List.of(), List.of())),
            List.of(new TypeFacts.Local("x", "Foo", 3, 5, 5, 2), new TypeFacts.Local("ü", "", 4, 9, 4, 30),
                new TypeFacts.Local("y", "int[]", 2, 1, 1_000_000, 65_000)), // lines go backwards
            List.of(new TypeFacts.Anonymous("Runnable", 6, 20, 9, 4)),
            List.of(
                new TypeFacts.CallShape(TypeFacts.CallKind.METHOD, 2, -1,
                    List.of(new TypeFacts.Argument("\"\"", -1), new TypeFacts.Argument("", 2))),
                new TypeFacts.CallShape(TypeFacts.CallKind.NEW, 0, 0),
                new TypeFacts.CallShape(TypeFacts.CallKind.REFERENCE, -1, 1))));
  }

  static List<FileFacts> variedFacts() {
    return List.of(
        richFacts(),
        FileFacts.empty(Language.JAVA),
        FileFacts.empty(Language.PYTHON),
        new FileFacts(Language.PYTHON, List.of(new Definition("f", DefinitionKind.FUNCTION, "", 1, 5, 2)), List.of(),
            List.of(new CallSite("g", "", 2, 5, 0)), List.of(), false),
        new FileFacts(Language.PYTHON, List.of(), List.of(new Reference("a", 1, 1)), List.of(), List.of(new Import("from a import b", 7)), false));
  }

  static List<FileState> variedStates() {
    return List.of(
        new FileState(1, 0, 0, 0, Optional.empty(), Optional.empty(), FileStatus.UNSUPPORTED, false),
        new FileState(Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, Optional.of(new ContentHash(-1)),
            Optional.of(Language.PYTHON), FileStatus.INDEXED_LOSSY, true),
        new FileState(42, 1234, -1_000_000_007L, 0xFFFF_FFFFL, Optional.of(new ContentHash(0)), Optional.of(Language.JAVA),
            FileStatus.INDEXED, false),
        new FileState(7, 1 << 20, 1_700_000_000_123_456_789L, 99, Optional.empty(), Optional.empty(), FileStatus.TOO_LARGE, true),
        new FileState(8, 3, -1, 1, Optional.of(new ContentHash(Long.MIN_VALUE)), Optional.empty(), FileStatus.BINARY, false));
  }

  @Test
  void factsRoundTrip() throws Exception {
    for (FileFacts f : variedFacts()) {
      assertEquals(f, FactsCodec.decode(FactsCodec.encode(f)));
      assertEquals(f.types(), FactsView.of(FactsCodec.encode(f)).types(), "type facts read in place");
    }
  }

  /**
   * FactsView skips the rows it does not want (word at a time), or goes straight to them (a view
   * {@code indexed}), and must land on the same rows a full decode reads: random facts with
   * multi-byte varints everywhere, every name looked up.
   */
  @Test
  void factsViewFindsTheSameRowsAsAFullDecode() throws Exception {
    for (long seed = 1; seed <= 5; seed++) {
      Random r = new Random(seed);
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        names.add((i % 7 == 0 ? "ü" : "n") + i + "x".repeat(r.nextInt(3) * 60));
      }
      DefinitionKind[] kinds = DefinitionKind.values();
      Visibility[] vis = Visibility.values();
      ReferenceKind[] refKinds = ReferenceKind.values();
      List<Definition> defs = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        int line = 1 + r.nextInt(r.nextBoolean() ? 100 : 2_000_000);
        defs.add(new Definition(names.get(r.nextInt(names.size())), kinds[r.nextInt(kinds.length)],
            r.nextInt(4) == 0 ? "" : names.get(r.nextInt(names.size())), line, 1 + r.nextInt(r.nextBoolean() ? 100 : 70_000),
            line + r.nextInt(r.nextBoolean() ? 50 : 300_000), vis[r.nextInt(vis.length)]));
      }
      List<Reference> refs = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        refs.add(new Reference(names.get(r.nextInt(names.size())), 1 + r.nextInt(3_000_000), 1 + r.nextInt(200_000), refKinds[r.nextInt(refKinds.length)]));
      }
      List<Import> imports = List.of(new Import("java.util.List", 3), new Import(names.get(5), 1_000_000));
      FileFacts facts = FactsCodec.decode(FactsCodec.encode(new FileFacts(Language.JAVA, defs, refs, List.of(), imports, false)));
      for (FactsView view : List.of(FactsView.of(FactsCodec.encode(facts)), FactsView.indexed(FactsCodec.encode(facts)))) {
      for (String name : names) {
        int id = view.find(name.getBytes(StandardCharsets.UTF_8));
        List<String> expectDefs = new ArrayList<>();
        facts.definitions().stream().filter(d -> d.name().equals(name)).forEach(d ->
            expectDefs.add(d.line() + ":" + d.column() + "-" + d.endLine() + " " + d.kind() + " " + d.visibility() + " " + d.container()));
        List<String> gotDefs = new ArrayList<>();
        List<String> expectRefs = facts.references().stream().filter(x -> x.name().equals(name))
            .map(x -> x.line() + ":" + x.column() + " " + x.kind()).toList();
        List<String> gotRefs = new ArrayList<>();
        if (id >= 0) {
          view.definitions(id, (i, nm, kind, v, container, line, col, end) ->
              gotDefs.add(line + ":" + col + "-" + end + " " + kind + " " + v + " " + view.container(container)));
          view.references(id, (kind, line, col) -> gotRefs.add(line + ":" + col + " " + kind));
        }
        assertEquals(expectDefs, gotDefs, "definitions of " + name + ", seed " + seed);
        assertEquals(expectRefs, gotRefs, "references of " + name + ", seed " + seed);
      }
      int[] all = {0};
      view.definitions(-1, (i, nm, kind, v, container, line, col, end) -> all[0]++);
      assertEquals(facts.definitions().size(), all[0], "every definition");
      view.references(names.size() + 5, (kind, line, col) -> fail("no such name"));
      }
      for (FactsView byIndex : List.of(FactsView.of(FactsCodec.encode(facts)), FactsView.indexed(FactsCodec.encode(facts)))) {
      for (int i = 0; i < facts.definitions().size(); i += 97) { // definition(i) on a fresh view: offsets by skipping
        Definition d = facts.definitions().get(i);
        List<String> row = new ArrayList<>();
        byIndex.definition(i, (k, nm, kind, v, container, line, col, end) ->
            row.add(byIndex.string(nm) + " " + line + ":" + col + "-" + end + " " + kind + " " + v + " " + byIndex.container(container)));
        assertEquals(List.of(d.name() + " " + d.line() + ":" + d.column() + "-" + d.endLine() + " " + d.kind() + " " + d.visibility()
            + " " + d.container()), row, "definition " + i);
      }
      }
      for (FactsView fresh : List.of(FactsView.of(FactsCodec.encode(facts)), FactsView.indexed(FactsCodec.encode(facts)))) {
        List<Import> gotImports = new ArrayList<>(); // a fresh view reaches the imports by skipping every row
        fresh.imports((text, line) -> gotImports.add(new Import(text, line)));
        assertEquals(facts.imports(), gotImports);
      }
    }
  }

  /** Definitions nested {@code depth} deep: class C0 { class C1 { ... } }, each with its full dotted container. */
  static FileFacts nested(int depth) {
    List<Definition> defs = new ArrayList<>();
    StringBuilder container = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      defs.add(new Definition("C" + i, DefinitionKind.CLASS, container.toString(), i + 1, 1, 2 * depth - i));
      container.append(container.length() == 0 ? "" : ".").append("C").append(i);
    }
    return new FileFacts(Language.JAVA, defs, List.of(), List.of(), List.of(), false);
  }

  /**
   * Issue 11: a container is stored once, as its parent and one segment, so a value grows with
   * the nesting depth, not with its square (a dotted name per definition made 20,000 nested
   * classes a 1.2 GB value). Every container still reads back as its dotted name.
   */
  @Test
  void nestedContainersCostBytesLinearInDepth() throws Exception {
    byte[] shallow = FactsCodec.encode(nested(500));
    byte[] deep = FactsCodec.encode(nested(2000));
    assertTrue(deep.length < 5L * shallow.length, "4x the depth, " + deep.length + " vs " + shallow.length + " bytes");
    assertTrue(deep.length < 2000 * 32, deep.length + " bytes for 2,000 levels");
    FileFacts f = nested(2000);
    assertEquals(f, FactsCodec.decode(deep));
    FactsView v = FactsView.of(deep);
    List<String> containers = new ArrayList<>();
    v.definitions(v.find("C1999".getBytes(StandardCharsets.UTF_8)),
        (i, nm, kind, vis, container, line, col, end) -> containers.add(v.container(container)));
    assertEquals(List.of(f.definitions().get(1999).container()), containers);
  }

  @Test
  void containersWithOddDotsRoundTrip() throws Exception {
    List<Definition> defs = new ArrayList<>();
    String[] odd = {"a.b", ".x", "x.", "a..b", "...", "a.b.c", "a", "b.c", "ü.日本"};
    for (int i = 0; i < odd.length; i++) {
      defs.add(new Definition("d" + i, DefinitionKind.METHOD, odd[i], i + 1, 1, i + 1));
    }
    FileFacts f = new FileFacts(Language.JAVA, defs, List.of(), List.of(), List.of(), false);
    byte[] b = FactsCodec.encode(f);
    assertEquals(f, FactsCodec.decode(b));
    FactsView v = FactsView.indexed(b);
    for (int i = 0; i < odd.length; i++) {
      String expect = odd[i];
      v.definition(i, (k, nm, kind, vis, container, line, col, end) -> assertEquals(expect, v.container(container)));
    }
  }

  @Test
  void aContainerWhoseParentIsNotEarlierIsCorrupt() {
    // 1 string "f" | 2 containers: (parent 1, "f"), (none, "f") | 1 def f in container 0
    assertCorrupt("container parent", FACTS, HEX.parseHex("040100" + "01" + "0166" + "02" + "02" + "00" + "00" + "00"
        + "01" + "00" + "01" + "00" + "01" + "01" + "01" + "00" + "00" + "00" + "00" + "00"));
    // a definition in container 5 of a table of none
    assertCorrupt("container id", FACTS, HEX.parseHex("040100" + "01" + "0166" + "00"
        + "01" + "00" + "01" + "00" + "06" + "01" + "01" + "00" + "00" + "00" + "00" + "00"));
  }

  @Test
  void factsEncodingIsDeterministic() throws Exception {
    byte[] a = FactsCodec.encode(richFacts());
    FileFacts copy = richFacts();
    assertNotSame(copy, richFacts());
    assertArrayEquals(a, FactsCodec.encode(copy));
    assertArrayEquals(a, FactsCodec.encode(FactsCodec.decode(a)));
    // different facts, different bytes
    FileFacts other = new FileFacts(Language.PYTHON, richFacts().definitions(), richFacts().references(), richFacts().calls(),
        richFacts().imports(), true);
    assertTrue(!Arrays.equals(a, FactsCodec.encode(other)));
  }

  @Test
  void pinnedFactsBytes() throws Exception {
    FileFacts f = new FileFacts(Language.PYTHON, List.of(new Definition("f", DefinitionKind.FUNCTION, "", 1, 5, 2)),
        List.of(new Reference("g", 2, 5)), List.of(new CallSite("g", "", 2, 5, 0)), List.of(), false);
    // version 4, python, no errors | 2 strings "f" "g" | no containers | def f function visibility- container- line1 col5 span1
    // | ref g(×4 + other) +2 col5 | call g receiver- +2 col5 caller0+1 | no imports
    // | no type facts: no definition types, locals, anonymous classes, call shapes
    String expected = "040200" + "02" + "0166" + "0167" + "00" + "01" + "00" + "09" + "00" + "00" + "01" + "05" + "01"
        + "01" + "04" + "04" + "05" + "01" + "01" + "00" + "04" + "05" + "01" + "00" + "00000000";
    assertEquals(expected, HEX.formatHex(FactsCodec.encode(f)));
    assertEquals(f, FactsCodec.decode(HEX.parseHex(expected)));
  }

  @Test
  void fileStateRoundTrip() throws Exception {
    for (FileState s : variedStates()) {
      assertEquals(s, FileStateCodec.decode(FileStateCodec.encode(s)));
      assertArrayEquals(FileStateCodec.encode(s), FileStateCodec.encode(FileStateCodec.decode(FileStateCodec.encode(s))));
    }
  }

  @Test
  void pinnedFileStateBytes() throws Exception {
    FileState s = new FileState(258, 300, -2, 5, Optional.of(new ContentHash(0x0102030405060708L)), Optional.of(Language.JAVA),
        FileStatus.INDEXED, false);
    // version | u32 fileId | varlong 300 | zigzag(-2)=3 | inode 5 | status 1 | java 1 | flags hasHash | u64 hash
    String expected = "01" + "00000102" + "ac02" + "03" + "05" + "01" + "01" + "02" + "0102030405060708";
    assertEquals(expected, HEX.formatHex(FileStateCodec.encode(s)));
    assertEquals(s, FileStateCodec.decode(HEX.parseHex(expected)));

    FileState skipped = new FileState(1, 0, 0, 0, Optional.empty(), Optional.empty(), FileStatus.BINARY, true);
    assertEquals("01" + "00000001" + "00" + "00" + "00" + "04" + "00" + "01", HEX.formatHex(FileStateCodec.encode(skipped)));
  }

  static void assertCorrupt(String what, ThrowingDecoder decoder, byte[] bytes) {
    try {
      decoder.decode(bytes);
      fail(what + ": decoded " + HEX.formatHex(bytes));
    } catch (SymdexException.CorruptIndex expected) {
      // the only acceptable failure
    } catch (Throwable t) {
      throw new AssertionError(what + ": " + HEX.formatHex(bytes) + " threw " + t, t);
    }
  }

  interface ThrowingDecoder {
    Object decode(byte[] b) throws Exception;
  }

  static final ThrowingDecoder FACTS = FactsCodec::decode;
  static final ThrowingDecoder STATE = FileStateCodec::decode;
  static final ThrowingDecoder FORMAT = MetaCodec::formatVersion;
  static final ThrowingDecoder COUNTS = MetaCodec::counts;

  @Test
  void everyTruncationIsCorrupt() throws Exception {
    for (FileFacts f : variedFacts()) {
      byte[] b = FactsCodec.encode(f);
      for (int n = 0; n < b.length; n++) {
        assertCorrupt("facts cut at " + n, FACTS, Arrays.copyOf(b, n));
      }
      assertCorrupt("facts with a trailing byte", FACTS, Arrays.copyOf(b, b.length + 1));
    }
    for (FileState s : variedStates()) {
      byte[] b = FileStateCodec.encode(s);
      for (int n = 0; n < b.length; n++) {
        assertCorrupt("state cut at " + n, STATE, Arrays.copyOf(b, n));
      }
      assertCorrupt("state with a trailing byte", STATE, Arrays.copyOf(b, b.length + 1));
    }
    byte[] format = MetaCodec.format(Format.VERSION_CURRENT);
    for (int n = 0; n < format.length; n++) {
      assertCorrupt("format cut at " + n, FORMAT, Arrays.copyOf(format, n));
    }
    byte[] counts = MetaCodec.counts(new IndexCounts(1, 2, 300, 4, 5, 6, 7));
    for (int n = 0; n < counts.length; n++) {
      assertCorrupt("counts cut at " + n, COUNTS, Arrays.copyOf(counts, n));
    }
  }

  @Test
  void wrongVersionsAndUnknownCodesAreCorrupt() throws Exception {
    byte[] facts = FactsCodec.encode(richFacts());
    for (int v : new int[] {0, 1, 2, 3, 5, 255}) {
      byte[] b = facts.clone();
      b[0] = (byte) v;
      assertCorrupt("facts version " + v, FACTS, b);
    }
    byte[] b = facts.clone();
    b[1] = 99; // no such language
    assertCorrupt("facts language", FACTS, b);
    assertCorrupt("facts language 0", FACTS, HEX.parseHex("040000" + "00" + "00" + "00000000" + "00000000"));
    // one definition with kind 99
    assertCorrupt("definition kind", FACTS, HEX.parseHex("040100" + "01" + "0166" + "00" + "01" + "00" + "63" + "00" + "00" + "01" + "01" + "00" + "000000" + "00000000"));
    // a definition whose name indexes past the string table
    assertCorrupt("string index", FACTS, HEX.parseHex("040100" + "00" + "00" + "01" + "05" + "06" + "00" + "00" + "01" + "01" + "00" + "000000" + "00000000"));
    // a definition at line 0 (the model rejects it)
    assertCorrupt("line 0", FACTS, HEX.parseHex("040100" + "01" + "0166" + "00" + "01" + "00" + "06" + "00" + "00" + "00" + "01" + "00" + "000000" + "00000000"));
    // a call whose caller is past the definitions
    assertCorrupt("caller index", FACTS, HEX.parseHex("040100" + "01" + "0166" + "00" + "00" + "00" + "01" + "00" + "00" + "02" + "05" + "02" + "00" + "00000000"));
    // a varint that never ends
    assertCorrupt("endless varint", FACTS, HEX.parseHex("040100" + "ffffffffffffffffffffff01"));

    byte[] state = FileStateCodec.encode(variedStates().get(2));
    for (int v : new int[] {0, 2, 255}) {
      byte[] s = state.clone();
      s[0] = (byte) v;
      assertCorrupt("state version " + v, STATE, s);
    }
    // status 0 and 99 do not exist; language 99 does not exist; file id 0 is not allowed
    assertCorrupt("status", STATE, HEX.parseHex("01" + "00000001" + "00" + "00" + "00" + "00" + "00" + "00"));
    assertCorrupt("status", STATE, HEX.parseHex("01" + "00000001" + "00" + "00" + "00" + "63" + "00" + "00"));
    assertCorrupt("language", STATE, HEX.parseHex("01" + "00000001" + "00" + "00" + "00" + "03" + "63" + "00"));
    assertCorrupt("file id 0", STATE, HEX.parseHex("01" + "00000000" + "00" + "00" + "00" + "03" + "00" + "00"));
    // indexed but without a hash
    assertCorrupt("indexed without hash", STATE, HEX.parseHex("01" + "00000001" + "00" + "00" + "00" + "01" + "01" + "00"));
  }

  @Test
  void hugeCountsAndLengthsAreCorruptNotCrashes() {
    // string table of 2^31-1 entries in a 8-byte value
    assertCorrupt("string count", FACTS, HEX.parseHex("040100" + "ffffffff07"));
    // one string of 2^31-1 bytes: pos + n overflows int in the bounds check
    assertCorrupt("string length", FACTS, HEX.parseHex("040100" + "01" + "ffffffff07" + "66"));
    // 2^31-1 definitions
    assertCorrupt("container count", FACTS, HEX.parseHex("040100" + "00" + "ffffffff07"));
    assertCorrupt("definition count", FACTS, HEX.parseHex("040100" + "00" + "00" + "ffffffff07"));
    // 2^31-1 references, calls, imports
    assertCorrupt("reference count", FACTS, HEX.parseHex("040100" + "00" + "00" + "00" + "ffffffff07"));
    assertCorrupt("call count", FACTS, HEX.parseHex("040100" + "00" + "00" + "00" + "00" + "ffffffff07"));
    assertCorrupt("import count", FACTS, HEX.parseHex("040100" + "00" + "00" + "00" + "00" + "00" + "ffffffff07"));
  }

  @Test
  void randomGarbageAndMutationsAreCorruptOrValid() {
    Random random = new Random(20260401L);
    List<byte[]> seeds = new ArrayList<>();
    variedFacts().forEach(f -> seeds.add(FactsCodec.encode(f)));
    for (int i = 0; i < 20_000; i++) {
      byte[] b;
      if (i % 4 == 0) {
        b = new byte[random.nextInt(40)];
        random.nextBytes(b);
      } else {
        b = seeds.get(random.nextInt(seeds.size())).clone();
        for (int m = 1 + random.nextInt(3); m > 0 && b.length > 0; m--) {
          b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
      }
      decodesOrIsCorrupt(FACTS, b);
    }
    List<byte[]> states = new ArrayList<>();
    variedStates().forEach(s -> states.add(FileStateCodec.encode(s)));
    for (int i = 0; i < 20_000; i++) {
      byte[] b = states.get(random.nextInt(states.size())).clone();
      b[random.nextInt(b.length)] = (byte) random.nextInt(256);
      decodesOrIsCorrupt(STATE, b);
      byte[] g = new byte[random.nextInt(30)];
      random.nextBytes(g);
      decodesOrIsCorrupt(STATE, g);
    }
  }

  static void decodesOrIsCorrupt(ThrowingDecoder decoder, byte[] b) {
    try {
      decoder.decode(b);
    } catch (SymdexException.CorruptIndex expected) {
      // fine
    } catch (Throwable t) {
      throw new AssertionError(HEX.formatHex(b) + " threw " + t, t);
    }
  }

  @Test
  void metaRecords() throws Exception {
    assertEquals(Format.VERSION_CURRENT, MetaCodec.formatVersion(MetaCodec.format(Format.VERSION_CURRENT)));
    assertEquals(77, MetaCodec.formatVersion(MetaCodec.format(77)));
    assertEquals("5344583100000001", HEX.formatHex(MetaCodec.format(1)));
    assertCorrupt("wrong magic", FORMAT, HEX.parseHex("5344583200000001"));
    assertCorrupt("zero magic", FORMAT, new byte[8]);
    assertCorrupt("trailing", FORMAT, HEX.parseHex("534458310000000100"));
    SymdexException.CorruptIndex e = assertThrows(SymdexException.CorruptIndex.class,
        () -> MetaCodec.formatVersion(HEX.parseHex("deadbeef00000001")));
    assertTrue(e.getMessage().contains("magic"), e.getMessage());

    IndexCounts c = new IndexCounts(1, 2, 3_000_000_000L, 4, 0, 6, 7);
    assertEquals(c, MetaCodec.counts(MetaCodec.counts(c)));
    assertEquals(Long.MIN_VALUE, MetaCodec.u64(MetaCodec.u64(Long.MIN_VALUE), "x"));
    assertEquals(-5, MetaCodec.u32(MetaCodec.u32(-5), "x"));
    assertCorrupt("u64 of 4 bytes", b -> MetaCodec.u64(b, "x"), new byte[4]);
    assertCorrupt("u32 of 5 bytes", b -> MetaCodec.u32(b, "x"), new byte[5]);
    assertEquals("ünï", MetaCodec.string(MetaCodec.string("ünï")));
  }

  /** Issue 12: every stored value carries a CRC-32C of its key and bytes; any damage reads as corrupt. */
  @Test
  void aSealDetectsEveryBitFlipOfValueOrKeyAndEveryTruncation() throws Exception {
    byte[] key = "dir/A.java".getBytes(StandardCharsets.UTF_8);
    byte[] value = FileStateCodec.encode(variedStates().get(2));
    byte[] sealed = ValueSeal.seal(key, value);
    assertEquals(value.length + ValueSeal.BYTES, sealed.length);
    assertArrayEquals(value, ValueSeal.open(key, sealed, "files"));
    for (int bit = 0; bit < sealed.length * 8; bit++) {
      byte[] b = sealed.clone();
      b[bit / 8] ^= (byte) (1 << (bit % 8));
      assertCorrupt("bit " + bit + " of the value", v -> ValueSeal.open(key, v, "files"), b);
    }
    for (int bit = 0; bit < key.length * 8; bit++) {
      byte[] k = key.clone();
      k[bit / 8] ^= (byte) (1 << (bit % 8));
      assertCorrupt("bit " + bit + " of the key", v -> ValueSeal.open(k, v, "files"), sealed);
    }
    for (int n = 0; n < sealed.length; n++) {
      assertCorrupt("cut at " + n, v -> ValueSeal.open(key, v, "files"), Arrays.copyOf(sealed, n));
    }
    assertArrayEquals(new byte[0], ValueSeal.open(key, ValueSeal.seal(key, new byte[0]), "x"));
    // a posting (a 4-byte file id) is sealed too: 8 bytes, and ids keep their order
    assertTrue(Arrays.compareUnsigned(ValueSeal.seal(key, Keys.fileId(1)), ValueSeal.seal(key, Keys.fileId(2))) < 0);
    assertEquals("0000012c", HEX.formatHex(ValueSeal.seal(key, Keys.fileId(300))).substring(0, 8));
  }

  @Test
  void keys() {
    ContentHash h = new ContentHash(0x8000_0000_0000_0001L);
    byte[] k = Keys.facts(h, 258);
    assertEquals("80000000000000010102", HEX.formatHex(k));
    assertEquals(h, Keys.factsHash(k));
    assertEquals(258, Keys.factsVersion(k));
    assertEquals("0000012c", HEX.formatHex(Keys.fileId(300)));
    assertEquals(300, Keys.fileId(Keys.fileId(300)));
    assertTrue(Keys.path("").isEmpty());
    assertTrue(Keys.path("é".repeat(251)).isEmpty(), "502 bytes is too long");
    assertEquals(500, Keys.path("a".repeat(500)).orElseThrow().length);
    assertEquals("dir/Ünï.java", Keys.path(Keys.path("dir/Ünï.java").orElseThrow()));
  }
}
