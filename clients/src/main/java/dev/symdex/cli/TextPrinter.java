package dev.symdex.cli;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;

/**
 * Prints a response for people: result rows as {@code path:line: kind name (in container)}, a
 * plan as {@link PlanText} does, other messages as aligned {@code field: value} lines. Stateless.
 */
final class TextPrinter {
  private TextPrinter() {}

  static String print(Message m) {
    if (m.getDescriptorForType().getFullName().equals(PlanText.TYPE)) {
      return PlanText.print(m);
    }
    StringBuilder b = new StringBuilder();
    FieldDescriptor results = m.getDescriptorForType().findFieldByName("results");
    if (results != null && results.isRepeated() && results.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      for (Object o : (List<?>) m.getField(results)) {
        b.append(row((Message) o)).append('\n');
      }
      FieldDescriptor truncated = m.getDescriptorForType().findFieldByName("truncated");
      if (truncated != null && Boolean.TRUE.equals(m.getField(truncated))) {
        String next = str(m, "next_page_token");
        b.append(next.isEmpty() ? "(more results: raise --limit)\n" : "(more results: raise --limit, or --page-token " + next + " for the next page)\n");
      }
      return b.toString();
    }
    fields(m, "", b);
    return b.toString();
  }

  private static String row(Message r) {
    String path = str(r, "path");
    String line = str(r, "line");
    String kind = str(r, "kind");
    String name = str(r, "name");
    String container = str(r, "container");
    String depth = str(r, "depth");
    FieldDescriptor enclosingField = r.getDescriptorForType().findFieldByName("enclosing");
    Message enclosing = enclosingField == null ? null : (Message) r.getField(enclosingField);
    return path + ":" + line + ": " + kind + " " + name + (container.isEmpty() ? "" : "  (in " + container + ")")
        + (depth.isEmpty() || depth.equals("0") || depth.equals("1") ? "" : "  [depth " + depth + "]")
        + RowText.suffix(container, name, enclosing == null ? "" : str(enclosing, "name"), enclosing == null ? "" : str(enclosing, "container"),
            str(r, "source"), str(r, "source_stale").equals("true"));
  }

  private static String str(Message m, String field) {
    FieldDescriptor f = m.getDescriptorForType().findFieldByName(field);
    return f == null ? "" : String.valueOf(m.getField(f));
  }

  private static void fields(Message m, String indent, StringBuilder b) {
    for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
      if (f.isRepeated()) {
        List<?> items = (List<?>) m.getField(f);
        if (items.isEmpty()) {
          continue;
        }
        b.append(indent).append(f.getName()).append(":\n");
        for (Object o : items) {
          if (o instanceof Message sub) {
            b.append(indent).append("  - ").append(inline(sub)).append('\n');
          } else {
            b.append(indent).append("  - ").append(o).append('\n');
          }
        }
      } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        b.append(indent).append(f.getName()).append(":\n");
        fields((Message) m.getField(f), indent + "  ", b);
      } else {
        Object v = m.getField(f);
        String s = v instanceof EnumValueDescriptor e ? JsonPrinter.enumName(e) : String.valueOf(v);
        b.append(indent).append(f.getName()).append(": ").append(s).append('\n');
      }
    }
  }

  private static String inline(Message m) {
    StringBuilder b = new StringBuilder();
    for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
      Object v = m.getField(f);
      if ("".equals(v)) {
        continue; // an empty text (a file issue without a detail) adds nothing
      }
      if (b.length() > 0) {
        b.append("  ");
      }
      b.append(v);
    }
    return b.toString();
  }
}
