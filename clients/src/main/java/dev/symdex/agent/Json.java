package dev.symdex.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer (RFC 8259) for the agent config files, with no dependency: a
 * value is a {@code Map<String, Object>} (a {@link LinkedHashMap}, keys in file order), a {@code
 * List<Object>}, a {@link String}, a {@link Num} (the number's text, kept as written so that a
 * value read and written again is the same), a {@link Boolean}, or {@code null}. Two values read
 * from documents that differ only in whitespace are {@code equals}. Stateless and thread-safe.
 */
public final class Json {
  /** A JSON number, as written in the document. */
  public record Num(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  /** The document is not JSON; the message says where. */
  public static final class SyntaxException extends Exception {
    SyntaxException(String message) {
      super(message);
    }
  }

  private final String s;
  private int pos;

  private Json(String s) {
    this.s = s;
  }

  private Json() {
    this.s = "";
  }

  /** Reads one JSON value that makes up the whole of {@code text} (whitespace around it allowed). */
  public static Object parse(String text) throws SyntaxException {
    Json p = new Json(text);
    try {
      p.space();
      Object v = p.value(0);
      p.space();
      if (p.pos != text.length()) {
        throw p.error("text after the JSON value");
      }
      return v;
    } catch (IndexOutOfBoundsException e) {
      throw p.error("the document ends early");
    }
  }

  /** The value as JSON, indented by two spaces, with a final newline (as editors write settings). */
  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    new Json().emit(b, value, 0, true);
    return b.append('\n').toString();
  }

  /** The value as JSON on one line. */
  public static String compact(Object value) {
    StringBuilder b = new StringBuilder();
    new Json().emit(b, value, 0, false);
    return b.toString();
  }

  /** {@code text} as a JSON string literal, quotes included. */
  public static String quote(String text) {
    StringBuilder b = new StringBuilder(text.length() + 2);
    string(b, text);
    return b.toString();
  }

  private static final int MAX_DEPTH = 512;

  private Object value(int depth) throws SyntaxException {
    if (depth > MAX_DEPTH) {
      throw error("nested too deeply");
    }
    char c = s.charAt(pos);
    switch (c) {
      case '{' -> {
        pos++;
        Map<String, Object> m = new LinkedHashMap<>();
        space();
        if (s.charAt(pos) == '}') {
          pos++;
          return m;
        }
        while (true) {
          space();
          if (s.charAt(pos) != '"') {
            throw error("expected a key in quotes");
          }
          String key = string();
          space();
          expect(':');
          space();
          if (m.containsKey(key)) {
            throw error("key " + quote(key) + " appears twice");
          }
          m.put(key, value(depth + 1));
          space();
          if (s.charAt(pos) == ',') {
            pos++;
            continue;
          }
          expect('}');
          return m;
        }
      }
      case '[' -> {
        pos++;
        List<Object> l = new ArrayList<>();
        space();
        if (s.charAt(pos) == ']') {
          pos++;
          return l;
        }
        while (true) {
          space();
          l.add(value(depth + 1));
          space();
          if (s.charAt(pos) == ',') {
            pos++;
            continue;
          }
          expect(']');
          return l;
        }
      }
      case '"' -> {
        return string();
      }
      case 't' -> {
        word("true");
        return Boolean.TRUE;
      }
      case 'f' -> {
        word("false");
        return Boolean.FALSE;
      }
      case 'n' -> {
        word("null");
        return null;
      }
      default -> {
        return number();
      }
    }
  }

  private Num number() throws SyntaxException {
    int start = pos;
    if (s.charAt(pos) == '-') {
      pos++;
    }
    if (s.charAt(pos) == '0') {
      pos++;
    } else if (digit()) {
      while (pos < s.length() && digit()) {
        pos++;
      }
    } else {
      throw error("unexpected character " + quote(String.valueOf(s.charAt(pos))));
    }
    if (pos < s.length() && s.charAt(pos) == '.') {
      pos++;
      digits();
    }
    if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      pos++;
      if (s.charAt(pos) == '+' || s.charAt(pos) == '-') {
        pos++;
      }
      digits();
    }
    return new Num(s.substring(start, pos));
  }

  private boolean digit() {
    char c = s.charAt(pos);
    return c >= '0' && c <= '9';
  }

  private void digits() throws SyntaxException {
    if (!digit()) {
      throw error("expected a digit");
    }
    while (pos < s.length() && digit()) {
      pos++;
    }
  }

  private String string() throws SyntaxException {
    pos++; // the opening quote
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = s.charAt(pos++);
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        throw error("a control character in a string");
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          try {
            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("a bad \\u escape");
          }
          pos += 4;
        }
        default -> throw error("a bad escape \\" + e);
      }
    }
  }

  private void word(String w) throws SyntaxException {
    if (!s.startsWith(w, pos)) {
      throw error("unexpected character " + quote(String.valueOf(s.charAt(pos))));
    }
    pos += w.length();
  }

  private void expect(char c) throws SyntaxException {
    if (s.charAt(pos) != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private void space() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private SyntaxException error(String what) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < Math.min(pos, s.length()); i++) {
      if (s.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new SyntaxException(what + " at line " + line + ", column " + col);
  }

  private void emit(StringBuilder b, Object v, int indent, boolean pretty) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String str) {
      string(b, str);
    } else if (v instanceof Num || v instanceof Boolean || v instanceof Integer || v instanceof Long) {
      b.append(v);
    } else if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        b.append("{}");
        return;
      }
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b.append(first ? "" : ",");
        first = false;
        newline(b, indent + 1, pretty);
        string(b, (String) e.getKey());
        b.append(pretty ? ": " : ":");
        emit(b, e.getValue(), indent + 1, pretty);
      }
      newline(b, indent, pretty);
      b.append('}');
    } else if (v instanceof List<?> l) {
      if (l.isEmpty()) {
        b.append("[]");
        return;
      }
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        b.append(i == 0 ? "" : ",");
        newline(b, indent + 1, pretty);
        emit(b, l.get(i), indent + 1, pretty);
      }
      newline(b, indent, pretty);
      b.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }
  }

  private static void newline(StringBuilder b, int indent, boolean pretty) {
    if (pretty) {
      b.append('\n');
      b.append("  ".repeat(indent));
    }
  }

  private static void string(StringBuilder b, String str) {
    b.append('"');
    for (int i = 0; i < str.length(); i++) {
      char c = str.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            b.append("\\u");
            String hex = Integer.toHexString(c);
            b.append("0".repeat(4 - hex.length())).append(hex);
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
