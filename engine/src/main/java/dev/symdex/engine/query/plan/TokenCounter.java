package dev.symdex.engine.query.plan;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts tokens as a model would see them: OpenAI's {@code o200k_base} byte-pair encoding (jtokkit),
 * the same for every caller. Text that looks like a special token ({@code <|endoftext|>}) is
 * counted as ordinary text, as it would be when pasted into a prompt. One encoding, loaded on first
 * use; thread-safe.
 */
public final class TokenCounter {
  private static final class Holder {
    static final TokenCounter O200K = new TokenCounter(Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE));
  }

  private final Encoding encoding;

  private TokenCounter(Encoding encoding) {
    this.encoding = encoding;
  }

  /** The shared {@code o200k_base} counter. */
  public static TokenCounter o200k() {
    return Holder.O200K;
  }

  /** The number of tokens of {@code text} (0 for the empty string). */
  public int count(String text) {
    return text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
  }

  /**
   * The number of tokens of {@code text} when it is at most {@code limit}; otherwise some number
   * above {@code limit}, found without encoding the rest of the text (cheap for a long text and a
   * small limit).
   */
  public int countUpTo(String text, int limit) {
    if (text.isEmpty()) {
      return 0;
    }
    EncodingResult r = encoding.encodeOrdinary(text, limit);
    return r.isTruncated() ? limit + 1 : r.getTokens().size();
  }

  /** The encoding's name, {@code o200k_base}. */
  public String encodingName() {
    return encoding.getName();
  }
}
