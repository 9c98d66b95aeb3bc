package dev.symdex.cli;

import dev.symdex.agent.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code symdex hook session-start|prompt [--data-dir DIR]}: Claude Code's SessionStart and
 * UserPromptSubmit hooks. Each reads the hook's JSON on stdin ({@code cwd}; {@code prompt} for
 * UserPromptSubmit), finds the daemon's project whose root holds {@code cwd} (ListProjects), and
 * prints {@code {"hookSpecificOutput":{"hookEventName":...,"additionalContext":...}}} with an
 * Explore of the project (session-start) or a Plan of the prompt (prompt), the text at most {@link
 * #MAX_CONTEXT} characters. The context states what the index holds; it gives no orders.
 *
 * <p>Fails open: when no daemon answers, none within {@link #BUDGET_MS} of the start, the project
 * is not indexed (or still indexing), the input is not what a hook sends, or anything else goes
 * wrong, it prints nothing and exits 0, so the agent goes on without the context. It rides the
 * fast path ({@link Wire}, {@link DirectCall}: no gRPC or protobuf runtime) and never starts or
 * builds anything. The calls run on a worker thread that the main thread stops waiting for at the
 * budget; the process then exits. Stateless.
 */
final class HookCommand {
  /** Claude Code caps each additionalContext at 10,000 characters (more goes to a file). */
  static final int MAX_CONTEXT = 10_000;
  /**
   * All the calls must be answered within this long after main starts, or the hook prints nothing:
   * with the JVM's start and exit (about 0.25 s with the AOT cache) the hook ends within a second.
   */
  static final long BUDGET_MS = 600;
  /** Explore's token budget: its text then stays under {@link #MAX_CONTEXT} characters (about 3.5 characters a token). */
  static final int EXPLORE_TOKENS = 2_200;
  /**
   * Explore's layers for a project of at most {@link #EXPLORE_FULL_MAX_FILES} files: all (2, with
   * the API surface of the top modules and the type graph). A larger project gets layers 0 and 1
   * (identity, entry points, modules by centrality, manifests, test map, changes): the API surface
   * costs more than the budget allows there (this repository, 405 files, on a loaded 2-core
   * machine: the CLI's Explore answered in 0.7 s at detail 1, in 1.3 to 2.4 s at detail 2).
   */
  static final int EXPLORE_FULL_MAX_FILES = 200;
  /** Plan's token budget: its packed text stays under {@link #MAX_CONTEXT} characters. */
  static final int PLAN_TOKENS = 2_000;
  /** Prompts of fewer words (yes, go on, /commands) get no plan. */
  static final int MIN_PROMPT_WORDS = 3;
  /** Plan refuses a task over 4 KB: the prompt is cut to this many characters first. */
  static final int MAX_TASK_CHARS = 1_000;
  static final String USAGE = "usage: symdex hook session-start|prompt [--data-dir DIR] (Claude Code's hook JSON on stdin;"
      + " prints its additionalContext, or nothing when no daemon answers within " + BUDGET_MS + " ms)";
  static final String CUT_LINE = "\n[symdex: cut at 10,000 characters]";

  private HookCommand() {}

  /** Runs {@code args} ({@code args[0]} is "hook"); returns 0, or 1 for a hook name it does not know. */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return run(args, in, out, err, budget(System.getenv(BUDGET_ENV)));
  }

  /** Overrides {@link #BUDGET_MS} (a loaded machine, a large project's first Explore): milliseconds, 1 to 60000. */
  static final String BUDGET_ENV = "SYMDEX_HOOK_BUDGET_MS";

  static long budget(String env) {
    try {
      long ms = env == null ? BUDGET_MS : Long.parseLong(env.strip());
      return ms >= 1 && ms <= 60_000 ? ms : BUDGET_MS;
    } catch (NumberFormatException e) {
      return BUDGET_MS;
    }
  }

  static int run(String[] args, InputStream in, PrintStream out, PrintStream err, long budgetMs) {
    long t0 = System.nanoTime();
    if (args.length == 2 && (args[1].equals("--help") || args[1].equals("-h"))) {
      out.println(USAGE);
      return 0;
    }
    String event = args.length > 1 ? eventOf(args[1]) : null;
    Path dataDir = null;
    for (int i = 2; i < args.length; i++) {
      if (args[i].equals("--data-dir") && i + 1 < args.length) {
        dataDir = Path.of(args[++i]);
      } else {
        event = null;
      }
    }
    if (event == null) {
      // Exit 1, not 2: for UserPromptSubmit, 2 would block the user's prompt.
      err.println("symdex: " + USAGE);
      return 1;
    }
    Target target = Target.of(null, dataDir);
    if (!target.mayAnswer()) {
      return 0;
    }
    Worker work = new Worker(event, in, target, t0, budgetMs);
    Thread worker = new Thread(work, "symdex-hook");
    worker.setDaemon(true);
    worker.start();
    try {
      worker.join(Math.max(1, budgetMs - (System.nanoTime() - t0) / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
    // A worker seen terminated has published its result (JLS 17.4.4); one still running is ignored.
    String context = worker.isAlive() ? null : work.context;
    if (context != null && !context.isBlank()) {
      out.print("{\"hookSpecificOutput\":{\"hookEventName\":" + Json.quote(event) + ",\"additionalContext\":"
          + Json.quote(cut(context)) + "}}\n");
      out.flush();
    }
    return 0;
  }

  /** The calls, on their own thread (a class, not a lambda: no method-handle spinning at start-up). */
  private static final class Worker implements Runnable {
    private final String event;
    private final InputStream in;
    private final Target target;
    private final long t0;
    private final long budgetMs;
    /** The context, or null; read only once the thread has ended. */
    String context;

    Worker(String event, InputStream in, Target target, long t0, long budgetMs) {
      this.event = event;
      this.in = in;
      this.target = target;
      this.t0 = t0;
      this.budgetMs = budgetMs;
    }

    @Override
    public void run() {
      try {
        context = context(event, in, target, t0, budgetMs);
      } catch (IOException | DirectCall.GrpcError | DirectCall.Unsupported | Wire.Unsupported | Json.SyntaxException
          | RuntimeException e) {
        // fail open: no context
      }
    }
  }

  private static String eventOf(String sub) {
    return switch (sub) {
      case "session-start" -> "SessionStart";
      case "prompt" -> "UserPromptSubmit";
      default -> null;
    };
  }

  /** The context for the event, or null for none. */
  private static String context(String event, InputStream in, Target target, long t0, long budgetMs)
      throws IOException, DirectCall.GrpcError, DirectCall.Unsupported, Wire.Unsupported, Json.SyntaxException {
    Map<?, ?> input = Json.parse(new String(readAtMost(in, 1 << 20), StandardCharsets.UTF_8)) instanceof Map<?, ?> m ? m : Map.of();
    String cwd = input.get("cwd") instanceof String c && c.startsWith("/") ? c : Path.of("").toAbsolutePath().toString();
    Wire wire = Wire.load();
    if (wire == null) {
      return null;
    }
    Wire.Msg project = project(wire, target, List.of(cwd, realPath(cwd)), remaining(t0, budgetMs));
    if (project == null || !"serving".equals(string(project, "state")) && !"degraded".equals(string(project, "state"))) {
      return null;
    }
    String root = string(project, "root");
    if (event.equals("SessionStart")) {
      Wire.Msg map = call(wire, target, "explore", remaining(t0, budgetMs), "detail", number(project, "files") <= EXPLORE_FULL_MAX_FILES ? 2 : 1,
          "token_budget", EXPLORE_TOKENS, "project", root);
      String text = string(map, "text");
      return text.isBlank() ? null
          : "symdex index of " + root + " (" + stamp(map) + "): a map of the project.\n" + text.strip()
              + "\n(The MCP server \"symdex\" answers definitions, references, callers and task plans from the same index.)";
    }
    String prompt = input.get("prompt") instanceof String p ? p.strip() : "";
    if (prompt.startsWith("/") || prompt.split("\\s+").length < MIN_PROMPT_WORDS) {
      return null;
    }
    String task = prompt.length() > MAX_TASK_CHARS ? prompt.substring(0, MAX_TASK_CHARS) : prompt;
    Wire.Msg plan = call(wire, target, "plan", remaining(t0, budgetMs), "task", task, "token_budget", PLAN_TOKENS, "project", root);
    String text = string(plan, "text");
    return text.isBlank() ? null
        : "symdex Plan for this prompt (" + stamp(plan) + "): the files and definitions the index ranks as related, best first.\n"
            + text.strip();
  }

  /** The daemon's project whose root is one of {@code dirs} or holds it (the deepest), or null. */
  private static Wire.Msg project(Wire wire, Target target, List<String> dirs, long deadlineMs)
      throws IOException, DirectCall.GrpcError, DirectCall.Unsupported, Wire.Unsupported {
    Wire.Msg list = call(wire, target, "list-projects", deadlineMs);
    Wire.Field f = list.type().byName("projects");
    Wire.Msg best = null;
    for (Object o : list.of(f)) {
      Wire.Msg p = wire.decode(f.typeName(), (byte[]) o);
      String root = string(p, "root");
      if (!root.isEmpty() && holds(root, dirs) && (best == null || root.length() > string(best, "root").length())) {
        best = p;
      }
    }
    return best;
  }

  /** One unary call: {@code fields} are name, value pairs, in field-number order. */
  private static Wire.Msg call(Wire wire, Target target, String command, long deadlineMs, Object... fields)
      throws IOException, DirectCall.GrpcError, DirectCall.Unsupported, Wire.Unsupported {
    Wire.Method m = QuickCall.method(wire, command);
    Wire.Type in = wire.types.get(m.input());
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    for (int i = 0; i < fields.length; i += 2) {
      Wire.encode(request, in.byName((String) fields[i]), fields[i + 1]);
    }
    byte[] answer = DirectCall.call(target.socket(), m.serviceFullName() + "/" + m.name(), request.toByteArray(), deadlineMs);
    return wire.decode(m.output(), answer);
  }

  private static boolean holds(String root, List<String> dirs) {
    String prefix = root.endsWith("/") ? root : root + "/";
    for (String d : dirs) {
      if (d.equals(root) || d.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static String stamp(Wire.Msg m) {
    String head = string(m, "head");
    long pending = number(m, "pending_changes");
    return (head.isEmpty() ? "no git HEAD" : "HEAD " + head.substring(0, Math.min(12, head.length())))
        + ", generation " + number(m, "generation") + (pending > 0 ? ", " + pending + " file changes not indexed yet" : "");
  }

  private static String string(Wire.Msg m, String field) {
    List<Object> v = m.of(m.type().byName(field));
    return v.isEmpty() ? "" : new String((byte[]) v.get(v.size() - 1), StandardCharsets.UTF_8);
  }

  private static long number(Wire.Msg m, String field) {
    List<Object> v = m.of(m.type().byName(field));
    return v.isEmpty() ? 0 : (Long) v.get(v.size() - 1);
  }

  /** {@code text} if it fits {@link #MAX_CONTEXT}, else cut at a line end with {@link #CUT_LINE}. */
  static String cut(String text) {
    if (text.length() <= MAX_CONTEXT) {
      return text;
    }
    int end = MAX_CONTEXT - CUT_LINE.length();
    int nl = text.lastIndexOf('\n', end);
    return text.substring(0, nl > end / 2 ? nl : end) + CUT_LINE;
  }

  private static long remaining(long t0, long budgetMs) throws IOException {
    long left = budgetMs - (System.nanoTime() - t0) / 1_000_000;
    if (left <= 0) {
      throw new IOException("out of time");
    }
    return left;
  }

  private static String realPath(String dir) {
    try {
      return Path.of(dir).toRealPath().toString();
    } catch (IOException | RuntimeException e) {
      return dir;
    }
  }

  private static byte[] readAtMost(InputStream in, int max) throws IOException {
    return in.readNBytes(max);
  }
}
