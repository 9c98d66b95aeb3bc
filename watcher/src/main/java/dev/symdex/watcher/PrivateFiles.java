package dev.symdex.watcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Files only their owner may read. Everything the daemon creates in its data dir is created with
 * explicit permissions — files 0600, directories 0700 — never the umask's; {@link #tighten}
 * makes private again what an earlier symdex left open, and {@link #exposed} says what others
 * could still read. Stateless; safe from any thread.
 *
 * <p>The data dir itself is never changed: it may be a directory the user made (and its mode
 * theirs to choose), so a data dir other users can enter is warned about, not fixed. What is
 * inside it is symdex's own (its marker file says so), and is fixed, with a log line each.
 */
final class PrivateFiles {
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  /** Lines {@link #exposed} returns at most. */
  static final int MAX_EXPOSED = 10;
  /** How deep {@link #tighten} and {@link #exposed} look: {@code index/NAME/data.mdb} is at depth 3. */
  private static final int DEPTH = 4;

  private PrivateFiles() {}

  static FileAttribute<Set<PosixFilePermission>> fileMode() {
    return PosixFilePermissions.asFileAttribute(FILE);
  }

  static FileAttribute<Set<PosixFilePermission>> dirMode() {
    return PosixFilePermissions.asFileAttribute(DIR);
  }

  /** Creates {@code dir} and its missing parents, each mode 0700; existing ones are left as they are. */
  static Path createDirectories(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, dirMode());
    }
    return dir;
  }

  /** Opens {@code file}, creating it with mode 0600 when absent. */
  static FileChannel open(Path file, OpenOption... options) throws IOException {
    Set<OpenOption> set = new HashSet<>(List.of(options));
    set.add(StandardOpenOption.CREATE);
    return FileChannel.open(file, set, fileMode());
  }

  /**
   * Replaces {@code file} with {@code text}, whole or not at all: a fresh temp file (mode 0600)
   * beside it, forced to disk when {@code sync}, then renamed over it.
   */
  static void write(Path file, String text, boolean sync) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp); // a leftover of a crash, perhaps with a wider mode
    try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), fileMode())) {
      ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        ch.write(b);
      }
      if (sync) {
        ch.force(true);
      }
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Takes the group and other permissions off everything inside {@code dataDir} (not the data dir
   * itself, not through symbolic links).
   *
   * @return one line per entry changed, for the log
   */
  static List<String> tighten(Path dataDir) throws IOException {
    List<String> changed = new ArrayList<>();
    walk(dataDir, (p, perms) -> {
      Set<PosixFilePermission> owner = EnumSet.noneOf(PosixFilePermission.class);
      for (PosixFilePermission x : perms) {
        if (x.name().startsWith("OWNER_")) {
          owner.add(x);
        }
      }
      try {
        Files.setPosixFilePermissions(p, owner);
        changed.add("made " + p + " private (was " + PosixFilePermissions.toString(perms) + ")");
      } catch (IOException | SecurityException e) {
        changed.add("could not make " + p + " private (" + PosixFilePermissions.toString(perms) + "): " + e.getMessage());
      }
    });
    return changed;
  }

  /**
   * What in {@code dataDir} other users may read, list or write into: the data dir itself and
   * anything in it with a group or other permission; at most {@link #MAX_EXPOSED} lines, and
   * empty where the file system has no POSIX permissions.
   */
  static List<String> exposed(Path dataDir) {
    List<String> lines = new ArrayList<>();
    try {
      Set<PosixFilePermission> top = Files.getPosixFilePermissions(dataDir);
      if (open(top)) {
        lines.add("the data dir " + dataDir + " is " + PosixFilePermissions.toString(top)
            + ": other users can list it (symdex leaves its mode to you; chmod 700 " + dataDir + " to close it)");
      }
      int[] more = {0};
      walk(dataDir, (p, perms) -> {
        if (lines.size() < MAX_EXPOSED) {
          lines.add(p + " is " + PosixFilePermissions.toString(perms) + ": other users may read it (chmod go= " + p + ")");
        } else {
          more[0]++;
        }
      });
      if (more[0] > 0) {
        lines.add("and " + more[0] + " more entries of " + dataDir + " other users may read");
      }
    } catch (IOException | UnsupportedOperationException e) {
      return List.of();
    }
    return List.copyOf(lines);
  }

  private static boolean open(Set<PosixFilePermission> perms) {
    for (PosixFilePermission p : perms) {
      if (!p.name().startsWith("OWNER_")) {
        return true;
      }
    }
    return false;
  }

  private interface Visitor {
    void openEntry(Path p, Set<PosixFilePermission> perms);
  }

  /** Calls {@code v} for each entry below {@code dataDir} (not symbolic links) that has a group or other permission. */
  private static void walk(Path dataDir, Visitor v) throws IOException {
    Files.walkFileTree(dataDir, EnumSet.noneOf(FileVisitOption.class), DEPTH, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (!dir.equals(dataDir)) {
          check(dir, attrs);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        check(file, attrs);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE; // vanished meanwhile, or not ours to read
      }

      private void check(Path p, BasicFileAttributes attrs) throws IOException {
        if (attrs.isSymbolicLink()) {
          return;
        }
        Set<PosixFilePermission> perms;
        try {
          perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          return;
        }
        if (open(perms)) {
          v.openEntry(p, perms);
        }
      }
    });
  }
}
