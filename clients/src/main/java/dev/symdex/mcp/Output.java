package dev.symdex.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tool's answer as compact text, capped at a number of characters with the cut said out loud:
 * a stamp line (HEAD, generation, pending changes), then headings and rows in order, then footer
 * notes. Rows are kept from the first while the text fits; the rest are counted in a last line
 * {@code ... N more rows, raise max_chars} (or {@code lines}, for a tool whose rows are lines of
 * a text). The stamp and the footer are always there; headings are kept when a row after them is.
 * The structured form of each row (when given) is kept for the rows shown, grouped by a key, so
 * {@code structuredContent} never holds more than the text. Not thread-safe; one per answer.
 */
final class Output {
  private final String stamp;
  private final String unit;
  private final List<Entry> entries = new ArrayList<>();
  private final List<String> footers = new ArrayList<>();

  private record Entry(String text, boolean row, String key, Object structured) {}

  /**
   * The text of an answer, what of it was left out, and the structured rows shown.
   *
   * @param text the text, at most the asked number of characters (unless the stamp and footers alone pass it)
   * @param shown rows in the text
   * @param omitted rows left out to fit
   * @param structured the structured rows shown, by key, in order
   */
  record Rendered(String text, int shown, int omitted, Map<String, List<Object>> structured) {}

  /** @param unit what a row is called in the truncation line ("rows", "lines") */
  Output(String stamp, String unit) {
    this.stamp = stamp;
    this.unit = unit;
  }

  /** The stamp every answer starts with. */
  static String stamp(String head, long generation, long pendingChanges) {
    return String.format(Locale.ROOT, "head %s  generation %d  pending_changes %d%s", head.isEmpty() ? "-" : head.substring(0, Math.min(12, head.length())),
        generation, pendingChanges, pendingChanges == 0 ? "" : " (not yet indexed)");
  }

  /** A heading or note line, shown only when a row after it is shown (or when it has no rows after it). */
  Output heading(String text) {
    entries.add(new Entry(text, false, null, null));
    return this;
  }

  /** A row with no structured form. */
  Output row(String text) {
    return row(text, null, null);
  }

  /** A row, and its structured form under {@code key} (both null: none). */
  Output row(String text, String key, Object structured) {
    entries.add(new Entry(text, true, key, structured));
    return this;
  }

  /** Each line of {@code text} as a row. */
  Output lines(String text) {
    for (String line : text.split("\n", -1)) {
      row(line);
    }
    if (!entries.isEmpty() && entries.getLast().text().isEmpty() && text.endsWith("\n")) {
      entries.removeLast(); // the split's empty tail after the last newline
    }
    return this;
  }

  /** A note after the rows, kept whatever the cap (e.g. the daemon's own "more results" notice). */
  Output footer(String text) {
    footers.add(text);
    return this;
  }

  int rows() {
    int n = 0;
    for (Entry e : entries) {
      n += e.row() ? 1 : 0;
    }
    return n;
  }

  /** The text within {@code maxChars} characters, as the class comment says. */
  Rendered render(int maxChars) {
    int total = rows();
    StringBuilder b = new StringBuilder(stamp).append('\n');
    int footerLength = 0;
    for (String f : footers) {
      footerLength += f.length() + 1;
    }
    // Room for the truncation line, should it be needed.
    int reserve = String.format(Locale.ROOT, "... %d more %s, raise max_chars%n", total, unit).length();
    Map<String, List<Object>> structured = new LinkedHashMap<>();
    int shown = 0;
    StringBuilder pending = new StringBuilder(); // headings not yet followed by a shown row
    boolean cut = false;
    for (Entry e : entries) {
      if (!e.row()) {
        pending.append(e.text()).append('\n');
        continue;
      }
      int need = pending.length() + e.text().length() + 1;
      boolean last = shown + 1 == total;
      if (b.length() + footerLength + need + (last ? 0 : reserve) > maxChars) {
        cut = true;
        break;
      }
      b.append(pending).append(e.text()).append('\n');
      pending.setLength(0);
      shown++;
      if (e.key() != null) {
        structured.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.structured());
      }
    }
    if (!cut && pending.length() > 0 && b.length() + footerLength + pending.length() <= maxChars) {
      b.append(pending); // trailing headings (a section that has no rows says so)
    }
    if (shown < total) {
      b.append(String.format(Locale.ROOT, "... %d more %s, raise max_chars%n", total - shown, unit));
    }
    for (String f : footers) {
      b.append(f).append('\n');
    }
    return new Rendered(b.toString(), shown, total - shown, structured);
  }
}
