package dev.symdex.engine.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Source languages symdex extracts facts from. Each constant names its tree-sitter grammar
 * ({@link #id()}, also the query file name) and a stable code used by the codec (never reuse or
 * renumber a code).
 */
public enum Language {
  JAVA(1, "java"),
  PYTHON(2, "python"),
  JAVASCRIPT(3, "javascript"),
  TYPESCRIPT(4, "typescript"),
  TSX(5, "tsx"),
  GO(6, "go"),
  RUST(7, "rust"),
  C(8, "c"),
  CPP(9, "cpp"),
  CSHARP(10, "csharp"),
  RUBY(11, "ruby"),
  BASH(12, "bash");

  private static final Map<String, Language> BY_EXTENSION = Map.ofEntries(
      Map.entry("java", JAVA),
      Map.entry("py", PYTHON), Map.entry("pyi", PYTHON), Map.entry("pyw", PYTHON),
      Map.entry("js", JAVASCRIPT), Map.entry("jsx", JAVASCRIPT), Map.entry("mjs", JAVASCRIPT), Map.entry("cjs", JAVASCRIPT),
      Map.entry("ts", TYPESCRIPT), Map.entry("mts", TYPESCRIPT), Map.entry("cts", TYPESCRIPT),
      Map.entry("tsx", TSX),
      Map.entry("go", GO),
      Map.entry("rs", RUST),
      Map.entry("c", C),
      Map.entry("cc", CPP), Map.entry("cpp", CPP), Map.entry("cxx", CPP), Map.entry("c++", CPP),
      Map.entry("hh", CPP), Map.entry("hpp", CPP), Map.entry("hxx", CPP), Map.entry("h++", CPP),
      Map.entry("ipp", CPP), Map.entry("tpp", CPP), Map.entry("inl", CPP),
      Map.entry("cs", CSHARP),
      Map.entry("rb", RUBY), Map.entry("rake", RUBY), Map.entry("gemspec", RUBY),
      Map.entry("sh", BASH), Map.entry("bash", BASH));

  private static final Map<String, Language> BY_NAME = Map.of(
      "Rakefile", RUBY, "Gemfile", RUBY, "Guardfile", RUBY, ".bashrc", BASH, ".bash_profile", BASH);

  /** C++ definitions: they make a header C++ even in its {@code #ifdef __cplusplus} parts. */
  private static final Pattern CPP_DEFINITION = Pattern.compile("(?m)^\\s*(class\\s+\\w+[^;]*\\{|namespace\\s+\\w+\\s*\\{|template\\s*<)");
  /** C++-only syntax that tells a C++ header from a C one, outside {@code #ifdef __cplusplus} parts. */
  private static final Pattern CPP_HEADER = Pattern.compile(
      "(?m)^\\s*(class\\s+\\w+[^;]*\\{|namespace\\b|template\\s*<|using\\s+namespace\\b|(public|private|protected)\\s*:)"
          + "|\\b(std::|constexpr\\b|nullptr\\b|virtual\\s+[~\\w]|#include\\s*<(iostream|string|vector|map|memory)>)");
  /** Comments, string and character literals, #error and #warning lines. */
  private static final Pattern COMMENT_OR_STRING = Pattern.compile(
      "(?m)^\\s*#\\s*(error|warning)\\b[^\\n]*+|/\\*.*?(\\*/|\\z)|//[^\\n]*+|\"(?:[^\"\\\\\\n]|\\\\.)*+\"|'(?:[^'\\\\\\n]|\\\\.)*+'", Pattern.DOTALL);
  /** The start of a part only C++ compilers see: {@code #ifdef __cplusplus}, {@code #if X && defined(__cplusplus)}. */
  private static final Pattern CPLUSPLUS_IF = Pattern.compile("#\\s*if(def)?\\b.*\\b__cplusplus\\b.*");
  private static final Pattern NOT_CPLUSPLUS = Pattern.compile(".*!\\s*(defined\\s*\\(?\\s*)?__cplusplus\\b.*");

  private final int code;
  private final String id;

  Language(int code, String id) {
    this.code = code;
    this.id = id;
  }

  /** Stable code stored on disk. */
  public int code() {
    return code;
  }

  /** Lower-case identifier, as shown to users and used in grammar and query file names. */
  public String id() {
    return id;
  }

  /**
   * The facts query this language uses ({@code queries/<queryId>.scm}): its own, except TSX,
   * whose grammar is TypeScript's plus JSX and which shares TypeScript's query.
   */
  public String queryId() {
    return this == TSX ? TYPESCRIPT.id : id;
  }

  /** Inverse of {@link #code()}; empty for an unknown code. */
  /** By code (codes are small, stored in every record): one array lookup, no copy of values(). */
  private static final Optional<Language>[] BY_CODE = byCode();

  @SuppressWarnings("unchecked")
  private static Optional<Language>[] byCode() {
    int max = 0;
    for (Language l : values()) {
      max = Math.max(max, l.code);
    }
    Optional<Language>[] out = new Optional[max + 1];
    Arrays.fill(out, Optional.empty());
    for (Language l : values()) {
      out[l.code] = Optional.of(l);
    }
    return out;
  }

  public static Optional<Language> fromCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : Optional.empty();
  }

  /** The language with this {@link #id()}. */
  public static Optional<Language> fromId(String id) {
    for (Language l : values()) {
      if (l.id.equals(id)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /**
   * Language of a file by its name; for {@code .h} by its content (C++ syntax makes it C++); for
   * files without an extension by a shebang line.
   */
  public static Optional<Language> detect(String fileName, byte[] content) {
    Language byName = BY_NAME.get(fileName);
    if (byName != null) {
      return Optional.of(byName);
    }
    int dot = fileName.lastIndexOf('.');
    if (dot >= 0) {
      String ext = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
      if (ext.equals("h")) {
        return Optional.of(isCppHeader(content) ? CPP : C);
      }
      return Optional.ofNullable(BY_EXTENSION.get(ext));
    }
    return fromShebang(content);
  }

  private static boolean isCppHeader(byte[] content) {
    String text = new String(content, 0, Math.min(content.length, 64 * 1024), StandardCharsets.ISO_8859_1);
    // Comments, literals and #error lines hold words ("virtual memory", "std::"), not code.
    String code = COMMENT_OR_STRING.matcher(text).replaceAll(" ");
    return CPP_DEFINITION.matcher(code).find() || CPP_HEADER.matcher(withoutCplusplusParts(code)).find();
  }

  /**
   * The code without its {@code #ifdef __cplusplus} parts: a C header's courtesies to C++ users
   * ({@code extern "C" {}, {@code nullptr}) do not make it C++.
   */
  private static String withoutCplusplusParts(String code) {
    StringBuilder out = new StringBuilder(code.length());
    int depth = 0; // > 0 inside a __cplusplus part: its #if nesting depth
    for (String line : code.split("\n", -1)) {
      String t = line.strip();
      if (depth > 0) {
        if (t.matches("#\\s*if.*")) {
          depth++;
        } else if (t.matches("#\\s*endif\\b.*")) {
          depth--;
        } else if (depth == 1 && t.matches("#\\s*(else|elif)\\b.*")) {
          depth = 0; // the alternative is for C
        }
      } else if (CPLUSPLUS_IF.matcher(t).matches() && !NOT_CPLUSPLUS.matcher(t).matches()) {
        depth = 1;
      } else {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  private static Optional<Language> fromShebang(byte[] head) {
    if (head.length < 3 || head[0] != '#' || head[1] != '!') {
      return Optional.empty();
    }
    int end = 2;
    while (end < head.length && end < 128 && head[end] != '\n') {
      end++;
    }
    String line = new String(head, 2, end - 2, StandardCharsets.ISO_8859_1);
    String interpreter = line.strip().replaceFirst("^/usr/bin/env\\s+(-S\\s+)?", "");
    String word = interpreter.split("\\s+")[0];
    String base = word.substring(word.lastIndexOf('/') + 1);
    if (base.startsWith("python")) {
      return Optional.of(PYTHON);
    }
    if (base.equals("node") || base.equals("nodejs")) {
      return Optional.of(JAVASCRIPT);
    }
    if (base.equals("ruby")) {
      return Optional.of(RUBY);
    }
    if (base.equals("sh") || base.equals("bash") || base.equals("dash") || base.equals("zsh") || base.equals("ksh")) {
      return Optional.of(BASH);
    }
    return Optional.empty();
  }
}
