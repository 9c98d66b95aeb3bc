package dev.symdex.engine.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The stat of git's HEAD, index, packed refs and the ref HEAD names, as read at one moment: two
 * fingerprints differ when any of those files changed (by size, modification time or inode). A
 * value; cheap to take (a few stats, one small read).
 *
 * @param files the stat of each file, in a fixed order (an absent file has its own value)
 * @param headRef the stat of the ref HEAD names; {@link Stat#ABSENT} when HEAD is detached or unreadable
 */
public record GitFingerprint(List<Stat> files, Stat headRef) {
  /** Size, modification time in nanoseconds and file key of one file, or {@link #ABSENT}. */
  public record Stat(long size, long modifiedNanos, String fileKey) {
    public static final Stat ABSENT = new Stat(-1, -1, "absent");
  }

  /** The fingerprint of nothing: what an engine has seen before it first reads git. */
  public static final GitFingerprint NONE = new GitFingerprint(List.of(), Stat.ABSENT);

  public GitFingerprint {
    files = List.copyOf(files);
  }

  /** Reads the fingerprint of the git directory {@code dotGit} now. */
  public static GitFingerprint of(Path dotGit) {
    List<Stat> files = new ArrayList<>(3);
    for (String name : new String[] {"HEAD", "index", "packed-refs"}) {
      files.add(stat(dotGit.resolve(name)));
    }
    Stat headRef = Stat.ABSENT;
    try {
      String head = Files.readString(dotGit.resolve("HEAD"), StandardCharsets.UTF_8).trim();
      if (head.startsWith("ref: ")) {
        headRef = stat(dotGit.resolve(head.substring(5)));
      }
    } catch (IOException e) {
      headRef = new Stat(-1, -1, "no HEAD");
    }
    return new GitFingerprint(files, headRef);
  }

  private static Stat stat(Path p) {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return new Stat(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), String.valueOf(a.fileKey()));
    } catch (IOException e) {
      return Stat.ABSENT;
    }
  }
}
