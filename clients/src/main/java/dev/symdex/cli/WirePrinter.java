package dev.symdex.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * {@link JsonPrinter} and {@link TextPrinter}, over {@link Wire.Msg} instead of protobuf-java
 * messages, for the fast path: the same text, byte for byte (the tests print random messages both
 * ways). Where TextPrinter would fall back on protobuf-java's own rendering (a message or enum
 * inside a list row, bytes), it throws {@link Wire.Unsupported} and the full CLI prints instead.
 * Stateless.
 */
final class WirePrinter {
  private final Wire wire;

  WirePrinter(Wire wire) {
    this.wire = wire;
  }

  // ------------------------------------------------------------------ JSON

  String json(Wire.Msg m) throws Wire.Unsupported {
    StringBuilder b = new StringBuilder();
    jsonMessage(m, b);
    return b.toString();
  }

  private void jsonMessage(Wire.Msg m, StringBuilder b) throws Wire.Unsupported {
    b.append('{');
    boolean first = true;
    for (Wire.Field f : m.type().fields()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      JsonPrinter.quote(f.name(), b);
      b.append(':');
      List<Object> vs = m.of(f);
      if (f.repeated()) {
        b.append('[');
        List<Object> items = items(f, vs);
        for (int i = 0; i < items.size(); i++) {
          if (i > 0) {
            b.append(',');
          }
          jsonValue(f, items.get(i), b);
        }
        b.append(']');
      } else {
        jsonValue(f, single(f, vs), b);
      }
    }
    b.append('}');
  }

  private void jsonValue(Wire.Field f, Object v, StringBuilder b) throws Wire.Unsupported {
    switch (f.type()) {
      case Wire.MESSAGE -> jsonMessage((Wire.Msg) v, b);
      case Wire.STRING -> JsonPrinter.quote((String) v, b);
      case Wire.ENUM -> JsonPrinter.quote(enumName(f, (Integer) v), b);
      case Wire.BYTES -> JsonPrinter.quote(Base64.getEncoder().encodeToString((byte[]) v), b);
      default -> b.append(v);
    }
  }

  // ------------------------------------------------------------------ text

  /** False for a message type whose text only the full CLI prints (a plan: {@link PlanText}). */
  static boolean printsText(String typeFullName) {
    return !typeFullName.equals("symdex.v1.PlanResponse");
  }

  String text(Wire.Msg m) throws Wire.Unsupported {
    if (!printsText(m.type().fullName())) {
      throw new Wire.Unsupported("the text of " + m.type().fullName());
    }
    StringBuilder b = new StringBuilder();
    Wire.Field results = m.type().byName("results");
    if (results != null && results.repeated() && results.type() == Wire.MESSAGE) {
      for (Object o : items(results, m.of(results))) {
        Wire.Msg r = (Wire.Msg) o;
        String container = str(r, "container");
        String depth = str(r, "depth");
        b.append(str(r, "path")).append(':').append(str(r, "line")).append(": ").append(str(r, "kind")).append(' ')
            .append(str(r, "name")).append(container.isEmpty() ? "" : "  (in " + container + ")")
            .append(depth.isEmpty() || depth.equals("0") || depth.equals("1") ? "" : "  [depth " + depth + "]");
        Wire.Field enclosingField = r.type().byName("enclosing");
        Wire.Msg enclosing = enclosingField == null ? null : (Wire.Msg) single(enclosingField, r.of(enclosingField));
        b.append(RowText.suffix(container, str(r, "name"), enclosing == null ? "" : str(enclosing, "name"),
            enclosing == null ? "" : str(enclosing, "container"), str(r, "source"), str(r, "source_stale").equals("true"))).append('\n');
      }
      Wire.Field truncated = m.type().byName("truncated");
      if (truncated != null && !truncated.repeated() && Boolean.TRUE.equals(single(truncated, m.of(truncated)))) {
        String next = str(m, "next_page_token");
        b.append(next.isEmpty() ? "(more results: raise --limit)\n"
            : "(more results: raise --limit, or --page-token " + next + " for the next page)\n");
      }
      return b.toString();
    }
    fields(m, "", b);
    return b.toString();
  }

  private String str(Wire.Msg m, String field) throws Wire.Unsupported {
    Wire.Field f = m.type().byName(field);
    return f == null ? "" : plain(f, f.repeated() ? items(f, m.of(f)) : single(f, m.of(f)));
  }

  private void fields(Wire.Msg m, String indent, StringBuilder b) throws Wire.Unsupported {
    for (Wire.Field f : m.type().fields()) {
      List<Object> vs = m.of(f);
      if (f.repeated()) {
        List<Object> items = items(f, vs);
        if (items.isEmpty()) {
          continue;
        }
        b.append(indent).append(f.name()).append(":\n");
        for (Object o : items) {
          b.append(indent).append("  - ").append(o instanceof Wire.Msg sub ? inline(sub) : plain(f, o)).append('\n');
        }
      } else if (f.type() == Wire.MESSAGE) {
        b.append(indent).append(f.name()).append(":\n");
        fields((Wire.Msg) single(f, vs), indent + "  ", b);
      } else {
        Object v = single(f, vs);
        b.append(indent).append(f.name()).append(": ").append(f.type() == Wire.ENUM ? enumName(f, (Integer) v) : plain(f, v)).append('\n');
      }
    }
  }

