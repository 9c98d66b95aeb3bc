package dev.symdex.engine.query.explore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader for manifests: objects become {@link LinkedHashMap}s (key order kept),
 * arrays {@link List}s, strings {@link String}s, numbers their text, {@code true}/{@code false}
 * {@link Boolean}s and {@code null} the string {@code "null"}. Nesting is bounded, so hostile input
 * cannot overflow the stack.
 */
final class Json {
  private static final int MAX_DEPTH = 64;

  private final String s;
  private int i;

  private Json(String s) {
    this.s = s;
  }

  /** The value {@code text} holds (nothing but blanks after it). */
  static Object parse(String text) throws MalformedManifest {
    Json j = new Json(text);
    Object v = j.value(0);
    j.blanks();
    if (j.i != text.length()) {
      throw j.error("text after the value");
    }
    return v;
  }

  private Object value(int depth) throws MalformedManifest {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    blanks();
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(i);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      default -> literal();
    };
  }

  private Map<String, Object> object(int depth) throws MalformedManifest {
    Map<String, Object> out = new LinkedHashMap<>();
    i++;
    blanks();
    if (peek() == '}') {
      i++;
      return out;
    }
    while (true) {
      blanks();
      if (peek() != '"') {
        throw error("expected a key");
      }
      String key = string();
      blanks();
      expect(':');
      out.put(key, value(depth + 1));
      blanks();
      char c = next();
      if (c == '}') {
        return out;
      }
      if (c != ',') {
        throw error("expected , or }");
      }
    }
  }

  private List<Object> array(int depth) throws MalformedManifest {
    List<Object> out = new ArrayList<>();
    i++;
    blanks();
    if (peek() == ']') {
      i++;
      return out;
    }
    while (true) {
      out.add(value(depth + 1));
      blanks();
      char c = next();
      if (c == ']') {
        return out;
      }
      if (c != ',') {
        throw error("expected , or ]");
      }
    }
  }

  private String string() throws MalformedManifest {
    i++;
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (i + 4 > s.length()) {
            throw error("short \\u escape");
          }
          try {
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          } catch (NumberFormatException x) {
            throw error("bad \\u escape");
          }
          i += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Object literal() throws MalformedManifest {
    int start = i;
    while (i < s.length() && "{}[],: \t\r\n\"".indexOf(s.charAt(i)) < 0) {
      i++;
    }
    String word = s.substring(start, i);
    if (word.equals("true") || word.equals("false")) {
      return Boolean.valueOf(word);
    }
    if (word.equals("null") || word.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
      return word;
    }
    i = start;
    throw error("unexpected " + (word.isEmpty() ? "character" : "'" + abbreviate(word) + "'"));
  }

  private static String abbreviate(String w) {
    return w.length() > 20 ? w.substring(0, 20) + "..." : w;
  }

  private void blanks() {
    while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
  }

  private char peek() throws MalformedManifest {
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    return s.charAt(i);
  }

  private char next() throws MalformedManifest {
    char c = peek();
    i++;
    return c;
  }

  private void expect(char c) throws MalformedManifest {
    if (next() != c) {
      i--;
      throw error("expected " + c);
    }
  }

  private MalformedManifest error(String what) {
    return new MalformedManifest("not JSON: " + what + " at line " + ManifestSource.lineAt(s, Math.min(i, s.length())));
  }
}
