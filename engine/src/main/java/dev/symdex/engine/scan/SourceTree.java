package dev.symdex.engine.scan;

import dev.symdex.engine.model.FileStat;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

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
        return ignored ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
          String rel = relative(file);
          if (!rules.isIgnoredHere(rel, false)) {
            out.add(new ScannedFile(rel, attrs.isSymbolicLink(), stat(attrs)));
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
      BasicFileAttributes attrs = Files.readAttributes(root.resolve(relPath), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attrs.isRegularFile() && !attrs.isSymbolicLink()) {
        return Optional.empty();
      }
      return Optional.of(new ScannedFile(relPath, attrs.isSymbolicLink(), stat(attrs)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
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
