package dev.symdex.engine.scan;

import dev.symdex.engine.model.FileStat;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The files of a working tree that git would not ignore. Symbolic links are reported but never
 * followed, so link cycles cannot trap a walk. Stateless apart from the root and its rules;
 * thread-safe.
 */
public final class SourceTree {
  private final Path root;
  private final IgnoreRules rules;

  public SourceTree(Path root, IgnoreRules rules) {
    this.root = root;
    this.rules = rules;
  }

  public Path root() {
    return root;
  }

  public IgnoreRules rules() {
    return rules;
  }

  /**
   * Walks the tree below {@code relDir} ({@code ""} for all of it). Directories that cannot be read
   * are reported to {@code onError} and skipped.
   */
  public List<ScannedFile> walk(String relDir, BiConsumer<String, IOException> onError) throws IOException {
    return walk(relDir, onError, bad -> {});
  }

  /**
   * {@link #walk(String, BiConsumer)}, reporting to {@code onBadName} each file or directory whose
   * name cannot be represented ({@link #representable}): it is not listed, nor is anything below
   * it, and no name of it is ever used to open a file.
   */
  public List<ScannedFile> walk(String relDir, BiConsumer<String, IOException> onError, Consumer<String> onBadName)
      throws IOException {
    List<ScannedFile> out = new ArrayList<>();
    Path start = relDir.isEmpty() ? root : root.resolve(relDir);
    if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    Files.walkFileTree(start, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (dir.equals(root)) {
          return FileVisitResult.CONTINUE;
        }
        String rel = relative(dir);
        boolean ignored = dir.equals(start) ? rules.isIgnored(rel, true) : rules.isIgnoredHere(rel, true);
        if (ignored) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        if (!representable(dir, rel)) {
          onBadName.accept(rel);
          return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
          String rel = relative(file);
          if (rules.isIgnoredHere(rel, false)) {
            return FileVisitResult.CONTINUE;
          }
          if (representable(file, rel)) {
            out.add(new ScannedFile(rel, attrs.isSymbolicLink(), stat(attrs)));
          } else {
            onBadName.accept(rel);
          }
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        if (!(e instanceof NoSuchFileException)) {
          onError.accept(relative(file), e);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return out;
  }

  /**
   * The current state of one path: empty when it does not exist, is a directory or another
   * non-file, or is ignored.
   */
  public Optional<ScannedFile> stat(String relPath) throws IOException {
    if (rules.isIgnored(relPath, false)) {
      return Optional.empty();
    }
    try {
      return asFile(relPath, Files.readAttributes(root.resolve(relPath), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * {@link #stat(String)} from attributes the caller already read (not following links), so that
   * a path is stat'ed once: empty when they are a directory's or another non-file's, or when the
   * path is ignored.
   */
  public Optional<ScannedFile> file(String relPath, BasicFileAttributes attrs) {
    return rules.isIgnored(relPath, false) ? Optional.empty() : asFile(relPath, attrs);
  }

  private static Optional<ScannedFile> asFile(String relPath, BasicFileAttributes attrs) {
    if (!attrs.isRegularFile() && !attrs.isSymbolicLink()) {
      return Optional.empty();
    }
    return Optional.of(new ScannedFile(relPath, attrs.isSymbolicLink(), stat(attrs)));
  }

  /**
   * True when the string form of a path read from the disk ({@code rel}, relative to the root)
   * names that same file again. The JVM decodes file names with its file-name encoding ({@code
   * sun.jnu.encoding}, from the locale): bytes it cannot decode become U+FFFD, and such a string
   * names another file or none (or cannot be made a path at all, under an ASCII locale).
   */
  public boolean representable(Path file, String rel) {
    if (!isLossy(rel)) {
      return true;
    }
    try {
      return root.resolve(rel).equals(file);
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** True when decoding a name may have lost bytes (it holds U+FFFD): see {@link #representable}. */
  public static boolean isLossy(String rel) {
    return rel.indexOf('\uFFFD') >= 0;
  }

  /**
   * For a lossy path (a watcher event names a file by a string that may not open it): the path
   * of the unrepresentable file or directory it stands for (its first component that does not
   * decode), when one such exists and is not ignored; empty when none does any more. Lists one
   * directory, never opens a file by a lossy name.
   */
  public Optional<String> badNameAt(String rel) throws IOException {
    String[] parts = rel.split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      if (!isLossy(parts[i])) {
        continue;
      }
      String dirRel = String.join("/", Arrays.asList(parts).subList(0, i));
      String candidate = dirRel.isEmpty() ? parts[i] : dirRel + "/" + parts[i];
      Path dir = dirRel.isEmpty() ? root : root.resolve(dirRel);
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path e : entries) {
          if (e.getFileName().toString().equals(parts[i]) && !representable(e, candidate)) {
            boolean isDir = Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS);
            return rules.isIgnored(candidate, isDir) ? Optional.empty() : Optional.of(candidate);
          }
        }
      } catch (NoSuchFileException | NotDirectoryException e) {
        // the directory is gone: so is the name
      }
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Absolute path of a relative one. */
  public Path resolve(String relPath) {
    return root.resolve(relPath);
  }

  /** Relative, '/'-separated form of a path under the root. */
  public String relative(Path p) {
    String s = root.relativize(p).toString();
    return p.getFileSystem().getSeparator().equals("/") ? s : s.replace(p.getFileSystem().getSeparator(), "/");
  }

  static FileStat stat(BasicFileAttributes attrs) {
    Object key = attrs.fileKey();
    long inode = key == null ? 0 : key.hashCode() & 0xFFFF_FFFFL;
    return new FileStat(attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), inode);
  }
}
