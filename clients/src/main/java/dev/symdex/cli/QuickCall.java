package dev.symdex.cli;

import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The CLI's fast path: the common command lines ({@code symdex defs bar --json --data-dir D}) run
 * without picocli, grpc-java or protobuf-java — from the API's descriptor set ({@link Wire}) and
 * one HTTP/2 call ({@link DirectCall}) — so a query costs little more than the JVM's start. It
 * accepts a strict subset of what the full CLI accepts, builds the same request bytes and prints
 * the same text (the tests compare both); anything else — help, a streaming RPC, TCP, a token, an unknown,
 * repeated or enum flag, a value it cannot read, an answer it does not model — returns {@link
 * #NOT_HANDLED} having printed nothing, and {@link SymdexCli} runs the command line instead (calls
 * are idempotent, so repeating one is safe). Stateless.
 *
 * <p>Start-up cost is the point of this class: no lambdas, pattern switches or other
 * invokedynamic sites on its path (the module is compiled with inline string concatenation).
 */
final class QuickCall {
  /** Returned when the full CLI must run the command line. */
  static final int NOT_HANDLED = -1;

  private QuickCall() {}

  /** A parsed command line: the method, its serialized request and the common options. */
  record Parsed(Wire wire, Wire.Method method, byte[] request, boolean json, Path dataDir, Path socket, long deadlineMs) {}

  /** Runs the command line, or returns {@link #NOT_HANDLED} having printed nothing. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Parsed p = parse(args);
    if (p == null || System.getenv(Target.TOKEN_FILE_ENV) != null) { // a token: the full path sends it
      return NOT_HANDLED;
    }
    if (!p.json() && !WirePrinter.printsText(p.method().output())) {
      return NOT_HANDLED; // known before the call: do not ask twice
    }
    Target target = p.socket() != null ? Target.of("unix:" + p.socket(), null) : Target.of(null, p.dataDir());
    if (target.socket() == null) {
      return NOT_HANDLED; // the data dir's daemon listens on TCP: a token goes along, on the full path
    }
    if (!target.mayAnswer()) {
      err.println("symdex: no daemon at " + target + " (start one with: bin/symdex serve)");
      return SymdexCli.EXIT_NO_DAEMON;
    }
    String full = p.method().serviceFullName() + "/" + p.method().name();
    byte[] answer;
    try {
      answer = DirectCall.call(target.socket(), full, p.request(), p.deadlineMs());
    } catch (DirectCall.Unsupported e) {
      return NOT_HANDLED;
    } catch (IOException e) {
      return SymdexCli.failure(Status.UNAVAILABLE.withDescription(e.getMessage()), target, err);
    } catch (DirectCall.GrpcError e) {
      return SymdexCli.failure(Status.fromCodeValue(e.code).withDescription(e.getMessage()), target, err);
    }
    String text;
    boolean empty;
    try {
      Wire.Msg m = p.wire().decode(p.method().output(), answer);
      WirePrinter printer = new WirePrinter(p.wire());
      text = p.json() ? printer.json(m) + "\n" : printer.text(m);
      Wire.Field results = m.type().byName("results");
      empty = results != null && results.repeated() && m.of(results).isEmpty();
    } catch (Wire.Unsupported e) {
      return NOT_HANDLED;
    }
    out.print(text);
    out.flush();
    return empty ? SymdexCli.EXIT_EMPTY : SymdexCli.EXIT_OK;
  }

  /** The command line as the fast path reads it, or null when the full CLI must read it. */
  static Parsed parse(String[] args) {
    if (args.length == 0) {
      return null;
    }
    Wire wire = Wire.load();
    Wire.Method method = wire == null ? null : method(wire, args[0]);
    if (method == null || method.clientStreaming() || method.serverStreaming()) {
      return null;
    }
    Wire.Type in = wire.types.get(method.input());
    if (in == null) {
      return null;
    }
    Wire.Field nameField = positional(in);
    TreeMap<Integer, Object> values = new TreeMap<>();
    boolean json = false;
    boolean nameGiven = false;
    Path dataDir = null;
    Path socket = null;
    long deadline = SymdexCli.DEFAULT_DEADLINE_MS;
    Set<String> seen = new HashSet<>();
    try {
      for (int i = 1; i < args.length; i++) {
        String a = args[i];
        if (!a.startsWith("--")) {
          if (a.startsWith("-") || nameField == null || nameGiven) {
            return null;
          }
          nameGiven = true;
          values.put(nameField.number(), a);
          continue;
        }
        int eq = a.indexOf('=');
        String flag = eq < 0 ? a.substring(2) : a.substring(2, eq);
        String inline = eq < 0 ? null : a.substring(eq + 1);
        String aliased = SymdexCli.FLAG_ALIASES.get(flag);
        if (aliased != null) {
          flag = aliased.replace('_', '-');
        }
        if (!seen.add(flag)) {
          return null; // picocli decides what a repeated option means
        }
        if (flag.equals("json")) {
          if (inline != null) {
            return null;
          }
          json = true;
          continue;
        }
        boolean common = flag.equals("data-dir") || flag.equals("connect") || flag.equals("deadline-ms");
        Wire.Field f = common ? null : in.byName(flag.replace('-', '_'));
        if (!common && (f == null || f.repeated() || flag.indexOf('_') >= 0)) {
          return null;
        }
        if (f != null && f.type() == Wire.BOOL) {
          String next = inline == null && i + 1 < args.length ? args[i + 1].toLowerCase(Locale.ROOT) : null;
          if ("true".equals(next) || "false".equals(next)) {
            return null; // picocli's optional boolean value: let it decide
          }
          if (inline != null && !inline.equals("true") && !inline.equals("false")) {
            return null;
          }
          values.put(f.number(), inline == null || inline.equals("true"));
          continue;
        }
        String v = inline;
        if (v == null) {
          if (i + 1 >= args.length) {
            return null;
          }
          v = args[++i];
        }
        if (f == null) {
          if (flag.equals("data-dir")) {
            dataDir = Path.of(v);
          } else if (flag.equals("deadline-ms")) {
            deadline = Long.parseLong(v);
          } else if (v.startsWith("unix:")) {
            socket = Path.of(v.substring(5));
          } else {
            return null;
          }
          continue;
        }
        if (f == nameField && nameGiven) {
          return null;
        }
        switch (f.type()) {
          case Wire.STRING -> values.put(f.number(), v);
          case Wire.INT32, Wire.SINT32, Wire.SFIXED32 -> values.put(f.number(), Integer.parseInt(v));
          case Wire.INT64, Wire.SINT64, Wire.SFIXED64 -> values.put(f.number(), Long.parseLong(v));
          case Wire.DOUBLE -> values.put(f.number(), Double.parseDouble(v));
          case Wire.FLOAT -> values.put(f.number(), (float) Double.parseDouble(v));
          default -> {
            return null; // unsigned, enums, bytes, messages: the full CLI's conversions
          }
        }
        if (f == nameField) {
          nameGiven = true;
        }
      }
      scope(in, values, socket == null ? null : "unix:" + socket, dataDir);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      // Fields in number order, defaults of implicit-presence fields left off, as protobuf-java does.
      for (var e : values.entrySet()) {
        Wire.Field f = byNumber(in, e.getKey());
        if (!Wire.isDefault(f, e.getValue())) {
          Wire.encode(request, f, e.getValue());
        }
      }
      return new Parsed(wire, method, request.toByteArray(), json, dataDir, socket, deadline);
    } catch (RuntimeException | Wire.Unsupported e) {
      return null; // not a number, not a path, a type not modelled: the full CLI says what is wrong
    }
  }

