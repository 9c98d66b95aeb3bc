package dev.symdex.engine.extract;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The short text kept of a call argument for typing it ({@link
 * dev.symdex.engine.model.TypeFacts.Argument}): a literal's kind, a name, a class literal or a
 * cast's type (an array creation as a cast to its array type); empty for anything else (it is
 * then untyped). Stateless.
 */
final class ArgumentText {
  private static final int MAX_CHARS = 64;
  /** Longer arguments (in UTF-8 bytes) are read by their first character only. */
  static final int MAX_BYTES = 4 * MAX_CHARS;
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern NAME = Pattern.compile("[\\w$]+(\\s*\\.\\s*[\\w$]+)*(\\s*\\[[^\\[\\]]*])?");
  private static final Pattern NUMBER = Pattern.compile("[-+]?(0[xXbB][\\da-fA-F_]+|\\d[\\d_]*\\.?[\\d_]*|\\.\\d[\\d_]*)([eEpP][-+]?\\d+)?[lLfFdD]?");
  private static final Pattern CAST = Pattern.compile("\\(\\s*([\\w$.<>\\[\\],?\\s]+?)\\s*\\)\\s*[\\w$(\"'].*", Pattern.DOTALL);
  /** An array creation's element type and dimensions: {@code new int[n]}, {@code new String[] {...}}. */
  private static final Pattern NEW_ARRAY = Pattern.compile("new\\s+([\\w$.]+)\\s*((\\[[^\\[\\]]*]\\s*)+)");

  private ArgumentText() {}

  /** A plain name: the common case, told without a regular expression. */
  private static boolean isIdentifier(String a) {
    if (!Character.isJavaIdentifierStart(a.charAt(0))) {
      return false;
    }
    for (int i = 1; i < a.length(); i++) {
      char ch = a.charAt(i);
      if (!Character.isJavaIdentifierPart(ch) && ch != '.') {
        return false;
      }
    }
    return true;
  }

  static String of(String argument) {
    String a = argument.strip();
    if (a.isEmpty()) {
      return "";
    }
    char c = a.charAt(0);
    if (c == '"') {
      return "\"\"";
    }
    if (c == '\'') {
      return "'c'";
    }
    if (a.equals("true") || a.equals("false") || a.equals("null") || a.equals("this")) {
      return a;
    }
    if ((Character.isDigit(c) || c == '-' || c == '+' || c == '.') && NUMBER.matcher(a).matches()) {
      char last = Character.toLowerCase(a.charAt(a.length() - 1));
      boolean hex = a.startsWith("0x") || a.startsWith("0X");
      return last == 'l' ? "1L" : !hex && last == 'f' ? "1F" : !hex && (last == 'd' || a.contains(".") || a.contains("e")) ? "1D" : "1";
    }
    if (a.startsWith("new")) {
      Matcher array = NEW_ARRAY.matcher(a);
      if (array.lookingAt()) { // typed as a cast to the array type
        return "(" + array.group(1) + "[]".repeat((int) array.group(2).chars().filter(ch -> ch == '[').count()) + ")";
      }
    }
    if (a.length() > MAX_CHARS) {
      return "";
    }
    if (isIdentifier(a)) {
      return a;
    }
    if (NAME.matcher(a).matches()) {
      return SPACES.matcher(a).replaceAll("");
    }
    Matcher cast = CAST.matcher(a);
    if (c == '(' && cast.matches()) {
      return "(" + SPACES.matcher(cast.group(1)).replaceAll("") + ")";
    }
    return "";
  }
}
