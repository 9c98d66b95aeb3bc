package dev.symdex.engine.query;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.model.ContentHash;
import dev.symdex.engine.model.FileState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import net.openhft.hashing.LongHashFunction;

/**
 * The source text of indexed lines. The index keeps facts, not text, so a line is read from the
 * file in the project's working tree; it is given only when the file's bytes still hash to the
 * content hash the snapshot recorded for it, so a file edited (or removed) since it was indexed
 * gives no line rather than a wrong one. Each file is read once per instance. Not thread-safe: one
 * request's use.
 */
public final class SourceLines {
  /** Longest line text given, in characters; longer lines are cut. */
  public static final int MAX_CHARS = 200;
  /** Files larger than this are not read (the index parses none larger by default). */
  static final long MAX_FILE_BYTES = 16L << 20;

  private static final LongHashFunction XXH3 = LongHashFunction.xx3();

  private final IndexSnapshot snapshot;
  private final Path root;
  private final Map<String, Optional<byte[]>> files = new HashMap<>();

  /** Lines of the files of {@code snapshot}, read under {@code root} (the project's root). */
  public SourceLines(IndexSnapshot snapshot, Path root) {
    this.snapshot = snapshot;
    this.root = root;
  }

  /**
   * Line {@code line} (1-based) of {@code path}, trimmed and cut to {@value #MAX_CHARS}
   * characters; empty when the file on disk is not the content indexed (edited, removed,
   * unreadable, not a regular file) or has no such line.
   */
  public Optional<String> line(String path, int line) throws SymdexException.CorruptIndex {
    Optional<byte[]> bytes = files.get(path);
    if (bytes == null) {
      bytes = read(path);
      files.put(path, bytes);
    }
    return bytes.flatMap(b -> lineOf(b, line));
  }

  /** The bytes of {@code path} when they hash to what the snapshot recorded. */
  private Optional<byte[]> read(String path) throws SymdexException.CorruptIndex {
    Optional<ContentHash> indexed = snapshot.file(path).flatMap(FileState::hash);
    if (indexed.isEmpty()) {
      return Optional.empty();
    }
    Path file = root.resolve(path);
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_FILE_BYTES) {
        return Optional.empty();
      }
      byte[] content;
      try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        content = in.readNBytes((int) MAX_FILE_BYTES + 1);
      }
      if (content.length > MAX_FILE_BYTES || XXH3.hashBytes(content) != indexed.get().value()) {
        return Optional.empty();
      }
      return Optional.of(content);
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** Line {@code line} of {@code content} ('\n' ends a line; a '\r' before it is dropped), trimmed and cut. */
  static Optional<String> lineOf(byte[] content, int line) {
    if (line < 1) {
      return Optional.empty();
    }
    int start = 0;
    for (int n = 1; n < line; n++) {
      int nl = indexOf(content, start);
      if (nl < 0) {
        return Optional.empty();
      }
      start = nl + 1;
    }
    if (start > content.length || (start == content.length && line > 1)) {
      return Optional.empty();
    }
    int end = indexOf(content, start);
    end = end < 0 ? content.length : end;
    if (end > start && content[end - 1] == '\r') {
      end--;
    }
    String text = new String(content, start, end - start, StandardCharsets.UTF_8).strip();
    if (text.length() > MAX_CHARS) {
      int cut = Character.isLowSurrogate(text.charAt(MAX_CHARS)) ? MAX_CHARS - 1 : MAX_CHARS;
      text = text.substring(0, cut);
    }
    return Optional.of(text);
  }

  private static int indexOf(byte[] content, int from) {
    for (int i = from; i < content.length; i++) {
      if (content[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
