package dev.symdex.cli;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.symdex.mcp.McpCommand;
import dev.symdex.proto.v1.StatusRequest;
import dev.symdex.proto.v1.StatusResponse;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * The {@code symdex} command line, generated from the API's descriptors: every RPC of {@code
 * symdex.v1.SymdexService} is a subcommand ({@code FindDefinitions} → {@code find-definitions})
 * whose flags are the request's fields ({@code limit} → {@code --limit}), with the proto comments
 * as help. A request's {@code name} (or {@code task}) field may also be given as the first argument.
 * Short aliases: {@code defs}, {@code refs}; {@code --budget} for {@code --token-budget}. Adding an
 * RPC or a field to the proto adds it here with no code.
 *
 * <p>Two commands are the CLI's own: {@code wait} (until the daemon has indexed its root, with a
 * progress line) and {@code completion bash|zsh}. The common unary command lines are run by {@link
 * QuickCall} without building this model at all.
 *
 * <p>Exit codes ({@link #EXIT_CODES}, printed by {@code --help}): 0 success (with results, for
 * queries that return results), 1 a query found nothing, 2 bad usage or a request the daemon refused
 * as invalid, 3 no daemon answers, 4 any other failure.
 */
public final class SymdexCli {
  static final int EXIT_OK = 0;
  static final int EXIT_EMPTY = 1;
  static final int EXIT_USAGE = 2;
  static final int EXIT_NO_DAEMON = 3;
  static final int EXIT_FAILED = 4;

  static final Map<String, String[]> ALIASES = Map.of(
      "FindDefinitions", new String[] {"defs"},
      "FindReferences", new String[] {"refs"});
  /** Short flags: the flag name (without {@code --}) and the request field it sets. */
  static final Map<String, String> FLAG_ALIASES = Map.of("budget", "token_budget");
  /** The request fields that may be given as the first argument, in order of preference. */
  static final String[] POSITIONAL_FIELDS = {"name", "task"};
  static final long DEFAULT_DEADLINE_MS = 30_000;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<CommandSpec, MethodDescriptor<?, ?>> methods = new LinkedHashMap<>();
  private final CommandLine commandLine;

  SymdexCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
    this.commandLine = build(SymdexServiceGrpc.getServiceDescriptor(), ProtoDocs.load());
    this.commandLine.setOut(new PrintWriter(out, true, out.charset()));
    this.commandLine.setErr(new PrintWriter(err, true, err.charset()));
  }

  /** JUL holds loggers weakly: keep the one whose level is set (set only on the grpc-java path). */
  private static Logger nettyBootstrap;

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, true));
  }

  /**
   * Runs a command line: the fast path ({@link QuickCall}) if it takes it, else the full CLI
   * (unless {@code full} is false, then {@link QuickCall#NOT_HANDLED}). Returns the exit code.
   */
  static int run(String[] commandLine, PrintStream out, PrintStream err, boolean full) {
    switch (commandLine.length == 0 ? "" : commandLine[0]) { // the agent commands (dev.symdex.agent, HookCommand)
      case "hook" -> {
        return HookCommand.run(commandLine, System.in, out, err);
      }
      case "agent" -> {
        return dev.symdex.agent.AgentCommand.run(commandLine, out, err);
      }
      case "doctor" -> {
        return dev.symdex.agent.Doctor.run(commandLine, out, err);
      }
      default -> { }
    }
    String[] args = DaemonStart.startIfAsked(commandLine, err);
    if (args == null) {
      return EXIT_NO_DAEMON;
    }
    int rc = QuickCall.run(args, out, err);
    if (rc < 0 && full) {
      // Netty's epoll domain socket channel warns about an option it ignores; not for users' eyes.
      nettyBootstrap = Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap");
      nettyBootstrap.setLevel(Level.SEVERE);
      rc = new SymdexCli(out, err).run(args);
    }
    return rc;
  }

  /** With SYMDEX_CLI_TRACE set, prints where start-up time goes to stderr. */
  private static final boolean TRACE = System.getenv("SYMDEX_CLI_TRACE") != null;

  private void trace(String what) {
    if (TRACE) {
      err.printf(Locale.ROOT, "trace: %s at %d ms since JVM start%n", what,
          System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
    }
  }

  int run(String... args) {
    trace("cli built");
    ParseResult parsed;
    try {
      parsed = commandLine.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      err.println("symdex: " + e.getMessage());
      e.getCommandLine().usage(err);
      return EXIT_USAGE;
    }
    if (CommandLine.printHelpIfRequested(parsed)) {
      return EXIT_OK;
    }
    if (!parsed.hasSubcommand()) {
      commandLine.usage(err);
      return EXIT_USAGE;
    }
    ParseResult sub = parsed.subcommand();
    if (sub.commandSpec().name().equals("completion")) {
      return completion(sub.matchedPositionalValue(0, ""));
    }
    if (sub.commandSpec().name().equals("mcp")) {
      return McpCommand.run(sub, System.in, out, err);
    }
    MethodDescriptor<?, ?> method = methods.get(sub.commandSpec());
    Message request = null;
    try {
      request = method == null ? null : request(method, sub);
    } catch (IllegalArgumentException e) {
      err.println("symdex: " + e.getMessage());
      return EXIT_USAGE;
    }
    Target target;
    try {
      Path dataDir = sub.matchedOptionValue("--data-dir", null);
      target = Target.of(sub.matchedOptionValue("--connect", null), dataDir).withTokenFrom(sub.matchedOptionValue("--token-file", null), dataDir);
      request = request == null ? null : scoped(request, target, sub);
    } catch (IllegalArgumentException e) {
      err.println("symdex: " + e.getMessage());
      return EXIT_USAGE;
    }
    boolean json = sub.matchedOptionValue("--json", false);
    if (method == null) { // wait
      return waitForIndex(target, sub.matchedOptionValue("--deadline-ms", 0L), json);
    }
    if (!target.mayAnswer()) {
      err.println("symdex: no daemon at " + target + " (start one with: bin/symdex serve)");
      return EXIT_NO_DAEMON;
    }
    if (method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING) {
      return stream(target, method, request, sub.matchedOptionValue("--deadline-ms", 0L), json);
    }
    long deadline = sub.matchedOptionValue("--deadline-ms", DEFAULT_DEADLINE_MS);
    Message response;
    ManagedChannel channel = target.open();
    trace("channel open");
    try {
      response = call(channel, method, request, deadline);
      trace("answer received");
    } catch (StatusRuntimeException e) {
      return failure(e.getStatus(), target);
    } finally {
      channel.shutdownNow();
      trace("channel shut down");
    }
    return answer(response, json, out);
  }

  /** The request a command line stands for (tests compare it with {@link QuickCall}'s). */
  Message requestFor(String... args) {
    ParseResult sub = commandLine.parseArgs(args).subcommand();
    Path dataDir = sub.matchedOptionValue("--data-dir", null);
    return scoped(request(methods.get(sub.commandSpec()), sub), Target.of(sub.matchedOptionValue("--connect", null), dataDir), sub);
  }

  /** {@code request} with its project and paths as the current directory and --project mean them ({@link ProjectScope}). */
  private static Message scoped(Message request, Target target, ParseResult sub) {
    return FullScope.apply(request, target, sub.matchedOptionValue("--connect", null), sub.matchedOptionValue("--data-dir", null),
        Path.of(System.getProperty("user.dir")));
  }

  /** Prints a unary answer and returns its exit code: {@link #EXIT_EMPTY} when it has an empty {@code results}. */
  static int answer(Message response, boolean json, PrintStream out) {
    out.print(json ? JsonPrinter.print(response) + "\n" : TextPrinter.print(response));
    out.flush();
    FieldDescriptor results = response.getDescriptorForType().findFieldByName("results");
    return results != null && results.isRepeated() && response.getRepeatedFieldCount(results) == 0 ? EXIT_EMPTY : EXIT_OK;
  }

  /** Prints each message of a server stream as it arrives (JSON: one object per line) until it ends. */
  @SuppressWarnings("unchecked")
  private int stream(Target target, MethodDescriptor<?, ?> method, Message request, long deadlineMs, boolean json) {
    ManagedChannel channel = target.open();
    try {
      CallOptions options = deadlineMs > 0 ? CallOptions.DEFAULT.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS) : CallOptions.DEFAULT;
      Iterator<Message> it = ClientCalls.blockingServerStreamingCall(channel, (MethodDescriptor<Message, Message>) method, options, request);
      while (it.hasNext()) {
        Message m = it.next();
        out.print(json ? JsonPrinter.print(m) + "\n" : TextPrinter.print(m) + "\n");
        out.flush();
      }
      return EXIT_OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED ? EXIT_OK : failure(e.getStatus(), target);
    } finally {
      channel.shutdownNow();
    }
  }

  @SuppressWarnings("unchecked")
  private static Message call(ManagedChannel channel, MethodDescriptor<?, ?> method, Message request, long deadlineMs) {
    return ClientCalls.blockingUnaryCall(channel, (MethodDescriptor<Message, Message>) method,
        CallOptions.DEFAULT.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS), request);
  }

  private int failure(Status status, Target target) {
    return failure(status, target, err);
  }

  /** Prints why a call failed and returns its exit code (the table in the class comment). */
  static int failure(Status status, Target target, PrintStream err) {
    switch (status.getCode()) {
      case UNAVAILABLE -> {
        err.println("symdex: no daemon answers at " + target + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")"));
        return EXIT_NO_DAEMON;
      }
      case INVALID_ARGUMENT -> {
        err.println("symdex: " + status.getDescription());
        return EXIT_USAGE;
      }
      case UNAUTHENTICATED -> {
        err.println("symdex: UNAUTHENTICATED: " + status.getDescription() + " (pass --token-file FILE, or set " + Target.TOKEN_FILE_ENV
            + "; for a daemon on TCP, --data-dir DIR of that daemon finds its token)");
        return EXIT_FAILED;
      }
      default -> {
        err.println("symdex: " + status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription()));
        return EXIT_FAILED;
      }
    }
  }

  static Message request(MethodDescriptor<?, ?> method, ParseResult sub) {
    Message prototype = prototype(method);
    Message.Builder b = prototype.newBuilderForType();
    Descriptor d = prototype.getDescriptorForType();
    for (FieldDescriptor f : d.getFields()) {
      String flag = flag(f);
      if (!sub.hasMatchedOption(flag)) {
        continue;
      }
      Object v = sub.matchedOptionValue(flag, null);
      if (f.isRepeated()) {
        for (Object item : (List<?>) v) {
          b.addRepeatedField(f, convert(f, item));
        }
      } else {
        b.setField(f, convert(f, v));
      }
    }
    FieldDescriptor name = positional(d);
    if (name != null && sub.hasMatchedPositional(0)) {
      if (sub.hasMatchedOption(flag(name))) {
        throw new IllegalArgumentException("give the " + name.getName() + " either as an argument or as " + flag(name) + ", not both");
      }
      b.setField(name, sub.matchedPositionalValue(0, ""));
    }
    return b.build();
  }

  private static Object convert(FieldDescriptor f, Object v) {
    return switch (f.getJavaType()) {
      case INT -> ((Number) v).intValue();
      case LONG -> ((Number) v).longValue();
      case FLOAT -> ((Number) v).floatValue();
      case DOUBLE -> ((Number) v).doubleValue();
      case ENUM -> {
        String want = String.valueOf(v).toLowerCase(Locale.ROOT);
        for (EnumValueDescriptor e : f.getEnumType().getValues()) {
          if (JsonPrinter.enumName(e).equals(want) || e.getName().equalsIgnoreCase(want)) {
            yield e;
          }
        }
        throw new IllegalArgumentException("--" + flagName(f) + " takes one of " + f.getEnumType().getValues().stream().map(JsonPrinter::enumName).toList());
      }
      default -> v;
    };
  }

  private static Message prototype(MethodDescriptor<?, ?> method) {
    return (Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller()).getMessagePrototype();
  }

  private CommandLine build(ServiceDescriptor service, ProtoDocs docs) {
    CommandSpec top = CommandSpec.create().name("symdex").mixinStandardHelpOptions(true).version("symdex 0.1.0");
    top.usageMessage().description(
        "Ask a running symdex daemon about the code it indexes.",
        "Daemon commands (bin/symdex runs them from the daemon jar): serve, index, stop, snapshot export|import; serve --detach starts one in the background.",
        "Agent commands: agent install|uninstall|status|print, hook session-start|prompt, doctor (each with --help).");
    top.usageMessage().footerHeading("%nExit codes:%n").footer(EXIT_CODES);
    CommandLine cl = new CommandLine(top);
    for (MethodDescriptor<?, ?> m : service.getMethods()) {
      String rpc = m.getBareMethodName();
      CommandSpec spec = CommandSpec.create().name(kebab(rpc)).mixinStandardHelpOptions(true);
      String doc = docs.of(SymdexServiceGrpc.SERVICE_NAME.substring(SymdexServiceGrpc.SERVICE_NAME.lastIndexOf('.') + 1) + "." + rpc);
      spec.usageMessage().description((doc.isEmpty() ? rpc : doc) + " (RPC " + m.getFullMethodName() + ")");
      Descriptor req = prototype(m).getDescriptorForType();
      for (FieldDescriptor f : req.getFields()) {
        OptionSpec.Builder o = OptionSpec.builder(names(f))
            .description(docs.of(req.getName() + "." + f.getName()))
            .paramLabel(f.getName().toUpperCase(Locale.ROOT));
        Class<?> type = switch (f.getJavaType()) {
          case BOOLEAN -> boolean.class;
          case INT -> Integer.class;
          case LONG -> Long.class;
          case FLOAT, DOUBLE -> Double.class;
          default -> String.class;
        };
        if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE || f.getJavaType() == FieldDescriptor.JavaType.BYTE_STRING) {
          continue; // not expressible as a flag
        }
        if (f.isRepeated()) {
          o.type(List.class).auxiliaryTypes(type);
        } else {
          o.type(type);
        }
        if (type == boolean.class) {
          o.arity("0..1");
        }
        spec.addOption(o.build());
      }
      FieldDescriptor positional = positional(req);
      if (positional != null) {
        spec.addPositional(PositionalParamSpec.builder().index("0").arity("0..1").type(String.class)
            .paramLabel(positional.getName().toUpperCase(Locale.ROOT)).description("Same as " + flag(positional) + ".").build());
      }
      addCommonOptions(spec, "Give up after this long (default: " + DEFAULT_DEADLINE_MS + ").");
      methods.put(spec, m);
      cl.addSubcommand(kebab(rpc), new CommandLine(spec), ALIASES.getOrDefault(rpc, new String[0]));
    }
    CommandSpec wait = CommandSpec.create().name("wait").mixinStandardHelpOptions(true);
    wait.usageMessage().description(
        "Wait until the daemon answers and has indexed its root, showing files done / total, rate and ETA on stderr"
            + " (one updating line on a terminal, a line every few seconds otherwise); then print its status.");
    addCommonOptions(wait, "Give up waiting after this long (default: no bound; exit 4 then).");
    cl.addSubcommand("wait", new CommandLine(wait));
    CommandSpec completion = CommandSpec.create().name("completion").mixinStandardHelpOptions(true);
    completion.usageMessage().description("Print a shell completion script: eval \"$(bin/symdex completion bash)\" (or zsh).");
    completion.addPositional(PositionalParamSpec.builder().index("0").arity("1").type(String.class)
        .paramLabel("SHELL").description("bash or zsh").build());
    cl.addSubcommand("completion", new CommandLine(completion));
    cl.addSubcommand("mcp", new CommandLine(McpCommand.spec()));
    return cl;
  }

  /** The exit-code table, as --help prints it. */
  static final String[] EXIT_CODES = {
      "  0  success (a query with results; status, sync, wait done)",
      "  1  the query found nothing (empty results)",
      "  2  bad usage, or a request the daemon refused as invalid (INVALID_ARGUMENT)",
      "  3  no daemon answers (no socket, or UNAVAILABLE)",
      "  4  any other failure (DEADLINE_EXCEEDED, NOT_FOUND, INTERNAL, ...)",
  };

  /** Prints the completion script for bash or zsh (zsh through bashcompinit). */
  private int completion(String shell) {
    CommandLine cl = build(SymdexServiceGrpc.getServiceDescriptor(), ProtoDocs.load());
    for (String daemonCommand : List.of("serve", "index", "stop", "snapshot")) {
      cl.addSubcommand(daemonCommand, new CommandLine(CommandSpec.create().name(daemonCommand)));
    }
    String script = picocli.AutoComplete.bash("symdex", cl);
    switch (shell) {
      case "bash" -> out.print(script);
      case "zsh" -> out.print("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script);
      default -> {
        err.println("symdex: completion takes bash or zsh, got " + shell);
        return EXIT_USAGE;
      }
    }
    out.flush();
    return EXIT_OK;
  }

  /**
   * Polls Status until the daemon answers with a state other than "indexing" (its index is whole:
   * "serving", or "degraded" with a reason), drawing progress on stderr; UNAVAILABLE
   * (a daemon still starting, or none yet) is retried until {@code deadlineMs} (0: no bound).
   */
  private int waitForIndex(Target target, long deadlineMs, boolean json) {
    long t0 = System.nanoTime();
    boolean tty = Boolean.getBoolean("symdex.stderr.tty");
    Progress progress = new Progress(t0);
    long lastPrint = 0;
    int shown = 0;
    ManagedChannel channel = null;
    try {
      while (true) {
        long now = System.nanoTime();
        if (deadlineMs > 0 && now - t0 > TimeUnit.MILLISECONDS.toNanos(deadlineMs)) {
          if (shown > 0 && tty) {
            err.println();
          }
          err.println("symdex: not indexed within " + deadlineMs + " ms");
          return EXIT_FAILED;
        }
        StatusResponse st = null;
        if (target.mayAnswer()) {
          if (channel == null) {
            channel = target.open();
          }
          try {
            st = SymdexServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .status(StatusRequest.getDefaultInstance());
          } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
              return failure(e.getStatus(), target);
            }
          }
        }
        if (st != null && !st.getState().equals("indexing")) {
          if (shown > 0 && tty) {
            err.print("\r\033[K");
            err.flush();
          }
          answer(st, json, out);
          return EXIT_OK;
        }
        String line = st == null ? "waiting for the daemon at " + target
            : progress.line(st.getProgressDone(), st.getProgressTotal(), now);
        if (tty) {
          err.print("\r\033[K" + line);
          err.flush();
          shown++;
        } else if (now - lastPrint >= TimeUnit.SECONDS.toNanos(2) || shown == 0) {
          err.println(line);
          lastPrint = now;
          shown++;
        }
        Thread.sleep(250);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EXIT_FAILED;
    } finally {
      if (channel != null) {
        channel.shutdownNow();
      }
    }
  }

  private static void addCommonOptions(CommandSpec spec, String deadlineHelp) {
    spec.addOption(OptionSpec.builder("--json").type(boolean.class).arity("0")
        .description("Print the response as one JSON object (proto field names, every field).").build());
    spec.addOption(OptionSpec.builder("--data-dir").type(Path.class).paramLabel("DIR")
        .description("Data dir of the daemon (default: $SYMDEX_DATA_DIR or ~/.local/share/symdex).").build());
    spec.addOption(OptionSpec.builder("--connect").type(String.class).paramLabel("ADDR")
        .description("Daemon address: unix:PATH or tcp:HOST:PORT (overrides --data-dir).").build());
    spec.addOption(OptionSpec.builder("--token-file").type(Path.class).paramLabel("FILE")
        .description("Send the bearer token in FILE (first line) with each call: for a daemon serving with --token-file "
            + "(default: the file $SYMDEX_TOKEN_FILE names, if set; else, for the TCP address the data dir's own daemon "
            + "serves, that daemon's token).").build());
    spec.addOption(OptionSpec.builder("--deadline-ms").type(Long.class).paramLabel("MS")
        .description(deadlineHelp).build());
    spec.addOption(OptionSpec.builder(DaemonStart.START_FLAG).type(boolean.class).arity("0")
        .description("Start a daemon (bin/symdex serve --detach) when none answers, for --project's root or the git work tree"
            + " holding the current directory.").build());
  }

  /** The field of {@code request} that the first argument sets, or null (see {@link #POSITIONAL_FIELDS}). */
  static FieldDescriptor positional(Descriptor request) {
    for (String name : POSITIONAL_FIELDS) {
      FieldDescriptor f = request.findFieldByName(name);
      if (f != null && f.getJavaType() == FieldDescriptor.JavaType.STRING && !f.isRepeated()) {
        return f;
      }
    }
    return null;
  }

  /** The option names of {@code f}: its flag, and its short alias if it has one. */
  private static String[] names(FieldDescriptor f) {
    for (Map.Entry<String, String> alias : FLAG_ALIASES.entrySet()) {
      if (alias.getValue().equals(f.getName())) {
        return new String[] {flag(f), "--" + alias.getKey()};
      }
    }
    return new String[] {flag(f)};
  }

  private static String flag(FieldDescriptor f) {
    return "--" + flagName(f);
  }

  private static String flagName(FieldDescriptor f) {
    return f.getName().replace('_', '-');
  }

  static String kebab(String camel) {
    // By hand, not a regex: the fast path calls it and pays for every class it loads.
    StringBuilder b = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char prev = i > 0 ? camel.charAt(i - 1) : 'A';
        if ((prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9')) {
          b.append('-');
        }
        b.append((char) (c + ('a' - 'A')));
      } else {
        b.append(Character.toLowerCase(c));
      }
    }
    return b.toString();
  }

}