  private String inline(Wire.Msg m) throws Wire.Unsupported {
    StringBuilder b = new StringBuilder();
    for (Wire.Field f : m.type().fields()) {
      if (f.type() == Wire.MESSAGE || f.type() == Wire.ENUM) {
        throw new Wire.Unsupported("protobuf-java's rendering of a nested value");
      }
      Object v = f.repeated() ? items(f, m.of(f)) : single(f, m.of(f));
      if ("".equals(v)) {
        continue; // an empty text (a file issue without a detail) adds nothing, as in TextPrinter
      }
      if (b.length() > 0) {
        b.append("  ");
      }
      b.append(plain(f, v));
    }
    return b.toString();
  }

  /** String.valueOf of what protobuf-java's getField returns, for the types where that is plain. */
  private static String plain(Wire.Field f, Object v) throws Wire.Unsupported {
    if (f.type() == Wire.BYTES || f.type() == Wire.MESSAGE || (f.type() == Wire.ENUM)) {
      throw new Wire.Unsupported("protobuf-java's rendering of bytes, messages, enums");
    }
    return String.valueOf(v);
  }

  // ------------------------------------------------------------------ values

  /** The value a singular field has: the last one on the wire (messages merged), or the default. */
  private Object single(Wire.Field f, List<Object> vs) throws Wire.Unsupported {
    if (f.type() == Wire.MESSAGE) {
      ByteArrayOutputStream merged = new ByteArrayOutputStream();
      for (Object o : vs) {
        merged.writeBytes((byte[]) o);
      }
      return wire.decode(f.typeName(), merged.toByteArray());
    }
    return vs.isEmpty() ? defaultValue(f) : value(f, vs.get(vs.size() - 1));
  }

  private List<Object> items(Wire.Field f, List<Object> vs) throws Wire.Unsupported {
    List<Object> out = new ArrayList<>(vs.size());
    for (Object o : vs) {
      out.add(f.type() == Wire.MESSAGE ? wire.decode(f.typeName(), (byte[]) o) : value(f, o));
    }
    return out;
  }

  /** The Java value protobuf-java's getField gives for a raw wire value. */
  private static Object value(Wire.Field f, Object raw) throws Wire.Unsupported {
    if (raw instanceof byte[] bytes) {
      return f.type() == Wire.STRING ? new String(bytes, StandardCharsets.UTF_8) : bytes;
    }
    long x = (Long) raw;
    return switch (f.type()) {
      case Wire.DOUBLE -> Double.longBitsToDouble(x);
      case Wire.FLOAT -> Float.intBitsToFloat((int) x);
      case Wire.INT64, Wire.UINT64, Wire.FIXED64, Wire.SFIXED64 -> x;
      case Wire.INT32, Wire.UINT32, Wire.FIXED32, Wire.SFIXED32, Wire.ENUM -> (int) x;
      case Wire.SINT32 -> (int) (x >>> 1) ^ -((int) x & 1);
      case Wire.SINT64 -> (x >>> 1) ^ -(x & 1);
      case Wire.BOOL -> x != 0;
      default -> throw new Wire.Unsupported("field type " + f.type());
    };
  }

  private static Object defaultValue(Wire.Field f) throws Wire.Unsupported {
    return switch (f.type()) {
      case Wire.DOUBLE -> 0.0d;
      case Wire.FLOAT -> 0.0f;
      case Wire.INT64, Wire.UINT64, Wire.FIXED64, Wire.SFIXED64, Wire.SINT64 -> 0L;
      case Wire.INT32, Wire.UINT32, Wire.FIXED32, Wire.SFIXED32, Wire.SINT32 -> 0;
      case Wire.ENUM -> 0;
      case Wire.BOOL -> false;
      case Wire.STRING -> "";
      case Wire.BYTES -> new byte[0];
      default -> throw new Wire.Unsupported("field type " + f.type());
    };
  }

  /** {@link JsonPrinter#enumName} for an enum value by number; an unknown number is unsupported. */
  private String enumName(Wire.Field f, int number) throws Wire.Unsupported {
    Wire.EnumType e = wire.enums.get(f.typeName());
    String name = e == null ? null : e.values().get(number);
    if (name == null) {
      throw new Wire.Unsupported("enum value " + number + " of " + f.typeName());
    }
    String prefix = e.simpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT) + "_";
    return (name.startsWith(prefix) ? name.substring(prefix.length()) : name).toLowerCase(Locale.ROOT);
  }
}
