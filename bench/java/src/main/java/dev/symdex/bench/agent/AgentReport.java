package dev.symdex.bench.agent;

import dev.symdex.bench.context.TaskSelector;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/** The markdown report and the per-task TSV of one {@link AgentBench} run. Immutable. */
final class AgentReport {
  private final Path repo;
  private final String head;
  private final Grep.Tool tool;
  private final List<TaskRow> rows;
  private final double seconds;

  AgentReport(Path repo, String head, Grep.Tool tool, List<TaskRow> rows, double seconds) {
    this.repo = repo;
    this.head = head;
    this.tool = tool;
    this.rows = List.copyOf(rows);
    this.seconds = seconds;
  }

  String markdown() {
    int n = rows.size();
    String grepName = tool == Grep.Tool.RG ? "`rg -l -w -i -F`" : "`git grep -l -w -i -F` (ripgrep was not to be had)";
    StringBuilder sb = new StringBuilder();
    sb.append(f("Repository %s at `%s`: the %d most recent tasks of `bench/context` (non-merge commits touching 1-%d source files,"
        + " truth = the source files they modified or deleted; `bench/context` holds out its 50 most recent), %s .. %s, each at its"
        + " parent commit.%n%n", repo, head.substring(0, 12), n, TaskSelector.MAX_SOURCE_FILES, n == 0 ? "-" : short12(rows.get(0)),
        n == 0 ? "-" : short12(rows.get(n - 1))));
    sb.append(f("**grep+read**: one %s per identifier of the commit message (its compound identifiers, `Terms.identifiers`; a"
        + " message with none: its task terms, `Terms.ofTask`), the files printed opened whole, most identifiers matched first, then"
        + " by path, until every truth file is open; truth files no search printed are read whole at the end (\"missed\"). Tokens:"
        + " the searches' output plus every file opened.%n%n", grepName));
    sb.append(f("**symdex**: the SessionStart hook's context (Explore, %d-token text) plus the UserPromptSubmit hook's (Plan of the"
        + " message, %d-token packing), then every truth file the packing does not hold, read whole (\"extra\"). *strict*: every"
        + " truth file the packing does not hold **whole** (outline or spans only) read whole too.%n%n",
        HookContext.EXPLORE_TOKENS, HookContext.PLAN_TOKENS));
    sb.append("Tokens: o200k_base (jtokkit), whole files as UTF-8.\n\n");
    sb.append("| # | commit | task | truth | ids | matched | read | missed | grep+read tok | session | plan | plan recall | extra"
        + " | symdex tok | ratio | strict tok |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < n; i++) {
      TaskRow r = rows.get(i);
      sb.append(f("| %d | `%s` | %s | %d | %d%s | %d | %d | %d | %,d | %,d | %,d | %d/%d | %,d | %,d | %.1f | %,d |%n", i + 1,
          r.task().commit().substring(0, 7), title(r), r.task().truth().size(), r.ids().words().size(), r.ids().fallback() ? "*" : "",
          r.matched(), r.read().size(), r.missed().size(), r.grepTotal(), r.sessionTokens(), r.planTokens(), r.packedTruth().size(),
          r.task().truth().size(), r.extraTokens(), r.symdexTotal(), ratio(r.grepTotal(), r.symdexTotal()), r.symdexStrictTotal()));
    }
    sb.append("\n`ids`: searches run (`*`: prose terms, the message names no identifier); `matched`: files any search printed;"
        + " `read`: opened from them; `missed`: truth files no search printed; `plan recall`: truth files in the Plan's packing;"
        + " `extra`: tokens of the truth files outside it.\n\n");
    long grep = sum(TaskRow::grepTotal);
    long symdex = sum(TaskRow::symdexTotal);
    long strict = sum(TaskRow::symdexStrictTotal);
    sb.append("| total over the tasks | grep+read | symdex | ratio | symdex strict | ratio strict |\n|---|---|---|---|---|---|\n");
    sb.append(f("| tokens, all %d tasks | %,d | %,d | %.2f | %,d | %.2f |%n", n, grep, symdex, ratio(grep, symdex), strict,
        ratio(grep, strict)));
    sb.append(f("| median per task | %,d | %,d | %.2f | %,d | %.2f |%n", median(rows, TaskRow::grepTotal),
        median(rows, TaskRow::symdexTotal), medianRatio(false), median(rows, TaskRow::symdexStrictTotal), medianRatio(true)));
    group(sb, "tasks naming identifiers", rows.stream().filter(r -> !r.ids().fallback()).toList());
    group(sb, "tasks searched by prose terms", rows.stream().filter(r -> r.ids().fallback()).toList());
    group(sb, "tasks grep reached", rows.stream().filter(TaskRow::reached).toList());
    group(sb, "tasks grep missed truth in", rows.stream().filter(r -> !r.reached()).toList());
    long reached = rows.stream().filter(TaskRow::reached).count();
    long extra = rows.stream().filter(TaskRow::extraRead).count();
    long wholeAll = rows.stream().filter(r -> r.wholeTruth().size() == r.task().truth().size()).count();
    long fallback = rows.stream().filter(r -> r.ids().fallback()).count();
    double recall = rows.stream().mapToDouble(TaskRow::planRecall).average().orElse(0);
    int truthFiles = rows.stream().mapToInt(r -> r.task().truth().size()).sum();
    int packedFiles = rows.stream().mapToInt(r -> r.packedTruth().size()).sum();
    sb.append(f("%nThe grep agent reached every truth file from its searches in %d of %d tasks (%d searched prose terms: no"
        + " identifier in the message). The Plan context alone held every truth file in %d of %d tasks (recall %.3f by task,"
        + " %d of %d truth files; whole files: every truth file in %d tasks); %d tasks needed extra reads. Session context"
        + " %,d tokens, Plan context %,d tokens (means). Ratio: grep+read tokens over symdex tokens.%n", reached, n, fallback,
        n - extra, n, recall, packedFiles, truthFiles, wholeAll, extra, mean(TaskRow::sessionTokens), mean(TaskRow::planTokens)));
    sb.append(f("%nTime: %.1f s (checkouts, index updates, %d searches, hooks' calls).%n", seconds,
        rows.stream().mapToInt(r -> r.ids().words().size()).sum()));
    return sb.toString();
  }

