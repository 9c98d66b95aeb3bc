package dev.symdex.cli;

/**
 * The parts of a result row's text that both printers ({@link TextPrinter}, {@link WirePrinter})
 * add after {@code path:line: kind name (in container)}: the enclosing definition of a reference
 * when the row does not already say it, and the source line asked with {@code --with-source}
 * (indented on its own line). Stateless; on the fast path (no lambdas).
 */
final class RowText {
  private RowText() {}

  /**
   * @param container the row's container ("" at top level)
   * @param name the row's name
   * @param enclosingName the enclosing definition's name ("" when none)
   * @param enclosingContainer the enclosing definition's container
   * @param source the row's source line ("" when not asked or not given)
   * @param stale whether the file changed since it was indexed (no source then)
   */
  static String suffix(String container, String name, String enclosingName, String enclosingContainer, String source, boolean stale) {
    StringBuilder b = new StringBuilder();
    if (container.isEmpty() && !enclosingName.isEmpty()) {
      String enclosing = enclosingContainer.isEmpty() ? enclosingName : enclosingContainer + "." + enclosingName;
      if (!enclosing.equals(name)) {
        b.append("  (in ").append(enclosing).append(')');
      }
    }
    if (!source.isEmpty()) {
      b.append("\n    ").append(source);
    } else if (stale) {
      b.append("\n    (the file changed since it was indexed: sync, then ask again)");
    }
    return b.toString();
  }
}
