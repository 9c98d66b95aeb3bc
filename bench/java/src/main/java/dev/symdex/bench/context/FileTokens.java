package dev.symdex.bench.context;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Tokens of whole files as an agent would read them: {@code o200k_base} (jtokkit), special-token
 * text counted as ordinary text, the file decoded as UTF-8 (malformed bytes replaced). Cached by
 * path and content, so a file unchanged across tasks is counted once. One thread.
 */
public final class FileTokens {
  private record Key(String path, String content) {}

  private final Encoding encoding = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  private final Map<Key, Integer> cache = new HashMap<>();
  private final Path root;

  public FileTokens(Path root) {
    this.root = root;
  }

  /** Tokens of text. */
  public int count(String text) {
    return encoding.countTokensOrdinary(text);
  }

  /** Tokens of the file at {@code path} in the working tree as it is now; 0 for a missing file. */
  public int ofFile(String path) throws IOException {
    String text;
    try {
      text = new String(Files.readAllBytes(root.resolve(path)), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return 0;
    }
    return cache.computeIfAbsent(new Key(path, text), k -> count(k.content()));
  }
}