  String tsv() {
    StringBuilder sb = new StringBuilder("commit\ttruth\tids\tfallback\tmatched\tread\tmissed\tgrep_output_tokens\tread_tokens"
        + "\tmissed_tokens\tgrep_total\tsession_tokens\tplan_tokens\tpacked_truth\twhole_truth\textra_tokens\tsymdex_total"
        + "\tsymdex_strict_total\tidentifiers\n");
    for (TaskRow r : rows) {
      sb.append(f("%s\t%d\t%d\t%b\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s%n", r.task().commit(),
          r.task().truth().size(), r.ids().words().size(), r.ids().fallback(), r.matched(), r.read().size(), r.missed().size(),
          r.grepOutputTokens(), r.readTokens(), r.missedTokens(), r.grepTotal(), r.sessionTokens(), r.planTokens(),
          r.packedTruth().size(), r.wholeTruth().size(), r.extraTokens(), r.symdexTotal(), r.symdexStrictTotal(),
          String.join(",", r.ids().words())));
    }
    return sb.toString();
  }

  private long sum(ToLongFunction<TaskRow> f) {
    return rows.stream().mapToLong(f).sum();
  }

  private long mean(ToLongFunction<TaskRow> f) {
    return rows.isEmpty() ? 0 : Math.round((double) sum(f) / rows.size());
  }

  /** A totals row over {@code some} of the tasks. */
  private static void group(StringBuilder sb, String label, List<TaskRow> some) {
    long grep = some.stream().mapToLong(TaskRow::grepTotal).sum();
    long symdex = some.stream().mapToLong(TaskRow::symdexTotal).sum();
    long strict = some.stream().mapToLong(TaskRow::symdexStrictTotal).sum();
    sb.append(f("| tokens, %s (%d) | %,d | %,d | %.2f | %,d | %.2f |%n", label, some.size(), grep, symdex, ratio(grep, symdex), strict,
        ratio(grep, strict)));
  }

  private static long median(List<TaskRow> some, ToLongFunction<TaskRow> f) {
    long[] v = some.stream().mapToLong(f).sorted().toArray();
    return v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private double medianRatio(boolean strict) {
    double[] v = rows.stream().mapToDouble(r -> ratio(r.grepTotal(), strict ? r.symdexStrictTotal() : r.symdexTotal())).sorted().toArray();
    return v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static double ratio(long a, long b) {
    return b == 0 ? 0 : (double) a / b;
  }

  private static String title(TaskRow r) {
    String t = r.task().title().replace('|', '/').replace('`', '\'');
    return t.length() <= 60 ? t : t.substring(0, 57) + "...";
  }

  private static String short12(TaskRow r) {
    return r.task().commit().substring(0, 12);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
