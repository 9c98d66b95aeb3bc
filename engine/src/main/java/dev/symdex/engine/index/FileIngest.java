package dev.symdex.engine.index;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.extract.Extraction;
import dev.symdex.engine.extract.FactExtractor;
import dev.symdex.engine.model.ContentHash;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.FileStat;
import dev.symdex.engine.model.FileState;
import dev.symdex.engine.model.FileStatus;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.scan.ScannedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;
import net.openhft.hashing.LongHashFunction;

/**
 * Reads, classifies, hashes and (when needed) parses one file. Runs on worker threads; touches no
 * store state except through the {@code factsStored} predicate. Thread-safe.
 */
final class FileIngest {
  /** Content within this much of "now" may still change without changing its mtime (racy git). */
  static final long RACY_NANOS = 2_000_000_000L;

  private static final int SNIFF_BYTES = 8192;
  private static final LongHashFunction XXH3 = LongHashFunction.xx3();

  /** The result for one file. */
  sealed interface Outcome permits Indexed, Skipped, Vanished {
    String path();
  }

  /**
   * Content to index. {@code facts} is null when facts for {@code hash} are already stored (or
   * the content did not change), so nothing was parsed. {@code detail} says what a partial status
   * left out (empty when none, or when nothing was parsed).
   */
  record Indexed(String path, FileStat stat, boolean racy, ContentHash hash, Language language, FileFacts facts, boolean lossy,
      FileStatus status, String detail) implements Outcome {}

  /** A file kept out of the index, with why. */
  record Skipped(String path, FileStat stat, boolean racy, FileStatus status, String detail) implements Outcome {}

  /** The file disappeared before it could be read. */
  record Vanished(String path) implements Outcome {}

  private final Path root;
  private final EngineOptions options;
  private final FactExtractor extractor;

  FileIngest(Path root, EngineOptions options, FactExtractor extractor) {
    this.root = root;
    this.options = options;
    this.extractor = extractor;
  }

  Outcome ingest(ScannedFile file, FileState old, Predicate<ContentHash> factsStored) {
    String path = file.path();
    FileStat stat = file.stat();
    boolean racy = isRacy(stat);
    if (file.symlink()) {
      return new Skipped(path, stat, racy, FileStatus.SYMLINK, "symbolic link, not followed");
    }
    if (stat.size() > options.maxFileBytes()) {
      return new Skipped(path, stat, racy, FileStatus.TOO_LARGE, stat.size() + " bytes > " + options.maxFileBytes());
    }
    byte[] content;
    try {
      content = read(root.resolve(path), options.maxFileBytes());
    } catch (NoSuchFileException e) {
      return new Vanished(path);
    } catch (AccessDeniedException e) {
      return new Skipped(path, stat, racy, FileStatus.UNREADABLE, "permission denied");
    } catch (FileSystemException e) {
      // e.g. ELOOP for a link that became a cycle, EISDIR for a path that became a directory
      return new Skipped(path, stat, racy, FileStatus.UNREADABLE, String.valueOf(e.getReason()));
    } catch (IOException e) {
      return new Skipped(path, stat, racy, FileStatus.UNREADABLE, e.getMessage());
    }
    if (content == null) {
      return new Skipped(path, stat, racy, FileStatus.TOO_LARGE, "grew past " + options.maxFileBytes() + " bytes while read");
    }
    if (looksBinary(content)) {
      return new Skipped(path, stat, racy, FileStatus.BINARY, "NUL bytes in the first " + SNIFF_BYTES + " bytes");
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    Optional<Language> language = Language.detect(name, content);
    if (language.isEmpty()) {
      return new Skipped(path, stat, racy, FileStatus.UNSUPPORTED, "");
    }
    ContentHash hash = new ContentHash(XXH3.hashBytes(content));
    boolean unchanged = old != null && old.status().isIndexed() && old.hash().equals(Optional.of(hash)) && old.language().equals(language);
    if (Content.isMinifiable(language.get()) && Content.isMinified(content)) {
      return new Skipped(path, stat, racy, FileStatus.MINIFIED, "very long lines");
    }
    FileStatus partial = content.length > options.fullFactsMaxBytes() ? FileStatus.INDEXED_DEFINITIONS_ONLY
        : Content.isGenerated(content) ? FileStatus.GENERATED : null;
    if (unchanged || factsStored.test(hash)) {
      boolean lossy = unchanged ? old.status() == FileStatus.INDEXED_LOSSY : !isValidUtf8(content);
      // Unchanged content keeps its status (its issue row keeps its detail). Equal content found
      // stored under another path is not parsed again, so a flattening there is not seen here.
      FileStatus s = unchanged && old.status() == FileStatus.NESTING_FLATTENED && partial == null ? old.status() : status(partial, lossy, "");
      return new Indexed(path, stat, racy, hash, language.get(), null, lossy, s, "");
    }
    Extraction x = partial != null ? extractor.extractDefinitions(language.get(), content) : extractor.extract(language.get(), content);
    if (x.facts().isEmpty()) {
      return new Skipped(path, stat, racy, x.overBudget() ? FileStatus.OVER_BUDGET : FileStatus.PARSE_FAILED, x.failure());
    }
    return new Indexed(path, stat, racy, hash, language.get(), x.facts().get(), x.lossy(), status(partial, x.lossy(), x.partial()),
        x.partial());
  }

  private static FileStatus status(FileStatus partial, boolean lossy, String incomplete) {
    return partial != null ? partial : !incomplete.isEmpty() ? FileStatus.NESTING_FLATTENED : lossy ? FileStatus.INDEXED_LOSSY : FileStatus.INDEXED;
  }

  static boolean isRacy(FileStat stat) {
    long now = System.currentTimeMillis() * 1_000_000L;
    return now - stat.mtimeNanos() < RACY_NANOS;
  }

  /** Whole content, or null when the file holds more than {@code max} bytes (it may grow while read). */
  private static byte[] read(Path file, long max) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = ch.size();
      if (size > max) {
        return null;
      }
      byte[] buf = new byte[(int) Math.min(max + 1, size + 1)];
      int len = 0;
      while (true) {
        if (len == buf.length) {
          if (len > max) {
            return null;
          }
          buf = Arrays.copyOf(buf, (int) Math.min(max + 1, (long) buf.length * 2));
        }
        int n = ch.read(ByteBuffer.wrap(buf, len, buf.length - len));
        if (n < 0) {
          break;
        }
        len += n;
      }
      return len > max ? null : Arrays.copyOf(buf, len);
    }
  }

  private static boolean looksBinary(byte[] content) {
    int n = Math.min(content.length, SNIFF_BYTES);
    for (int i = 0; i < n; i++) {
      if (content[i] == 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean isValidUtf8(byte[] content) {
    try {
      java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }
}
