package dev.symdex.bench.context;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.index.ApplyResult;
import dev.symdex.engine.index.ChangeSet;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.ProgressListener;
import dev.symdex.engine.query.Searcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The context evaluation harness (issue 13 item 3), driven by {@code bench/context}: selects the
 * tasks of a repository's history ({@link TaskSelector}), then, oldest first, moves the
 * repository's working tree to each task's parent (a forced JGit checkout), brings one engine data
 * dir up to date ({@code apply(ChangeSet.everything())}: only files that differ are parsed again),
 * and asks each {@link ContextRanker} for the task's files. Writes the tasks TSV, a per-task
 * scores TSV and a markdown report.
 *
 * <p>The repository must be a scratch clone: its working tree is moved and left at the last task's
 * parent.
 *
 * <pre>
 * java -cp symdex-bench.jar dev.symdex.bench.context.ContextBench REPO DATA_DIR OUT_PREFIX [TASKS [HELD_OUT [RANKERS]]]
 * </pre>
 * writes OUT_PREFIX.md, OUT_PREFIX.tasks.tsv and OUT_PREFIX.scores.tsv.
 */
public final class ContextBench {
  /** Token budgets of the within-budget recall. */
  static final int[] BUDGETS = {4_000, 8_000, 16_000};

  private ContextBench() {}

