package dev.symdex.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Prints any message as JSON for programs: proto field names, every field including zero values,
 * 64-bit integers as numbers, enums as lower-case names without their type prefix. Stateless.
 */
final class JsonPrinter {
  private JsonPrinter() {}

  static String print(Message m) {
    StringBuilder b = new StringBuilder();
    message(m, b);
    return b.toString();
  }

  private static void message(Message m, StringBuilder b) {
    b.append('{');
    boolean first = true;
    for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      quote(f.getName(), b);
      b.append(':');
      if (f.isRepeated()) {
        b.append('[');
        List<?> items = (List<?>) m.getField(f);
        for (int i = 0; i < items.size(); i++) {
          if (i > 0) {
            b.append(',');
          }
          value(f, items.get(i), b);
        }
        b.append(']');
      } else {
        value(f, m.getField(f), b);
      }
    }
    b.append('}');
  }

  private static void value(FieldDescriptor f, Object v, StringBuilder b) {
    switch (f.getJavaType()) {
      case MESSAGE -> message((Message) v, b);
      case STRING -> quote((String) v, b);
      case ENUM -> quote(enumName((EnumValueDescriptor) v), b);
      case BYTE_STRING -> quote(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()), b);
      default -> b.append(v);
    }
  }

  static String enumName(EnumValueDescriptor v) {
    String prefix = v.getType().getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT) + "_";
    String name = v.getName().startsWith(prefix) ? v.getName().substring(prefix.length()) : v.getName();
    return name.toLowerCase(Locale.ROOT);
  }

  static void quote(String s, StringBuilder b) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
