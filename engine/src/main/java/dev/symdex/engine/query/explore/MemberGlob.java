package dev.symdex.engine.query.explore;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Workspace member patterns (npm and pnpm workspaces, Cargo members, Maven modules, go.work uses)
 * resolved against the project's directories: a member is a directory relative to the workspace's
 * own, or a glob of them ({@code *} one path segment, {@code **} any number, {@code ?} one
 * character). Directories are relative to the project root, {@code ""} for the root itself.
 */
final class MemberGlob {
  private MemberGlob() {}

  /**
   * {@code member} (relative to directory {@code base}) as a directory relative to the root:
   * {@code ./} and {@code ..} resolved, no {@code /} behind; empty when it leaves the root.
   */
  static Optional<String> join(String base, String member) {
    Deque<String> parts = new ArrayDeque<>();
    String whole = (base.isEmpty() ? "" : base + "/") + member.replace('\\', '/');
    for (String seg : whole.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (parts.isEmpty()) {
          return Optional.empty();
        }
        parts.removeLast();
      } else {
        parts.addLast(seg);
      }
    }
    return Optional.of(String.join("/", parts));
  }

  /** The directories of {@code candidates} that {@code member} (relative to {@code base}) names, in their order. */
  static List<String> match(String base, String member, Collection<String> candidates) {
    Optional<String> joined = join(base, member);
    if (joined.isEmpty()) {
      return List.of();
    }
    String glob = joined.get();
    if (!glob.contains("*") && !glob.contains("?")) {
      return candidates.stream().filter(glob::equals).toList();
    }
    Pattern p = Pattern.compile(regex(glob));
    return candidates.stream().filter(c -> p.matcher(c).matches()).toList();
  }

  private static String regex(String glob) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        boolean slash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
        b.append(slash ? "(?:.*/)?" : ".*");
        i += slash ? 2 : 1;
      } else if (c == '*') {
        b.append("[^/]*");
      } else if (c == '?') {
        b.append("[^/]");
      } else {
        b.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return b.toString();
  }
}
