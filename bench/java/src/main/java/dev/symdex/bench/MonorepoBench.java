package dev.symdex.bench;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.symdex.proto.v1.FileOutlineRequest;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.FindReferencesRequest;
import dev.symdex.proto.v1.ListProjectsRequest;
import dev.symdex.proto.v1.Project;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import dev.symdex.proto.v1.SymdexServiceGrpc.SymdexServiceBlockingStub;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Benchmark only (driven by {@code bench/monorepo}; never used by tests): one daemon serving many
 * projects, over its Unix socket, one channel, blocking stub, one call at a time. Four modes:
 *
 * <pre>
 *   MonorepoBench sample  [--names N] [--files N] SOCKET PROJECTS_TSV     PROJECTS_TSV: label, root, candidate-files file
 *   MonorepoBench hot     [--warmup N] [--runs N] SOCKET NAMES_TSV
 *   MonorepoBench cold    [--count N] [--wait S] SOCKET NAMES_TSV
 *   MonorepoBench restart [--mru LABEL] [--deadline S] [--pid-file F] [--log F] SOCKET NAMES_TSV -- COMMAND...
 * </pre>
 *
 * <p>{@code sample} maps each root to its project id (ListProjects) and reads FileOutline of the
 * candidate files (paths relative to the root, one a line, in the order to try) until it holds
 * {@code --names} distinct definition names (at least 3 characters, identifiers) from at most
 * {@code --files} files that have definitions; it prints NAMES_TSV: {@code label id name} per line.
 *
 * <p>{@code hot}: per project, in NAMES_TSV order, {@code warmup} untimed rounds of FindDefinitions
 * and FindReferences (limit 100) of each of its names, then its temperature as ListProjects shows
 * it, then {@code runs} timed rounds. Prints {@code hot label temperature calls p50_us p99_us
 * max_us} per project, {@code hot-group GROUP - ...} per group (the label without a trailing
 * {@code -NN}) and {@code hot-all * - ...} over every timed call.
 *
 * <p>{@code cold}: up to {@code count} times, asks ListProjects for the projects it reports as
 * {@code "temperature": "cold"} and not measured yet, takes the least recently used (largest
 * {@code idle_ms}, or smallest {@code last_used_ms}, when either field exists), and times its first
 * FindDefinitions, then a second one. Prints {@code cold label first_us second_us memory idle}
 * per project (memory: the Project's {@code heap_bytes}, {@code resident_bytes} and
 * {@code memory_bytes} that exist, as {@code name=value} joined by commas; idle: {@code idle_ms}
 * or {@code last_used_ms}, as {@code name=value}),
 * {@code cold-all n p50_us p99_us max_us}; when none is cold it waits up to {@code --wait} seconds
 * (polling every second) before giving up. When the Project message has no {@code temperature}
 * field (a build without it), prints {@code cold-missing REASON} and exits 0.
 *
 * <p>{@code restart}: starts COMMAND (the daemon, output to {@code --log}, its pid written to
 * {@code --pid-file}) and, from just before the process starts, retries FindDefinitions of the
 * {@code --mru} project's first name every 10 ms until it is answered, then the same for every
 * project in NAMES_TSV order. Prints {@code restart-mru label ms_from_start attempts first_error},
 * {@code restart-project label ms_from_start call_us attempts} per project and {@code restart-all
 * n ms_until_all p50_call_us p99_call_us max_call_us}. The daemon keeps running after this exits.
 *
 * <p>Percentiles are nearest-rank. Project fields the proto may lack ({@code temperature},
 * {@code heap_bytes}, {@code resident_bytes}, {@code memory_bytes}, {@code idle_ms},
 * {@code last_used_ms}) are read by name through the descriptor: missing ones print as {@code ?}.
 * A temperature given as an enum ({@code TEMPERATURE_COLD}) reads as its last word, lower case.
 */
public final class MonorepoBench {
  /** JUL holds loggers weakly: keep the one whose level is set. */
  private static final Logger NETTY_BOOTSTRAP =
      Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap");
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{2,}");
  private static final int LIMIT = 100;
  private static final PrintStream OUT = System.out;

  private MonorepoBench() {}

  /** One sampled name of a project. */
  private record Name(String label, String id, String name) {}

