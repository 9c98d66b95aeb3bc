package dev.symdex.engine.model;

/**
 * Totals over an index, kept up to date by every change.
 *
 * @param files files whose facts are in the index
 * @param definitions definitions
 * @param references references
 * @param calls call sites
 * @param imports imports
 * @param parseErrors indexed files whose syntax tree had errors
 * @param issues files skipped or degraded (see {@link FileStatus#isIssue()})
 */
public record IndexCounts(long files, long definitions, long references, long calls, long imports, long parseErrors, long issues) {
  public static final IndexCounts ZERO = new IndexCounts(0, 0, 0, 0, 0, 0, 0);

  /** Adds ({@code sign = 1}) or removes ({@code sign = -1}) one file's facts. */
  public IndexCounts plus(FileFacts f, int sign) {
    return new IndexCounts(
        files + sign,
        definitions + sign * (long) f.definitions().size(),
        references + sign * (long) f.references().size(),
        calls + sign * (long) f.calls().size(),
        imports + sign * (long) f.imports().size(),
        parseErrors + (f.syntaxErrors() ? sign : 0),
        issues);
  }

  public IndexCounts plusIssues(int delta) {
    return new IndexCounts(files, definitions, references, calls, imports, parseErrors, issues + delta);
  }
}
