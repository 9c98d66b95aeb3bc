package dev.symdex.cli;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.symdex.proto.v1.SymdexProto;
import io.grpc.Status;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The CLI's fast path: the common command lines ({@code symdex defs bar --json --data-dir D}) run
 * without picocli and without grpc-java, from the protobuf descriptors and {@link DirectCall}, so a
 * query costs the JVM's start plus a few milliseconds. It accepts a strict subset of what the full
 * CLI accepts and builds the same request (the test compares them); anything else — help, a
 * streaming RPC, TCP, an unknown or repeated or enum flag, a value it cannot read, an answer
 * {@link DirectCall} does not implement — returns {@link #NOT_HANDLED} before printing anything, and
 * {@link SymdexCli} runs the command line instead. Stateless.
 */
final class QuickCall {
  /** Returned when the full CLI must run the command line. */
  static final int NOT_HANDLED = -1;

  private QuickCall() {}

  /** A parsed command line: the method, its request and the common options. */
  record Parsed(MethodDescriptor method, Message request, boolean json, Path dataDir, Path socket, long deadlineMs) {}

  /** Runs the command line, or returns {@link #NOT_HANDLED} having printed nothing. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Parsed p = parse(args);
    if (p == null) {
      return NOT_HANDLED;
    }
    Target target = p.socket() != null ? Target.of("unix:" + p.socket(), null) : Target.of(null, p.dataDir());
    if (!target.mayAnswer()) {
      err.println("symdex: no daemon at " + target + " (start one with: bin/symdex serve)");
      return SymdexCli.EXIT_NO_DAEMON;
    }
    String full = p.method().getService().getFullName() + "/" + p.method().getName();
    byte[] answer;
    try {
      answer = DirectCall.call(target.socket(), full, p.request().toByteArray(), p.deadlineMs());
    } catch (DirectCall.Unsupported e) {
      return NOT_HANDLED;
    } catch (IOException e) {
      return SymdexCli.failure(Status.UNAVAILABLE.withDescription(e.getMessage()), target, err);
    } catch (DirectCall.GrpcError e) {
      return SymdexCli.failure(Status.fromCodeValue(e.code).withDescription(e.getMessage()), target, err);
    }
    Message response;
    try {
      response = DynamicMessage.parseFrom(p.method().getOutputType(), answer);
    } catch (InvalidProtocolBufferException e) {
      err.println("symdex: the daemon's answer does not parse: " + e.getMessage());
      return SymdexCli.EXIT_FAILED;
    }
    return SymdexCli.answer(response, p.json(), out);
  }

  /** The command line as the fast path reads it, or null when the full CLI must read it. */
  static Parsed parse(String[] args) {
    if (args.length == 0) {
      return null;
    }
    MethodDescriptor method = method(args[0]);
    if (method == null || method.isClientStreaming() || method.isServerStreaming()) {
      return null;
    }
    Descriptor in = method.getInputType();
    DynamicMessage.Builder b = DynamicMessage.newBuilder(in);
    FieldDescriptor nameField = in.findFieldByName("name");
    boolean json = false;
    boolean nameGiven = false;
    Path dataDir = null;
    Path socket = null;
    long deadline = SymdexCli.DEFAULT_DEADLINE_MS;
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        if (a.startsWith("-") || nameField == null || nameGiven) {
          return null;
        }
        nameGiven = true;
        b.setField(nameField, a);
        continue;
      }
      int eq = a.indexOf('=');
      String flag = eq < 0 ? a.substring(2) : a.substring(2, eq);
      String inline = eq < 0 ? null : a.substring(eq + 1);
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
      FieldDescriptor f = flag.equals("data-dir") || flag.equals("connect") || flag.equals("deadline-ms")
          ? null : in.findFieldByName(flag.replace('-', '_'));
      if (f == null && !flag.equals("data-dir") && !flag.equals("connect") && !flag.equals("deadline-ms")) {
        return null;
      }
      if (f != null && (f.isRepeated() || !f.getName().replace('_', '-').equals(flag))) {
        return null;
      }
      if (f != null && f.getJavaType() == FieldDescriptor.JavaType.BOOLEAN) {
        String next = inline == null && i + 1 < args.length ? args[i + 1].toLowerCase(Locale.ROOT) : null;
        if ("true".equals(next) || "false".equals(next)) {
          return null; // picocli's optional boolean value: let it decide
        }
        if (inline != null && !inline.equals("true") && !inline.equals("false")) {
          return null;
        }
        b.setField(f, inline == null || inline.equals("true"));
        continue;
      }
      String v = inline;
      if (v == null) {
        if (i + 1 >= args.length) {
          return null;
        }
        v = args[++i];
      }
      try {
        if (f == null) {
          switch (flag) {
            case "data-dir" -> dataDir = Path.of(v);
            case "deadline-ms" -> deadline = Long.parseLong(v);
            default -> {
              if (!v.startsWith("unix:")) {
                return null;
              }
              socket = Path.of(v.substring(5));
            }
          }
          continue;
        }
        if (f == nameField && nameGiven) {
          return null;
        }
        switch (f.getJavaType()) {
          case STRING -> b.setField(f, v);
          case INT -> b.setField(f, Integer.parseInt(v));
          case LONG -> b.setField(f, Long.parseLong(v));
          case FLOAT -> b.setField(f, (float) Double.parseDouble(v));
          case DOUBLE -> b.setField(f, Double.parseDouble(v));
          default -> {
            return null; // enums, bytes, messages: the full CLI's conversions
          }
        }
        if (f == nameField) {
          nameGiven = true;
        }
      } catch (RuntimeException e) {
        return null; // not a number, not a path: the full CLI says what is wrong
      }
    }
    return new Parsed(method, b.build(), json, dataDir, socket, deadline);
  }

  /** The RPC a subcommand name or alias stands for, or null. */
  static MethodDescriptor method(String command) {
    ServiceDescriptor service = SymdexProto.getDescriptor().findServiceByName("SymdexService");
    for (MethodDescriptor m : service.getMethods()) {
      if (SymdexCli.kebab(m.getName()).equals(command)) {
        return m;
      }
      for (String alias : SymdexCli.ALIASES.getOrDefault(m.getName(), new String[0])) {
        if (alias.equals(command)) {
          return m;
        }
      }
    }
    return null;
  }
}