  public static void main(String[] args) throws Exception {
    NETTY_BOOTSTRAP.setLevel(Level.SEVERE);
    if (args.length < 1) {
      usage();
    }
    String mode = args[0];
    Map<String, String> opts = new HashMap<>();
    List<String> rest = new ArrayList<>();
    List<String> command = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--")) {
        command.addAll(Arrays.asList(args).subList(i + 1, args.length));
        break;
      }
      if (args[i].startsWith("--") && i + 1 < args.length) {
        opts.put(args[i].substring(2), args[++i]);
      } else {
        rest.add(args[i]);
      }
    }
    if (rest.size() != 2) {
      usage();
    }
    String target = "unix://" + Path.of(rest.get(0)).toAbsolutePath();
    ManagedChannel channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    try {
      SymdexServiceBlockingStub stub = SymdexServiceGrpc.newBlockingStub(channel);
      Path file = Path.of(rest.get(1));
      switch (mode) {
        case "sample" -> sample(stub, file, intOpt(opts, "names", 20), intOpt(opts, "files", 40));
        case "hot" -> hot(stub, names(file), intOpt(opts, "warmup", 5), intOpt(opts, "runs", 10));
        case "cold" -> cold(stub, names(file), intOpt(opts, "count", 20), intOpt(opts, "wait", 30));
        case "restart" -> {
          if (command.isEmpty()) {
            usage();
          }
          restart(channel, stub, names(file), opts.get("mru"), intOpt(opts, "deadline", 3600),
              opts.get("pid-file"), opts.get("log"), command);
        }
        default -> usage();
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  private static void usage() {
    System.err.println("usage: MonorepoBench sample|hot|cold|restart [OPTIONS] SOCKET FILE [-- COMMAND...] (see the class javadoc)");
    System.exit(2);
  }

  private static int intOpt(Map<String, String> opts, String name, int fallback) {
    String v = opts.get(name);
    return v == null ? fallback : Integer.parseInt(v);
  }

  private static SymdexServiceBlockingStub deadline(SymdexServiceBlockingStub stub, int seconds) {
    return stub.withDeadlineAfter(seconds, TimeUnit.SECONDS);
  }

  private static List<Name> names(Path file) throws IOException {
    List<Name> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] f = line.split("\t");
      if (f.length == 3) {
        out.add(new Name(f[0], f[1], f[2]));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no names in " + file);
    }
    return out;
  }

  /** Names by project label, in file order. */
  private static Map<String, List<Name>> byProject(List<Name> names) {
    Map<String, List<Name>> by = new LinkedHashMap<>();
    for (Name n : names) {
      by.computeIfAbsent(n.label(), k -> new ArrayList<>()).add(n);
    }
    return by;
  }

  /** A field of Project read by name: null when this build's proto has no such field. */
  static Object field(Project p, String name) {
    FieldDescriptor f = p.getDescriptorForType().findFieldByName(name);
    return f == null ? null : p.getField(f);
  }

  private static String show(Object v) {
    return v == null ? "?" : v.toString();
  }

  /** "hot", "cold", or "?" when the field is missing; an enum value name reads as its last word. */
  static String temperature(Project p) {
    Object v = field(p, "temperature");
    if (v == null) {
      return "?";
    }
    String t = v.toString().toLowerCase(Locale.ROOT);
    return t.substring(t.lastIndexOf('_') + 1);
  }

  /** The memory fields this build's Project has, as name=value joined by commas ("?" for none). */
  private static String memory(Project p) {
    List<String> parts = new ArrayList<>();
    for (String name : List.of("heap_bytes", "resident_bytes", "memory_bytes")) {
      Object v = field(p, name);
      if (v != null) {
        parts.add(name + "=" + v);
      }
    }
    return parts.isEmpty() ? "?" : String.join(",", parts);
  }

  /** How long the project has been idle, as name=value of the field this build has ("?" for none). */
  private static String idle(Project p) {
    for (String name : List.of("idle_ms", "last_used_ms")) {
      Object v = field(p, name);
      if (v != null) {
        return name + "=" + v;
      }
    }
    return "?";
  }

  /** Orders projects least recently used first: by idle_ms (larger first) or last_used_ms (smaller first). */
  private static long staleness(Project p) {
    if (field(p, "idle_ms") instanceof Number n) {
      return n.longValue();
    }
    if (field(p, "last_used_ms") instanceof Number n) {
      return -n.longValue();
    }
    return 0;
  }

  private static List<Project> projects(SymdexServiceBlockingStub stub) {
    return deadline(stub, 30).listProjects(ListProjectsRequest.getDefaultInstance()).getProjectsList();
  }

  // ---- sample

  private static void sample(SymdexServiceBlockingStub stub, Path projectsFile, int want, int maxFiles) throws IOException {
    Map<String, String> idByRoot = new HashMap<>();
    for (Project p : projects(stub)) {
      idByRoot.put(p.getRoot(), p.getId());
      idByRoot.put(Path.of(p.getRoot()).toRealPath().toString(), p.getId());
    }
    for (String line : Files.readAllLines(projectsFile, StandardCharsets.UTF_8)) {
      String[] f = line.split("\t");
      if (f.length != 3) {
        continue;
      }
      String label = f[0];
      String id = idByRoot.get(Path.of(f[1]).toRealPath().toString());
      if (id == null) {
        throw new IllegalStateException("ListProjects shows no project at " + f[1] + " (" + label + ")");
      }
      Set<String> found = new LinkedHashSet<>();
      int filesWithDefs = 0;
      for (String path : Files.readAllLines(Path.of(f[2]), StandardCharsets.UTF_8)) {
        if (found.size() >= want * 4 || filesWithDefs >= maxFiles) {
          break;
        }
        List<Result> rows;
        try {
          rows = deadline(stub, 60).fileOutline(FileOutlineRequest.newBuilder().setPath(path).setLimit(200).setProject(id).build()).getResultsList();
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
            continue; // not an indexed file
          }
          throw e;
        }
        if (!rows.isEmpty()) {
          filesWithDefs++;
        }
        for (Result r : rows) {
          if (IDENT.matcher(r.getName()).matches()) {
            found.add(r.getName());
          }
        }
      }
      List<String> pick = new ArrayList<>(found);
      Collections.shuffle(pick, new Random(label.hashCode()));
      pick = pick.subList(0, Math.min(want, pick.size()));
      if (pick.isEmpty()) {
        System.err.println("MonorepoBench: no definitions found in the candidate files of " + label);
      }
      for (String name : pick) {
        OUT.println(label + "\t" + id + "\t" + name);
      }
      OUT.flush();
    }
  }

  // ---- hot

  private static long defs(SymdexServiceBlockingStub stub, Name n) {
    long t0 = System.nanoTime();
    deadline(stub, 60).findDefinitions(FindDefinitionsRequest.newBuilder().setName(n.name()).setLimit(LIMIT).setProject(n.id()).build());
    return System.nanoTime() - t0;
  }

  private static long refs(SymdexServiceBlockingStub stub, Name n) {
    long t0 = System.nanoTime();
    deadline(stub, 60).findReferences(FindReferencesRequest.newBuilder().setName(n.name()).setLimit(LIMIT).setProject(n.id()).build());
    return System.nanoTime() - t0;
  }

  private static String temperature(SymdexServiceBlockingStub stub, String id) {
    for (Project p : projects(stub)) {
      if (p.getId().equals(id)) {
        return temperature(p);
      }
    }
    return "?";
  }

  private static void hot(SymdexServiceBlockingStub stub, List<Name> names, int warmup, int runs) {
    Map<String, List<Long>> byGroup = new TreeMap<>();
    List<Long> all = new ArrayList<>();
    for (Map.Entry<String, List<Name>> e : byProject(names).entrySet()) {
      List<Name> ns = e.getValue();
      for (int i = 0; i < warmup; i++) {
        for (Name n : ns) {
          defs(stub, n);
          refs(stub, n);
        }
      }
      String temperature = temperature(stub, ns.getFirst().id());
      List<Long> lat = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        for (Name n : ns) {
          lat.add(defs(stub, n));
          lat.add(refs(stub, n));
        }
      }
      line("hot", e.getKey(), temperature, lat);
      all.addAll(lat);
      byGroup.computeIfAbsent(e.getKey().replaceAll("-\\d+$", ""), k -> new ArrayList<>()).addAll(lat);
    }
    byGroup.forEach((g, lat) -> line("hot-group", g, "-", lat));
    line("hot-all", "*", "-", all);
  }

  private static void line(String kind, String label, String extra, List<Long> nanos) {
    long[] s = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    OUT.printf(Locale.ROOT, "%s\t%s\t%s\t%d\t%.1f\t%.1f\t%.1f%n", kind, label, extra, s.length,
        rank(s, 0.50) / 1e3, rank(s, 0.99) / 1e3, s.length == 0 ? 0 : s[s.length - 1] / 1e3);
    OUT.flush();
  }

  // ---- cold

  private static void cold(SymdexServiceBlockingStub stub, List<Name> names, int count, int waitSeconds) throws InterruptedException {
    Map<String, Name> firstById = new LinkedHashMap<>();
    for (Name n : names) {
      firstById.putIfAbsent(n.id(), n);
    }
    if (Project.getDescriptor().findFieldByName("temperature") == null) {
      OUT.println("cold-missing\tthe Project message of this build has no temperature field (ListProjects cannot say which project is cold)");
      return;
    }
    Set<String> measured = new LinkedHashSet<>();
    List<Long> firsts = new ArrayList<>();
    while (measured.size() < count) {
      Project pick = null;
      long waitEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
      while (true) {
        for (Project p : projects(stub)) {
          if (!"cold".equals(temperature(p)) || measured.contains(p.getId()) || !firstById.containsKey(p.getId())) {
            continue;
          }
          if (pick == null || staleness(p) > staleness(pick)) {
            pick = p;
          }
        }
        if (pick != null || System.nanoTime() >= waitEnd) {
          break;
        }
        Thread.sleep(1000);
      }
      if (pick == null) {
        OUT.printf(Locale.ROOT, "cold-none\tno project not measured yet was cold after waiting %d s (%d measured)%n", waitSeconds, measured.size());
        break;
      }
      Name n = firstById.get(pick.getId());
      long first = defs(stub, n);
      long second = defs(stub, n);
      measured.add(pick.getId());
      firsts.add(first);
      OUT.printf(Locale.ROOT, "cold\t%s\t%.1f\t%.1f\t%s\t%s%n", n.label(), first / 1e3, second / 1e3,
          memory(pick), idle(pick));
      OUT.flush();
    }
    long[] s = firsts.stream().mapToLong(Long::longValue).sorted().toArray();
    OUT.printf(Locale.ROOT, "cold-all\t%d\t%.1f\t%.1f\t%.1f%n", s.length, rank(s, 0.50) / 1e3, rank(s, 0.99) / 1e3,
        s.length == 0 ? 0 : s[s.length - 1] / 1e3);
  }

  // ---- restart

  /** Retries FindDefinitions of {@code n} until it is answered; returns {ns from t0, call ns, attempts} and the first error. */
  private record Polled(long sinceStart, long call, int attempts, String firstError) {}

  private static Polled poll(ManagedChannel channel, SymdexServiceBlockingStub stub, Name n, long t0, long end) throws InterruptedException {
    int attempts = 0;
    String firstError = "-";
    while (true) {
      attempts++;
      channel.resetConnectBackoff(); // a channel that failed to connect retries at once, not after its backoff
      long c0 = System.nanoTime();
      try {
        deadline(stub, 30).findDefinitions(FindDefinitionsRequest.newBuilder().setName(n.name()).setLimit(LIMIT).setProject(n.id()).build());
        long c1 = System.nanoTime();
        return new Polled(c1 - t0, c1 - c0, attempts, firstError);
      } catch (StatusRuntimeException e) {
        if (firstError.equals("-")) {
          firstError = e.getStatus().getCode().toString();
        }
        if (System.nanoTime() >= end) {
          throw new IllegalStateException("no answer for " + n.label() + " within the deadline; last: " + e.getStatus(), e);
        }
      }
      Thread.sleep(10);
    }
  }

  private static void restart(ManagedChannel channel, SymdexServiceBlockingStub stub, List<Name> names, String mru, int deadlineSeconds,
      String pidFile, String log, List<String> command) throws IOException, InterruptedException {
    Map<String, List<Name>> by = byProject(names);
    Name mruName = by.getOrDefault(mru, by.values().iterator().next()).getFirst();
    ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    if (log != null) {
      pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File(log)));
    } else {
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    long t0 = System.nanoTime();
    Process daemon = pb.start();
    if (pidFile != null) {
      Files.writeString(Path.of(pidFile), daemon.pid() + "\n");
    }
    long end = t0 + TimeUnit.SECONDS.toNanos(deadlineSeconds);
    Polled m = poll(channel, stub, mruName, t0, end);
    OUT.printf(Locale.ROOT, "restart-mru\t%s\t%.1f\t%d\t%s%n", mruName.label(), m.sinceStart() / 1e6, m.attempts(), m.firstError());
    OUT.flush();
    long[] calls = new long[by.size()];
    int i = 0;
    long last = 0;
    for (List<Name> ns : by.values()) {
      Polled p = poll(channel, stub, ns.getFirst(), t0, end);
      calls[i++] = p.call();
      last = p.sinceStart();
      OUT.printf(Locale.ROOT, "restart-project\t%s\t%.1f\t%.1f\t%d%n", ns.getFirst().label(), p.sinceStart() / 1e6, p.call() / 1e3, p.attempts());
      OUT.flush();
    }
    Arrays.sort(calls);
    OUT.printf(Locale.ROOT, "restart-all\t%d\t%.1f\t%.1f\t%.1f\t%.1f%n", calls.length, last / 1e6, rank(calls, 0.50) / 1e3,
        rank(calls, 0.99) / 1e3, calls[calls.length - 1] / 1e3);
  }

  /** Nearest-rank percentile of sorted values (0 when empty). */
  private static long rank(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
