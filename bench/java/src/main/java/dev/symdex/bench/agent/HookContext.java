package dev.symdex.bench.agent;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.explore.Caps;
import dev.symdex.engine.query.explore.Centrality;
import dev.symdex.engine.query.explore.Detail;
import dev.symdex.engine.query.explore.ExploreMap;
import dev.symdex.engine.query.explore.ExploreMemo;
import dev.symdex.engine.query.explore.ExploreText;
import dev.symdex.engine.query.explore.Explorer;
import dev.symdex.engine.query.plan.Plan;
import dev.symdex.engine.query.plan.PlanIndex;
import dev.symdex.engine.query.plan.Planner;
import dev.symdex.engine.query.plan.Signal;
import dev.symdex.engine.query.plan.TokenCounter;
import dev.symdex.engine.query.rank.RankCache;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;

/**
 * The text Claude Code's hooks inject ({@code symdex hook session-start} and {@code symdex hook
 * prompt}, clients' {@code HookCommand}), made here through the engine API the daemon answers
 * with: the same calls (Explore with no focus at detail 2 up to {@value #EXPLORE_FULL_MAX_FILES}
 * files and 1 above, cut to {@value #EXPLORE_TOKENS} tokens; Plan of the prompt cut to {@value
 * #MAX_TASK_CHARS} characters, every signal, the API's default {@value #PLAN_LIMIT} files, packed
 * into {@value #PLAN_TOKENS} tokens), one {@link PlanIndex} and one {@link ExploreMemo} shared by
 * both calls as the daemon keeps them per project, and the hook's own wording around the text. The
 * constants copy the hook's and the API's; {@code bench/agent} checks the result against the real
 * hook on a daemon once per run. One thread.
 */
final class HookContext {
  /** HookCommand.MAX_CONTEXT: Claude Code's cap on one additionalContext, in characters. */
  static final int MAX_CONTEXT = 10_000;
  /** HookCommand.EXPLORE_TOKENS. */
  static final int EXPLORE_TOKENS = 2_200;
  /** HookCommand.EXPLORE_FULL_MAX_FILES. */
  static final int EXPLORE_FULL_MAX_FILES = 200;
  /** HookCommand.PLAN_TOKENS. */
  static final int PLAN_TOKENS = 2_000;
  /** HookCommand.MIN_PROMPT_WORDS. */
  static final int MIN_PROMPT_WORDS = 3;
  /** HookCommand.MAX_TASK_CHARS. */
  static final int MAX_TASK_CHARS = 1_000;
  /** The API's default Plan limit (PlanMapper.DEFAULT_LIMIT): the hook asks for none. */
  static final int PLAN_LIMIT = 30;
  static final String CUT_LINE = "\n[symdex: cut at 10,000 characters]";

  /**
   * The prompt hook's answer.
   *
   * @param text what the agent is given
   * @param plan the plan behind it (its packing names the files the text holds)
   */
  record Prompt(String text, Plan plan) {}

  private final Planner planner = new Planner(TokenCounter.o200k());
  private final ExploreMemo memo = ExploreMemo.create();
  private final Path root;
  private final PlanIndex index;

  /** @param root the project's root as the daemon reports it (a real path) */
  HookContext(Path root) {
    this.root = root;
    this.index = new PlanIndex(root);
  }

  /** The SessionStart context of {@code s}'s generation, or empty where the hook prints nothing. */
  Optional<String> sessionStart(Searcher s) throws SymdexException {
    Centrality centrality = searcher -> index.graphFor(searcher).map(RankCache.Current::centrality);
    Detail detail = s.snapshot().counts().files() <= EXPLORE_FULL_MAX_FILES ? Detail.FULL : Detail.MAP;
    ExploreMap map = new Explorer(s, root, centrality, memo).explore(Optional.empty(), detail, Optional.empty(), Caps.DEFAULTS);
    String text = ExploreText.render(map, EXPLORE_TOKENS).text();
    return text.isBlank() ? Optional.empty()
        : Optional.of(cut("symdex index of " + root + " (" + stamp(s) + "): a map of the project.\n" + text.strip()
            + "\n(The MCP server \"symdex\" answers definitions, references, callers and task plans from the same index.)"));
  }

  /** The UserPromptSubmit context for {@code prompt}, or empty where the hook prints nothing. */
  Optional<Prompt> prompt(Searcher s, String prompt) throws SymdexException {
    String p = prompt.strip();
    if (p.isEmpty() || p.startsWith("/") || p.split("\\s+").length < MIN_PROMPT_WORDS) {
      return Optional.empty();
    }
    String task = p.length() > MAX_TASK_CHARS ? p.substring(0, MAX_TASK_CHARS) : p;
    Plan plan = index.with(s, view -> planner.plan(view, task, PLAN_TOKENS, EnumSet.allOf(Signal.class), PLAN_LIMIT));
    String text = plan.packing().text();
    return text.isBlank() ? Optional.empty()
        : Optional.of(new Prompt(cut("symdex Plan for this prompt (" + stamp(s)
            + "): the files and definitions the index ranks as related, best first.\n" + text.strip()), plan));
  }

  private static String stamp(Searcher s) {
    String head = s.head();
    return (head.isEmpty() ? "no git HEAD" : "HEAD " + head.substring(0, Math.min(12, head.length()))) + ", generation " + s.generation();
  }

  /** HookCommand.cut: the text if it fits, else cut at a line end with {@link #CUT_LINE}. */
  static String cut(String text) {
    if (text.length() <= MAX_CONTEXT) {
      return text;
    }
    int end = MAX_CONTEXT - CUT_LINE.length();
    int nl = text.lastIndexOf('\n', end);
    return text.substring(0, nl > end / 2 ? nl : end) + CUT_LINE;
  }
}
