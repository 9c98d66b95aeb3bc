package dev.symdex.engine.query.explore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of TOML manifests use ({@code pyproject.toml}, {@code Cargo.toml}): {@code [table]}
 * headers, {@code key = value} with basic and literal strings, arrays (over several lines too),
 * inline tables, and bare values (numbers, booleans) kept as text. Keys of {@code [[array]]}
 * tables are skipped. Dotted keys are kept as written ({@code a.b = 1} is the key {@code a.b}).
 * Values: {@link String}, {@link List}, or {@link Map} for an inline table.
 */
final class Toml {
  private static final int MAX_DEPTH = 32;

  private Toml() {}

  /** The tables of {@code text}, by header name ({@code ""} for the keys before any header), in order. */
  static Map<String, Map<String, Object>> parse(String text) throws MalformedManifest {
    Map<String, Map<String, Object>> tables = new LinkedHashMap<>();
    Map<String, Object> current = tables.computeIfAbsent("", k -> new LinkedHashMap<>());
    String[] lines = text.split("\r?\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[[")) {
        current = new LinkedHashMap<>();
        continue;
      }
      if (line.startsWith("[")) {
        int end = line.indexOf(']');
        if (end < 0) {
          throw new MalformedManifest("not TOML: unclosed table header at line " + (n + 1));
        }
        String name = line.substring(1, end).strip().replace("\"", "");
        current = tables.computeIfAbsent(name, k -> new LinkedHashMap<>());
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new MalformedManifest("not TOML: expected key = value at line " + (n + 1));
      }
      String key = line.substring(0, eq).strip().replace("\"", "");
      StringBuilder value = new StringBuilder(line.substring(eq + 1));
      int first = n;
      while (!balanced(value) && n + 1 < lines.length) {
        value.append('\n').append(lines[++n]);
      }
      Reader r = new Reader(value.toString(), first + 1);
      current.put(key, r.value(0));
      r.end();
    }
    return tables;
  }

  /** True when every bracket and brace opened outside strings and comments is closed. */
  private static boolean balanced(CharSequence v) {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#') {
        while (i < v.length() && v.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '[' || c == '{') {
        depth++;
      } else if (c == ']' || c == '}') {
        depth--;
      }
    }
    return depth <= 0;
  }

  /** Reads one value. */
  private static final class Reader {
    private final String s;
    private final int line;
    private int i;

    Reader(String s, int line) {
      this.s = s;
      this.line = line;
    }

    Object value(int depth) throws MalformedManifest {
      if (depth > MAX_DEPTH) {
        throw error("nested too deep");
      }
      blanks();
      if (i >= s.length()) {
        throw error("missing value");
      }
      char c = s.charAt(i);
      if (c == '"' || c == '\'') {
        return string(c);
      }
      if (c == '[') {
        return array(depth);
      }
      if (c == '{') {
        return table(depth);
      }
      int start = i;
      while (i < s.length() && ",]}#\n".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      String bare = s.substring(start, i).strip();
      if (bare.isEmpty()) {
        throw error("missing value");
      }
      return bare;
    }

    private String string(char quote) throws MalformedManifest {
      boolean multi = s.startsWith(String.valueOf(quote).repeat(3), i);
      String close = multi ? String.valueOf(quote).repeat(3) : String.valueOf(quote);
      i += close.length();
      StringBuilder b = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw error("unclosed string");
        }
        if (s.startsWith(close, i)) {
          i += close.length();
          return b.toString();
        }
        char c = s.charAt(i++);
        if (c == '\n' && !multi) {
          throw error("unclosed string");
        }
        if (c == '\\' && quote == '"' && i < s.length()) {
          char e = s.charAt(i++);
          b.append(switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            default -> e;
          });
        } else {
          b.append(c);
        }
      }
    }

    private List<Object> array(int depth) throws MalformedManifest {
      List<Object> out = new ArrayList<>();
      i++;
      while (true) {
        blanks();
        if (i >= s.length()) {
          throw error("unclosed array");
        }
        if (s.charAt(i) == ']') {
          i++;
          return out;
        }
        out.add(value(depth + 1));
        blanks();
        if (i < s.length() && s.charAt(i) == ',') {
          i++;
        }
      }
    }

    private Map<String, Object> table(int depth) throws MalformedManifest {
      Map<String, Object> out = new LinkedHashMap<>();
      i++;
      while (true) {
        blanks();
        if (i >= s.length()) {
          throw error("unclosed inline table");
        }
        if (s.charAt(i) == '}') {
          i++;
          return out;
        }
        int eq = s.indexOf('=', i);
        if (eq < 0) {
          throw error("expected key = value in an inline table");
        }
        String key = s.substring(i, eq).strip().replace("\"", "");
        i = eq + 1;
        out.put(key, value(depth + 1));
        blanks();
        if (i < s.length() && s.charAt(i) == ',') {
          i++;
        }
      }
    }

    /** Skips blanks, newlines and comments. */
    private void blanks() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '#') {
          while (i < s.length() && s.charAt(i) != '\n') {
            i++;
          }
        } else if (Character.isWhitespace(c)) {
          i++;
        } else {
          return;
        }
      }
    }

    void end() throws MalformedManifest {
      blanks();
      if (i < s.length()) {
        throw error("text after the value");
      }
    }

    private MalformedManifest error(String what) {
      return new MalformedManifest("not TOML: " + what + " at line " + line);
    }
  }

  /**
   * The version a dependency table states for one dependency, as Cargo and Poetry write it: a
   * string ({@code "1.2"}), or an inline table's {@code version}, else {@code path:P}, {@code
   * git:URL}, or {@code workspace} (inherited from the workspace); empty when none says.
   */
  static String dependencyVersion(Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Map<?, ?> m) {
      if (m.get("version") instanceof String s) {
        return s;
      }
      if (m.get("path") instanceof String s) {
        return "path:" + s;
      }
      if (m.get("git") instanceof String s) {
        return "git:" + s;
      }
      if ("true".equals(m.get("workspace"))) {
        return "workspace";
      }
    }
    return "";
  }
}
