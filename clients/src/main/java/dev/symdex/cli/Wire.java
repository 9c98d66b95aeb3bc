package dev.symdex.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough protobuf for the CLI's fast path, without protobuf-java (whose descriptor classes
 * cost a JVM about 90 ms of CPU to set up): the API's schema read from the descriptor set in the
 * proto jar ({@code symdex/v1/symdex.protoset}), request encoding for scalar fields, and decoding
 * of answers into {@link Msg} for {@link WirePrinter}. Anything it does not model makes the caller
 * hand the command line to the full CLI. Immutable after {@link #load}.
 */
final class Wire {
  /** Something the fast path does not model; the full CLI must run the command line. */
  static final class Unsupported extends Exception {
    Unsupported(String what) {
      super(what, null, false, false);
    }
  }

  // FieldDescriptorProto.Type numbers.
  static final int DOUBLE = 1;
  static final int FLOAT = 2;
  static final int INT64 = 3;
  static final int UINT64 = 4;
  static final int INT32 = 5;
  static final int FIXED64 = 6;
  static final int FIXED32 = 7;
  static final int BOOL = 8;
  static final int STRING = 9;
  static final int MESSAGE = 11;
  static final int BYTES = 12;
  static final int UINT32 = 13;
  static final int ENUM = 14;
  static final int SFIXED32 = 15;
  static final int SFIXED64 = 16;
  static final int SINT32 = 17;
  static final int SINT64 = 18;

  /** A field: {@code typeName} is the full message or enum name (no leading dot), else null. */
  record Field(String name, int number, int type, boolean repeated, String typeName, boolean explicitPresence) {}

  /** A message type; fields in declaration order (the order printers use). */
  record Type(String fullName, String simpleName, List<Field> fields) {
    Field byName(String name) {
      for (Field f : fields) {
        if (f.name().equals(name)) {
          return f;
        }
      }
      return null;
    }
  }

  /** An enum: value names by number. */
  record EnumType(String simpleName, Map<Integer, String> values) {}

  /** An RPC of a service. */
  record Method(String serviceFullName, String name, String input, String output, boolean clientStreaming, boolean serverStreaming) {}

  final Map<String, Type> types = new HashMap<>();
  final Map<String, EnumType> enums = new HashMap<>();
  final Map<String, List<Method>> services = new LinkedHashMap<>();

  private Wire() {}

  /** The schema of the descriptor set resource, or null when the jar has none. */
  static Wire load() {
    try (var in = Wire.class.getResourceAsStream("/symdex/v1/symdex.protoset")) {
      if (in == null) {
        return null;
      }
      Wire w = new Wire();
      Reader set = new Reader(in.readAllBytes());
      while (set.more()) {
        int tag = set.tag();
        if (tag >>> 3 == 1 && (tag & 7) == 2) {
          w.file(set.sub());
        } else {
          set.skip(tag);
        }
      }
      return w;
    } catch (IOException | RuntimeException e) {
      return null; // the full CLI (protobuf-java) will read the schema and say what is wrong
    }
  }

  private void file(Reader r) {
    String pkg = "";
    List<Reader> messages = new ArrayList<>();
    List<Reader> enumTypes = new ArrayList<>();
    List<Reader> svcs = new ArrayList<>();
    while (r.more()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 2 -> pkg = r.string();
        case 4 -> messages.add(r.sub());
        case 5 -> enumTypes.add(r.sub());
        case 6 -> svcs.add(r.sub());
        default -> r.skip(tag);
      }
    }
    for (Reader m : messages) {
      message(pkg, m);
    }
    for (Reader e : enumTypes) {
      enumType(pkg, e);
    }
    for (Reader s : svcs) {
      service(pkg, s);
    }
  }

  private void message(String scope, Reader r) {
    String name = "";
    List<Reader> fields = new ArrayList<>();
    List<Reader> nested = new ArrayList<>();
    List<Reader> nestedEnums = new ArrayList<>();
    while (r.more()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 1 -> name = r.string();
        case 2 -> fields.add(r.sub());
        case 3 -> nested.add(r.sub());
        case 4 -> nestedEnums.add(r.sub());
        default -> r.skip(tag);
      }
    }
    String full = scope.isEmpty() ? name : scope + "." + name;
    List<Field> fs = new ArrayList<>();
    for (Reader f : fields) {
      fs.add(field(f));
    }
    types.put(full, new Type(full, name, List.copyOf(fs)));
    for (Reader n : nested) {
      message(full, n);
    }
    for (Reader e : nestedEnums) {
      enumType(full, e);
    }
  }

  private static Field field(Reader r) {
    String name = "";
    int number = 0;
    int label = 1;
    int type = 0;
    String typeName = null;
    boolean optional3 = false;
    boolean inOneof = false;
    while (r.more()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 1 -> name = r.string();
        case 3 -> number = (int) r.varint();
        case 4 -> label = (int) r.varint();
        case 5 -> type = (int) r.varint();
        case 6 -> typeName = r.string();
        case 9 -> {
          r.varint();
          inOneof = true;
        }
        case 17 -> optional3 = r.varint() != 0;
        default -> r.skip(tag);
      }
    }
    if (typeName != null && typeName.startsWith(".")) {
      typeName = typeName.substring(1);
    }
    return new Field(name, number, type, label == 3, typeName, optional3 || inOneof || type == MESSAGE);
  }

  private void enumType(String scope, Reader r) {
    String name = "";
    Map<Integer, String> values = new LinkedHashMap<>();
    while (r.more()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 1 -> name = r.string();
        case 2 -> {
          Reader v = r.sub();
          String vn = "";
          int num = 0;
          while (v.more()) {
            int t = v.tag();
            switch (t >>> 3) {
              case 1 -> vn = v.string();
              case 2 -> num = (int) v.varint();
              default -> v.skip(t);
            }
          }
          values.putIfAbsent(num, vn);
        }
        default -> r.skip(tag);
      }
    }
    enums.put(scope.isEmpty() ? name : scope + "." + name, new EnumType(name, values));
  }

  private void service(String pkg, Reader r) {
    String name = "";
    List<Reader> methods = new ArrayList<>();
    while (r.more()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 1 -> name = r.string();
        case 2 -> methods.add(r.sub());
        default -> r.skip(tag);
      }
    }
    String full = pkg.isEmpty() ? name : pkg + "." + name;
    List<Method> ms = new ArrayList<>();
    for (Reader m : methods) {
      String mn = "";
      String in = "";
      String out = "";
      boolean cs = false;
      boolean ss = false;
      while (m.more()) {
        int tag = m.tag();
        switch (tag >>> 3) {
          case 1 -> mn = m.string();
          case 2 -> in = m.string().substring(1);
          case 3 -> out = m.string().substring(1);
          case 5 -> cs = m.varint() != 0;
          case 6 -> ss = m.varint() != 0;
          default -> m.skip(tag);
        }
      }
      ms.add(new Method(full, mn, in, out, cs, ss));
    }
    services.put(full, List.copyOf(ms));
  }

  // ------------------------------------------------------------------ encoding

  /** Appends one scalar field to a request being encoded (the caller writes fields in number order). */
  static void encode(ByteArrayOutputStream out, Field f, Object v) throws Unsupported {
    switch (f.type()) {
      case STRING -> {
        byte[] b = ((String) v).getBytes(StandardCharsets.UTF_8);
        varint(out, (long) f.number() << 3 | 2);
        varint(out, b.length);
        out.writeBytes(b);
      }
      case INT32, INT64, UINT32, UINT64, BOOL -> {
        varint(out, (long) f.number() << 3);
        long x = v instanceof Boolean bool ? (bool ? 1 : 0) : ((Number) v).longValue();
        varint(out, f.type() == UINT32 ? x & 0xffffffffL : x);
      }
      case SINT32, SINT64 -> {
        long x = ((Number) v).longValue();
        varint(out, (long) f.number() << 3);
        varint(out, f.type() == SINT32 ? (((int) x) << 1) ^ (((int) x) >> 31) & 0xffffffffL : (x << 1) ^ (x >> 63));
      }
      case DOUBLE, FIXED64, SFIXED64 -> {
        varint(out, (long) f.number() << 3 | 1);
        long x = f.type() == DOUBLE ? Double.doubleToRawLongBits(((Number) v).doubleValue()) : ((Number) v).longValue();
        for (int i = 0; i < 8; i++) {
          out.write((int) (x >>> (8 * i)));
        }
      }
      case FLOAT, FIXED32, SFIXED32 -> {
        varint(out, (long) f.number() << 3 | 5);
        int x = f.type() == FLOAT ? Float.floatToRawIntBits(((Number) v).floatValue()) : ((Number) v).intValue();
        for (int i = 0; i < 4; i++) {
          out.write(x >>> (8 * i));
        }
      }
      default -> throw new Unsupported("field type " + f.type());
    }
  }

  /** Whether proto3 leaves this value off the wire (implicit presence and the default value). */
  static boolean isDefault(Field f, Object v) {
    if (f.explicitPresence()) {
      return false;
    }
    // No pattern switch: its bootstrap costs start-up time on this path.
    if (v instanceof String s) {
      return s.isEmpty();
    } else if (v instanceof Boolean b) {
      return !b;
    } else if (v instanceof Double d) {
      return Double.doubleToRawLongBits(d) == 0;
    } else if (v instanceof Float x) {
      return Float.floatToRawIntBits(x) == 0;
    } else if (v instanceof Number n) {
      return n.longValue() == 0;
    }
    return false;
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  // ------------------------------------------------------------------ decoding

  /**
   * A decoded message: each field's values as read (varints and fixed values as Long, the rest as
   * byte[]), in wire order, packed repeated scalars unpacked.
   */
  record Msg(Type type, Map<Integer, List<Object>> values) {
    List<Object> of(Field f) {
      return values.getOrDefault(f.number(), List.of());
    }
  }

  Msg decode(String typeName, byte[] bytes) throws Unsupported {
    Type t = types.get(typeName);
    if (t == null) {
      throw new Unsupported("unknown type " + typeName);
    }
    Map<Integer, Field> byNumber = new HashMap<>();
    for (Field f : t.fields()) {
      byNumber.put(f.number(), f);
    }
    Map<Integer, List<Object>> values = new HashMap<>();
    Reader r = new Reader(bytes);
    try {
      while (r.more()) {
        int tag = r.tag();
        Field f = byNumber.get(tag >>> 3);
        if (f == null) {
          r.skip(tag); // a field newer than this schema: protobuf-java keeps it unknown and prints nothing
          continue;
        }
        List<Object> list = values.get(f.number());
        if (list == null) {
          list = new ArrayList<>();
          values.put(f.number(), list);
        }
        int wt = tag & 7;
        if (wt == 2 && f.type() != STRING && f.type() != BYTES && f.type() != MESSAGE) {
          Reader packed = r.sub();
          while (packed.more()) {
            list.add(scalar(packed, f.type() == DOUBLE || f.type() == FIXED64 || f.type() == SFIXED64 ? 1
                : f.type() == FLOAT || f.type() == FIXED32 || f.type() == SFIXED32 ? 5 : 0));
          }
        } else if (wt == 2) {
          list.add(r.bytes());
        } else {
          list.add(scalar(r, wt));
        }
      }
    } catch (RuntimeException e) {
      throw new Unsupported("answer does not parse: " + e);
    }
    return new Msg(t, values);
  }

  private static Long scalar(Reader r, int wireType) throws Unsupported {
    return switch (wireType) {
      case 0 -> r.varint();
      case 1 -> r.fixed(8);
      case 5 -> r.fixed(4);
      default -> throw new Unsupported("wire type " + wireType);
    };
  }

  /** A protobuf wire-format reader over a byte range. Not thread-safe. */
  static final class Reader {
    private final byte[] b;
    private int pos;
    private final int limit;

    Reader(byte[] b) {
      this(b, 0, b.length);
    }

    private Reader(byte[] b, int pos, int limit) {
      this.b = b;
      this.pos = pos;
      this.limit = limit;
    }

    boolean more() {
      return pos < limit;
    }

    int tag() {
      return (int) varint();
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= limit) {
          throw new IllegalStateException("truncated varint");
        }
        byte x = b[pos++];
        v |= (long) (x & 0x7f) << shift;
        if (x >= 0) {
          return v;
        }
      }
      throw new IllegalStateException("malformed varint");
    }

    long fixed(int n) {
      if (pos + n > limit) {
        throw new IllegalStateException("truncated fixed value");
      }
      long v = 0;
      for (int i = 0; i < n; i++) {
        v |= (long) (b[pos++] & 0xff) << (8 * i);
      }
      return v;
    }

    private int length() {
      long n = varint();
      if (n < 0 || n > limit - pos) {
        throw new IllegalStateException("length past the end");
      }
      return (int) n;
    }

    byte[] bytes() {
      int n = length();
      byte[] out = Arrays.copyOfRange(b, pos, pos + n);
      pos += n;
      return out;
    }

    String string() {
      int n = length();
      String s = new String(b, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    Reader sub() {
      int n = length();
      Reader r = new Reader(b, pos, pos + n);
      pos += n;
      return r;
    }

    void skip(int tag) {
      switch (tag & 7) {
        case 0 -> varint();
        case 1 -> fixed(8);
        case 2 -> {
          int n = length(); // not pos += length(): that reads pos before length() moves it
          pos += n;
        }
        case 5 -> fixed(4);
        default -> throw new IllegalStateException("wire type " + (tag & 7));
      }
    }
  }
}
