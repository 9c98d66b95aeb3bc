package dev.symdex.engine.query.explore;

import dev.symdex.engine.model.FileState;
import dev.symdex.engine.model.FileStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Reads a small project file (a manifest, a source file to confirm an entry point) from disk,
 * untrusted: only regular files under the root, at most {@link #MAX_BYTES}, UTF-8 text without NUL.
 * Never throws: a file that cannot be read gives a reason instead.
 */
final class ManifestSource {
  /** Larger files are not read. */
  static final long MAX_BYTES = 1 << 20;

  /** The text of a file, or why there is none (then {@code text} is empty). */
  record Read(String text, String skipped) {
    boolean ok() {
      return skipped.isEmpty();
    }
  }

  private final Path root;

  ManifestSource(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** Reads {@code path} (relative to the root, as indexed with {@code state}). */
  Read read(String path, FileState state) {
    if (state.status() == FileStatus.BINARY) {
      return skipped("binary content");
    }
    Path file = root.resolve(path).normalize();
    if (!file.startsWith(root)) {
      return skipped("outside the project root");
    }
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return skipped(NOT_REGULAR);
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        return skipped("too large: " + size + " bytes (cap " + MAX_BYTES + ")");
      }
      byte[] bytes = Files.readAllBytes(file);
      for (byte b : bytes) {
        if (b == 0) {
          return skipped("binary content");
        }
      }
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      return new Read(text.startsWith("\uFEFF") ? text.substring(1) : text, "");
    } catch (CharacterCodingException e) {
      return skipped("not UTF-8 text");
    } catch (IOException | SecurityException e) {
      return skipped(UNREADABLE + e.getClass().getSimpleName());
    }
  }

  /**
   * True when {@code skipped} (a {@link Read#skipped} reason) may not hold for the same content
   * later: the file could not be read, or was not a regular file when tried. The other reasons
   * (binary, too large, not UTF-8) are the content's own.
   */
  static boolean transientFailure(String skipped) {
    return skipped.startsWith(UNREADABLE) || skipped.equals(NOT_REGULAR);
  }

  private static final String UNREADABLE = "unreadable: ";
  private static final String NOT_REGULAR = "not a regular file";

  private static Read skipped(String why) {
    return new Read("", why);
  }

  /** 1-based line of the first occurrence of {@code needle} in {@code text}, 1 when absent. */
  static int lineOf(String text, String needle) {
    int at = text.indexOf(needle);
    return at < 0 ? 1 : lineAt(text, at);
  }

  /** 1-based line of the character at {@code offset} in {@code text}. */
  static int lineAt(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