  /**
   * The rankers by name: {@code bm25} (the floor), {@code bm25+graph} (an experiment), {@code plan}
   * (symdex Plan, also scored on its own packings' recall and fit) and its ablations {@code
   * plan-no-<signal>}.
   */
  static ContextRanker ranker(String name) {
    return switch (name) {
      case "bm25" -> new Bm25Ranker();
      case "bm25+graph" -> new GraphRanker();
      default -> PlanRanker.named(name, BUDGETS).orElseThrow(() -> new IllegalArgumentException(
          "unknown ranker " + name + " (known: bm25, bm25+graph, plan, plan-no-lexical|graph|cochange|recency|tests|commits)"));
    };
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3 || args.length > 6) {
      System.err.println("usage: ContextBench REPO DATA_DIR OUT_PREFIX [TASKS=200 [HELD_OUT=50 [RANKERS=bm25]]]");
      System.exit(2);
    }
    Path repo = Path.of(args[0]).toAbsolutePath().normalize();
    Path data = Path.of(args[1]).toAbsolutePath().normalize();
    String out = args[2];
    int limit = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    int heldOut = args.length > 4 ? Integer.parseInt(args[4]) : 50;
    List<ContextRanker> rankers = new ArrayList<>();
    for (String name : (args.length > 5 ? args[5] : "bm25").split(",", -1)) {
      rankers.add(ranker(name.strip()));
    }
    int threads = Math.max(1, Integer.getInteger("context.threads", Runtime.getRuntime().availableProcessors()));
    new Run(repo, data, rankers, limit, heldOut, threads).run(Path.of(out));
  }

  /** One job: select, evaluate, report. */
  private static final class Run {
    private final Path repo;
    private final Path data;
    private final List<ContextRanker> rankers;
    private final int limit;
    private final int heldOut;
    private final int threads;
    private final List<Map<String, TaskScore>> scores = new ArrayList<>();
    private final List<Integer> truthNotIndexed = new ArrayList<>();
    /** Per task, ranker and truth file: its rank (1-based; 0 when not ranked). */
    private final StringBuilder truthRanks = new StringBuilder("commit\tranker\tfile\trank\theld_out\n");
    private Map<TaskSelector.Skip, Integer> skipped = Map.of();
    private long selectMillis;
    private long checkoutMillis;
    private long applyMillis;
    private long tokenMillis;
    private long filesParsed;

    Run(Path repo, Path data, List<ContextRanker> rankers, int limit, int heldOut, int threads) {
      this.repo = repo;
      this.data = data;
      this.rankers = rankers;
      this.limit = limit;
      this.heldOut = heldOut;
      this.threads = threads;
    }

    void run(Path out) throws Exception {
      long t0 = System.nanoTime();
      List<ContextTask> tasks;
      String head;
      try (Git git = Git.open(repo.toFile())) {
        ObjectId start = git.getRepository().resolve("HEAD");
        head = start.getName();
        TaskSelector.Selection selection = new TaskSelector(git.getRepository()).select(start, limit);
        tasks = selection.tasks();
        skipped = selection.skipped();
        selectMillis = millisSince(t0);
        log("%d tasks from %s (%d ms)", tasks.size(), head.substring(0, 12), selectMillis);
        Files.writeString(sibling(out, ".tasks.tsv"), TaskTsv.of(tasks), StandardCharsets.UTF_8);
        evaluate(git, tasks);
      }
      long total = millisSince(t0);
      Files.writeString(sibling(out, ".scores.tsv"), scoresTsv(tasks), StandardCharsets.UTF_8);
      Files.writeString(sibling(out, ".ranks.tsv"), truthRanks.toString(), StandardCharsets.UTF_8);
      Files.writeString(sibling(out, ".md"), report(tasks, head, total), StandardCharsets.UTF_8);
    }

    private void evaluate(Git git, List<ContextTask> tasks) throws Exception {
      FileTokens tokens = new FileTokens(repo);
      ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("context-parse-", 1).daemon().factory());
      try (Engine engine = Engine.open(repo, data, EngineOptions.DEFAULTS)) {
        for (int i = 0; i < tasks.size(); i++) {
          ContextTask task = tasks.get(i);
          long t = System.nanoTime();
          git.checkout().setName(task.parent()).setForced(true).call();
          checkoutMillis += millisSince(t);
          t = System.nanoTime();
          ApplyResult applied = engine.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
          applyMillis += millisSince(t);
          filesParsed += applied.filesParsed();
          Set<String> truth = new HashSet<>(task.truth());
          Map<String, TaskScore> byRanker = new LinkedHashMap<>();
          try (Searcher searcher = Searcher.open(engine)) {
            int missing = 0;
            for (String f : task.truth()) {
              if (searcher.snapshot().file(f).isEmpty()) {
                missing++;
              }
            }
            truthNotIndexed.add(missing);
            for (ContextRanker ranker : rankers) {
              t = System.nanoTime();
              Ranking ranking = ranker.rank(task.message(), searcher, repo);
              double rankMillis = (System.nanoTime() - t) / 1e6;
              t = System.nanoTime();
              List<Integer> fileTokens = tokensOfPrefix(tokens, ranking.files());
              tokenMillis += millisSince(t);
              List<String> ranked = ranking.files();
              for (String f : task.truth()) {
                truthRanks.append(String.format(Locale.ROOT, "%s\t%s\t%s\t%d\t%b%n", task.commit(), ranker.name(), f,
                    ranked.indexOf(f) + 1, isHeldOut(i, tasks.size())));
              }
              byRanker.put(ranker.name(), new TaskScore(ranker.name(), Metrics.recallAt(ranked, truth, 5),
                  Metrics.recallAt(ranked, truth, 10), Metrics.reciprocalRank(ranked, truth),
                  Metrics.recallWithin(ranked, fileTokens, truth, BUDGETS[0]), Metrics.recallWithin(ranked, fileTokens, truth, BUDGETS[1]),
                  Metrics.recallWithin(ranked, fileTokens, truth, BUDGETS[2]), rankMillis, packedRecall(ranking, truth),
                  fill(ranking)));
            }
          }
          scores.add(byRanker);
          if ((i + 1) % 20 == 0 || i + 1 == tasks.size()) {
            log("%d/%d tasks (apply %d ms, %d files parsed so far)", i + 1, tasks.size(), applyMillis, filesParsed);
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }

    /** By budget, the recall of the files a ranker's own packing holds. */
    private static Map<Integer, Double> packedRecall(Ranking ranking, Set<String> truth) {
      Map<Integer, Double> out = new TreeMap<>();
      ranking.packings().forEach((budget, p) -> out.put(budget, Metrics.recallAt(p.files(), truth, p.files().size())));
      return out;
    }

    /** By budget, a ranker's packing's tokens over the budget. */
    private static Map<Integer, Double> fill(Ranking ranking) {
      Map<Integer, Double> out = new TreeMap<>();
      ranking.packings().forEach((budget, p) -> out.put(budget, (double) p.tokens() / budget));
      return out;
    }

    /** Tokens of the ranked files in order, up to the first file past the largest budget. */
    private static List<Integer> tokensOfPrefix(FileTokens tokens, List<String> ranked) throws IOException {
      List<Integer> out = new ArrayList<>();
      long used = 0;
      for (String f : ranked) {
        int n = tokens.ofFile(f);
        out.add(n);
        used += n;
        if (used > BUDGETS[BUDGETS.length - 1]) {
          break;
        }
      }
      return out;
    }

    private String scoresTsv(List<ContextTask> tasks) {
      StringBuilder sb = new StringBuilder("commit\tranker\trecall5\trecall10\trr\twithin4k\twithin8k\twithin16k\theld_out\n");
      for (int i = 0; i < tasks.size(); i++) {
        for (TaskScore s : scores.get(i).values()) {
          sb.append(String.format(Locale.ROOT, "%s\t%s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%b%n", tasks.get(i).commit(), s.ranker(),
              s.recall5(), s.recall10(), s.reciprocalRank(), s.within4k(), s.within8k(), s.within16k(), isHeldOut(i, tasks.size())));
        }
      }
      return sb.toString();
    }

    private boolean isHeldOut(int index, int size) {
      return index >= size - heldOut;
    }

    private String report(List<ContextTask> tasks, String head, long totalMillis) {
      int n = tasks.size();
      int held = Math.min(heldOut, n);
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "Repository %s at `%s`: %d tasks (the most recent non-merge commits touching 1-%d source files"
          + " with at least one source file existing at the parent), %s .. %s; the last %d (most recent) are held out.%n%n",
          repo, head.substring(0, 12), n, TaskSelector.MAX_SOURCE_FILES, n == 0 ? "-" : tasks.get(0).commit().substring(0, 12),
          n == 0 ? "-" : tasks.get(n - 1).commit().substring(0, 12), held));
      sb.append("Commits skipped on the way: ").append(skipped.entrySet().stream()
          .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' ')).collect(Collectors.joining(", ")))
          .append(" (no source: docs, data or build files only; sweep: more than ").append(TaskSelector.MAX_SOURCE_FILES)
          .append(" source files; adds only: no source file at the parent).\n\n");
      int truthFiles = tasks.stream().mapToInt(t -> t.truth().size()).sum();
      int missing = truthNotIndexed.stream().mapToInt(Integer::intValue).sum();
      sb.append(String.format(Locale.ROOT, "Truth: %d files (%.2f per task); %d of them not in the index at the parent (ignored by the"
          + " index; they count as misses). Tokens: jtokkit o200k_base, whole files.%n%n", truthFiles, n == 0 ? 0.0 : (double) truthFiles / n, missing));
      sb.append("| ranker | tasks | recall@5 | recall@10 | MRR | recall ≤4k tok | recall ≤8k tok | recall ≤16k tok | rank ms (mean) |\n");
      sb.append("|---|---|---|---|---|---|---|---|---|\n");
      for (ContextRanker r : rankers) {
        row(sb, r.name(), "all " + n, 0, n);
        row(sb, r.name(), "tuning " + (n - held), 0, n - held);
        row(sb, r.name(), "held-out " + held, n - held, n);
      }
      packingTable(sb, n, held);
      sb.append(String.format(Locale.ROOT, "%nTime: %.1f s in all; task selection %d ms, checkouts %d ms, index updates %d ms"
          + " (%d files parsed over %d tasks, %d threads), token counts %d ms, ranking %.0f ms.%n", totalMillis / 1000.0, selectMillis,
          checkoutMillis, applyMillis, filesParsed, n, threads, tokenMillis,
          scores.stream().flatMap(m -> m.values().stream()).mapToDouble(TaskScore::rankMillis).sum()));
      return sb.toString();
    }

    private void row(StringBuilder sb, String ranker, String label, int from, int to) {
      List<TaskScore> s = scores.subList(from, to).stream().map(m -> m.get(ranker)).toList();
      sb.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.1f |%n", ranker, label,
          mean(s, TaskScore::recall5), mean(s, TaskScore::recall10), mean(s, TaskScore::reciprocalRank), mean(s, TaskScore::within4k),
          mean(s, TaskScore::within8k), mean(s, TaskScore::within16k), mean(s, TaskScore::rankMillis)));
    }

    /** For rankers that pack: recall of what they packed per budget, and how full each packing was. */
    private void packingTable(StringBuilder sb, int n, int held) {
      if (scores.isEmpty() || scores.get(0).values().stream().allMatch(s -> s.packed().isEmpty())) {
        return;
      }
      sb.append("\nPackings (the ranker's own text at each budget: outlines, spans or whole files; recall of the files it holds;"
          + " fill = tokens / budget, min and mean; within ±5 % = tasks whose fill is in [0.95, 1.05]):\n\n");
      sb.append("| ranker | tasks | budget | recall | fill min | fill mean | within ±5 % |\n|---|---|---|---|---|---|---|\n");
      for (ContextRanker r : rankers) {
        for (int budget : BUDGETS) {
          for (int[] range : new int[][] {{0, n}, {n - held, n}}) {
            List<TaskScore> s = scores.subList(range[0], range[1]).stream().map(m -> m.get(r.name()))
                .filter(t -> t.packed().containsKey(budget)).toList();
            if (s.isEmpty()) {
              continue;
            }
            DoubleSummaryStatistics fill = s.stream().mapToDouble(t -> t.fill().get(budget)).summaryStatistics();
            long within = s.stream().filter(t -> Math.abs(t.fill().get(budget) - 1) <= 0.05).count();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %.3f | %d / %d |%n", r.name(),
                (range[0] == 0 ? "all " : "held-out ") + (range[1] - range[0]), budget, mean(s, t -> t.packed().get(budget)),
                fill.getMin(), fill.getAverage(), within, s.size()));
          }
        }
      }
    }

    private static double mean(List<TaskScore> s, ToDoubleFunction<TaskScore> f) {
      return s.stream().mapToDouble(f).average().orElse(0);
    }
  }

  private static Path sibling(Path prefix, String suffix) {
    return prefix.resolveSibling(prefix.getFileName() + suffix);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static void log(String format, Object... args) {
    System.err.println("context: " + String.format(Locale.ROOT, format, args));
  }
}
