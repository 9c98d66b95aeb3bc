package dev.symdex.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a data dir's {@code daemon.json} says of the daemon running there: its pid, the address it
 * listens on, its default project's root and, when it demands the data dir's token, the file
 * holding it. The daemon writes the
 * file (mode 0600, in its 0700 data dir) once it listens and removes it when it stops.
 *
 * @param pid the daemon's process id
 * @param address {@code unix:PATH} or {@code tcp:HOST:PORT}
 * @param tokenFile the token file, or null when the daemon names none
 * @param root the root of the daemon's default project, or null when the file names none
 */
record DaemonInfo(long pid, String address, Path tokenFile, Path root) {
  /** The file's name in a data dir. */
  static final String FILE = "daemon.json";

  private static final Pattern PID = Pattern.compile("\"pid\":(\\d+)");

  /** The daemon.json of {@code dataDir}, or empty when it is absent or unreadable. */
  static Optional<DaemonInfo> read(Path dataDir) {
    String json;
    try {
      json = Files.readString(dataDir.resolve(FILE), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    try {
      Matcher pid = PID.matcher(json);
      String address = string(json, "address");
      if (!pid.find() || address == null) {
        return Optional.empty();
      }
      String token = string(json, "token_file");
      String root = string(json, "root");
      return Optional.of(new DaemonInfo(Long.parseLong(pid.group(1)), address, token == null ? null : Path.of(token),
          root == null || !root.startsWith("/") ? null : Path.of(root).normalize()));
    } catch (RuntimeException e) { // a malformed escape, number or path: as good as no file
      return Optional.empty();
    }
  }

  /** True while the process {@link #pid} names runs. */
  boolean alive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * The token file to send to {@code address}, when this daemon serves exactly that address and
   * is alive: a token goes only to the daemon that made it, never to whatever else listens on the
   * port of a daemon that died.
   */
  Optional<Path> tokenFileFor(String address) {
    if (tokenFile == null || !this.address.equals(address) || !alive()) {
      return Optional.empty();
    }
    return Optional.of(tokenFile);
  }

  /** The value of the string field {@code key} (as the daemon's JSON writer escapes it), or null. */
  private static String string(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
    if (!m.find()) {
      return null;
    }
    String raw = m.group(1);
    StringBuilder b = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '\\' || i + 1 == raw.length()) {
        b.append(c);
        continue;
      }
      char e = raw.charAt(++i);
      switch (e) {
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (i + 4 >= raw.length()) {
            return null;
          }
          b.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> b.append(e);
      }
    }
    return b.toString();
  }
}