  /** Thrown when resolving the project needs the daemon's ListProjects: the full CLI asks it. */
  private static final class NeedsFullPath extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NeedsFullPath() {
      super("the project needs ListProjects", null, false, false);
    }
  }

  /** The roots of the data dir's own daemon, from its files; asking the daemon is left to the full CLI. */
  private static final class FileRoots implements ProjectScope.Source {
    private final String connect;
    private final Path dataDir;

    FileRoots(String connect, Path dataDir) {
      this.connect = connect;
      this.dataDir = dataDir;
    }

    @Override
    public List<ProjectScope.Known> roots() {
      return ProjectScope.dataDirRoots(connect, dataDir);
    }

    @Override
    public List<ProjectScope.Known> withIds() {
      throw new NeedsFullPath();
    }
  }

  /**
   * Sets the request's project and path fields in {@code values} as {@link ProjectScope} resolves
   * them (as the full CLI does); throws (so the full CLI runs) when that needs the daemon's
   * project list or the command line is wrong.
   */
  private static void scope(Wire.Type in, TreeMap<Integer, Object> values, String connect, Path dataDir) {
    Wire.Field project = in.byName("project");
    if (project == null || project.type() != Wire.STRING || project.repeated()) {
      return;
    }
    Map<String, String> paths = new LinkedHashMap<>();
    for (String name : ProjectScope.PATH_FIELDS) {
      Wire.Field f = in.byName(name);
      if (f != null && f.type() == Wire.STRING && !f.repeated()) {
        Object v = values.get(f.number());
        paths.put(name, v == null ? "" : (String) v);
      }
    }
    Object given = values.get(project.number());
    ProjectScope.Resolved r = ProjectScope.resolve(given == null ? "" : (String) given, paths, Path.of(System.getProperty("user.dir")),
        !in.simpleName().equals(ProjectScope.NO_CWD_DEFAULT), new FileRoots(connect, dataDir));
    values.put(project.number(), r.project());
    for (Map.Entry<String, String> e : r.paths().entrySet()) {
      values.put(in.byName(e.getKey()).number(), e.getValue());
    }
  }

  private static Wire.Field byNumber(Wire.Type t, int number) {
    for (Wire.Field f : t.fields()) {
      if (f.number() == number) {
        return f;
      }
    }
    throw new IllegalStateException("no field " + number);
  }

  /** The field of {@code request} that the first argument sets, or null (as {@link SymdexCli#positional}). */
  private static Wire.Field positional(Wire.Type request) {
    for (String name : SymdexCli.POSITIONAL_FIELDS) {
      Wire.Field f = request.byName(name);
      if (f != null && f.type() == Wire.STRING && !f.repeated()) {
        return f;
      }
    }
    return null;
  }

  /** The RPC of symdex.v1.SymdexService a subcommand name or alias stands for, or null. */
  static Wire.Method method(Wire wire, String command) {
    List<Wire.Method> methods = wire.services.get("symdex.v1.SymdexService");
    if (methods == null) {
      return null;
    }
    for (Wire.Method m : methods) {
      if (SymdexCli.kebab(m.name()).equals(command)) {
        return m;
      }
      String[] aliases = SymdexCli.ALIASES.get(m.name());
      if (aliases != null) {
        for (String alias : aliases) {
          if (alias.equals(command)) {
            return m;
          }
        }
      }
    }
    return null;
  }
}
