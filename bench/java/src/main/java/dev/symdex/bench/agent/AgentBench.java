package dev.symdex.bench.agent;

import dev.symdex.bench.context.ContextTask;
import dev.symdex.bench.context.FileTokens;
import dev.symdex.bench.context.TaskSelector;
import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.index.ChangeSet;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.ProgressListener;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.plan.Packing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The agent token bench (issue 14), driven by {@code bench/agent}: for the most recent tasks of
 * {@code bench/context}'s selection ({@link TaskSelector}), the tokens an agent reads to reach the
 * task's truth files two ways. Grep and read: one search per identifier of the task's text
 * ({@link Identifiers}, {@link Grep}), then the files the searches printed opened whole, most
 * searches matched first ({@link ReadOrder}), until every truth file is open; truth files no search
 * printed are read whole last. symdex: the SessionStart and UserPromptSubmit hooks' contexts
 * ({@link HookContext}), then the truth files the Plan's packing does not hold, read whole. Tokens
 * are o200k_base ({@link FileTokens}).
 *
 * <p>Oldest task first, the repository's working tree is moved to the task's parent (forced JGit
 * checkout) and one engine data dir brought up to date, as ContextBench does. The repository must
 * be a scratch clone.
 *
 * <pre>
 * java -cp symdex-bench.jar dev.symdex.bench.agent.AgentBench REPO DATA_DIR OUT_PREFIX TASKS rg|git LAST_DIR
 * </pre>
 * writes OUT_PREFIX.md and OUT_PREFIX.tsv, and the newest task's two contexts and prompt to
 * LAST_DIR (session.txt, prompt.txt, task.txt) for the script's check against the real hook.
 */
public final class AgentBench {
  private AgentBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: AgentBench REPO DATA_DIR OUT_PREFIX TASKS rg|git LAST_DIR");
      System.exit(2);
    }
    Path repo = Path.of(args[0]).toRealPath();
    Path data = Path.of(args[1]).toAbsolutePath().normalize();
    Path out = Path.of(args[2]);
    int limit = Integer.parseInt(args[3]);
    Grep.Tool tool = Grep.Tool.valueOf(args[4].toUpperCase(Locale.ROOT));
    Path last = Path.of(args[5]);
    int threads = Math.max(1, Integer.getInteger("agent.threads", Runtime.getRuntime().availableProcessors()));

    long t0 = System.nanoTime();
    List<ContextTask> tasks;
    String head;
    List<TaskRow> rows = new ArrayList<>();
    try (Git git = Git.open(repo.toFile())) {
      ObjectId start = git.getRepository().resolve("HEAD");
      head = start.getName();
      tasks = new TaskSelector(git.getRepository()).select(start, limit).tasks();
      log("%d tasks from %s", tasks.size(), head.substring(0, 12));
      FileTokens tokens = new FileTokens(repo);
      Grep grep = new Grep(tool, repo);
      ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("agent-parse-", 1).daemon().factory());
      try (Engine engine = Engine.open(repo, data, EngineOptions.DEFAULTS)) {
        for (int i = 0; i < tasks.size(); i++) {
          ContextTask task = tasks.get(i);
          git.checkout().setName(task.parent()).setForced(true).call();
          engine.apply(ChangeSet.everything(), pool, ProgressListener.NONE);
          try (Searcher s = Searcher.open(engine)) {
            // A fresh plan index and memo per task, as a daemon started at the parent has: the check against the
            // real hook then compares like with like (ranks moved over many generations differ in the 4th decimal).
            HookContext hooks = new HookContext(repo);
            String session = hooks.sessionStart(s).orElse("");
            Optional<HookContext.Prompt> prompt = hooks.prompt(s, task.message());
            rows.add(row(task, grep, tokens, session, prompt));
            if (i == tasks.size() - 1) {
              Files.createDirectories(last);
              Files.writeString(last.resolve("session.txt"), session, StandardCharsets.UTF_8);
              Files.writeString(last.resolve("prompt.txt"), prompt.map(HookContext.Prompt::text).orElse(""), StandardCharsets.UTF_8);
              Files.writeString(last.resolve("task.txt"), task.message(), StandardCharsets.UTF_8);
            }
          }
          log("%d/%d %s", i + 1, tasks.size(), task.commit().substring(0, 12));
        }
      } finally {
        pool.shutdownNow();
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    AgentReport report = new AgentReport(repo, head, tool, rows, seconds);
    Files.writeString(out.resolveSibling(out.getFileName() + ".md"), report.markdown(), StandardCharsets.UTF_8);
    Files.writeString(out.resolveSibling(out.getFileName() + ".tsv"), report.tsv(), StandardCharsets.UTF_8);
  }

  /** Both agents on one task, the working tree and index at its parent. */
  private static TaskRow row(ContextTask task, Grep grep, FileTokens tokens, String session, Optional<HookContext.Prompt> prompt)
      throws Exception {
    Set<String> truth = new HashSet<>(task.truth());
    Identifiers ids = Identifiers.of(task.message());
    List<List<String>> answers = new ArrayList<>();
    int outputTokens = 0;
    for (String word : ids.words()) {
      Grep.Result r = grep.run(word);
      outputTokens += tokens.count(r.output());
      answers.add(r.files());
    }
    ReadOrder.Reading reading = ReadOrder.read(answers, truth);
    long readTokens = 0;
    for (String f : reading.read()) {
      readTokens += tokens.ofFile(f);
    }
    long missedTokens = 0;
    for (String f : reading.missed()) {
      missedTokens += tokens.ofFile(f);
    }
    List<String> packed = new ArrayList<>();
    List<String> whole = new ArrayList<>();
    for (Packing.Packed p : prompt.map(pr -> pr.plan().packing().items()).orElse(List.of())) {
      if (truth.contains(p.key())) {
        packed.add(p.key());
        if (p.kind().equals("file")) {
          whole.add(p.key());
        }
      }
    }
    long extra = 0;
    long strictExtra = 0;
    for (String f : task.truth()) {
      int n = tokens.ofFile(f);
      extra += packed.contains(f) ? 0 : n;
      strictExtra += whole.contains(f) ? 0 : n;
    }
    return new TaskRow(task, ids, outputTokens, reading.matched(), reading.read(), readTokens, reading.missed(), missedTokens,
        tokens.count(session), prompt.map(p -> tokens.count(p.text())).orElse(0), packed, whole, extra, strictExtra);
  }

  private static void log(String format, Object... args) {
    System.err.println("agent: " + String.format(Locale.ROOT, format, args));
  }
}
