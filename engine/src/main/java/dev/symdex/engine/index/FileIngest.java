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
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
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
  sealed interface Outcome permits Indexed, Skipped, Vanished, Deferred {
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

  /**
   * The file could not be read for a passing reason (too many open files, no memory, an I/O
   * error): what the index holds for it stays, and it is read again later. Never recorded.
   */
  record Deferred(String path, String reason, boolean exhausted) implements Outcome {}

  private final Path root;
  private final EngineOptions options;
  private final FactExtractor extractor;
  private final DiskAccess.Reader reader;

  FileIngest(Path root, EngineOptions options, FactExtractor extractor, DiskAccess.Reader reader) {
    this.root = root;
    this.options = options;
    this.extractor = extractor;
    this.reader = reader;
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
      content = reader.read(root.resolve(path), options.maxFileBytes());
    } catch (NoSuchFileException e) {
      return new Vanished(path);
    } catch (AccessDeniedException e) {
      return new Skipped(path, stat, racy, FileStatus.UNREADABLE, "permission denied");
    } catch (IOException e) {
      return readFailed(path, stat, racy, e);
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
    if (unchanged) {
      // The same bytes under the same options: what was found of them holds (minified, generated,
      // large, invalid UTF-8, flattened), so none of it is looked for again (a tree whose stats all
      // moved, e.g. a second clone started from a copy of the first one's index, is read at the
      // speed of hashing).
      return new Indexed(path, stat, racy, hash, language.get(), null, old.status() == FileStatus.INDEXED_LOSSY, old.status(), "");
    }
    if (Content.isMinifiable(language.get()) && Content.isMinified(content)) {
      return new Skipped(path, stat, racy, FileStatus.MINIFIED, "very long lines");
    }
    FileStatus partial = content.length > options.fullFactsMaxBytes() ? FileStatus.INDEXED_DEFINITIONS_ONLY
        : Content.isGenerated(language.get(), content) ? FileStatus.GENERATED : null;
    if (factsStored.test(hash)) {
      // Equal content found stored under another path is not parsed again, so a flattening there
      // is not seen here.
      boolean lossy = !isValidUtf8(content);
      return new Indexed(path, stat, racy, hash, language.get(), null, lossy, status(partial, lossy, ""), "");
    }
    Extraction x = partial != null ? extractor.extractDefinitions(language.get(), content) : extractor.extract(language.get(), content);
    if (x.facts().isEmpty()) {
      return new Skipped(path, stat, racy, x.overBudget() ? FileStatus.OVER_BUDGET : FileStatus.PARSE_FAILED, x.failure());
    }
    return new Indexed(path, stat, racy, hash, language.get(), x.facts().get(), x.lossy(), status(partial, x.lossy(), x.partial()),
        x.partial());
  }

  /**
   * A read that failed otherwise than by permission or absence. When the path is no longer a
   * regular file (it became a directory, or a link: EISDIR, ELOOP) that is what it is, and it is
   * recorded as unreadable. Anything else (EMFILE, ENFILE, ENOMEM, EIO, ...) passes: the file is
   * deferred, never recorded as unreadable for good.
   */
  private Outcome readFailed(String path, FileStat stat, boolean racy, IOException e) {
    String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : String.valueOf(e.getMessage());
    try {
      BasicFileAttributes now = Files.readAttributes(root.resolve(path), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!now.isRegularFile()) {
        return new Skipped(path, stat, racy, FileStatus.UNREADABLE, reason);
      }
    } catch (NoSuchFileException gone) {
      return new Vanished(path);
    } catch (IOException statFailed) {
      // cannot tell either: treat the failure as passing
    }
    return new Deferred(path, reason, isExhaustion(reason));
  }

  /** True when an I/O error's reason says a resource ran out (EMFILE, ENFILE, ENOMEM, ENOSPC, EDQUOT, ENOBUFS). */
  static boolean isExhaustion(String reason) {
    String r = reason.toLowerCase(Locale.ROOT);
    return r.contains("too many open files") || r.contains("cannot allocate memory") || r.contains("no space left")
        || r.contains("quota exceeded") || r.contains("no buffer space");
  }

  private static FileStatus status(FileStatus partial, boolean lossy, String incomplete) {
    return partial != null ? partial : !incomplete.isEmpty() ? FileStatus.NESTING_FLATTENED : lossy ? FileStatus.INDEXED_LOSSY : FileStatus.INDEXED;
  }

  static boolean isRacy(FileStat stat) {
    long now = System.currentTimeMillis() * 1_000_000L;
    return now - stat.mtimeNanos() < RACY_NANOS;
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
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
