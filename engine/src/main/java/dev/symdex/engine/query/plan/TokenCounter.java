package dev.symdex.engine.query.plan;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import net.openhft.hashing.LongHashFunction;

/**
 * Counts tokens as a model would see them: OpenAI's {@code o200k_base} byte-pair encoding (jtokkit),
 * the same for every caller. Text that looks like a special token ({@code <|endoftext|>}) is
 * counted as ordinary text, as it would be when pasted into a prompt. One encoding, loaded on first
 * use; thread-safe.
 *
 * <p>Counts are remembered for the last {@value #REMEMBERED} texts, by their length and xxh3 hash
 * (a plan packs the same outlines and files request after request; encoding them is most of its
 * cost): a remembered text costs one hash of its characters.
 */
public final class TokenCounter {
  private static final class Holder {
    static final TokenCounter O200K = new TokenCounter(Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE));
  }

  /** Texts whose counts are remembered. */
  static final int REMEMBERED = 8_192;

  /**
   * What is known of one text's count: {@code exact} when {@code tokens} is its count, else that
   * it has more than {@code tokens} tokens.
   */
  private record Known(int tokens, boolean exact) {}

  private record Text(long hash, int length) {
    static Text of(String text) {
      return new Text(LongHashFunction.xx3().hashChars(text), text.length());
    }
  }

  private final Encoding encoding;
  private final Map<Text, Known> known = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Text, Known> eldest) {
      return size() > REMEMBERED;
    }
  });

  private TokenCounter(Encoding encoding) {
    this.encoding = encoding;
  }

  /** The shared {@code o200k_base} counter. */
  public static TokenCounter o200k() {
    return Holder.O200K;
  }

  /** The number of tokens of {@code text} (0 for the empty string). */
  public int count(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    Text key = Text.of(text);
    Known k = known.get(key);
    if (k != null && k.exact()) {
      return k.tokens();
    }
    int n = encoding.countTokensOrdinary(text);
    known.put(key, new Known(n, true));
    return n;
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
    Text key = Text.of(text);
    Known k = known.get(key);
    if (k != null && k.exact()) {
      return k.tokens() > limit ? limit + 1 : k.tokens();
    }
    if (k != null && k.tokens() >= limit) {
      return limit + 1; // more than k.tokens(), so more than limit
    }
    EncodingResult r = encoding.encodeOrdinary(text, limit);
    Known now = r.isTruncated() ? new Known(limit, false) : new Known(r.getTokens().size(), true);
    known.put(key, now);
    return now.exact() ? now.tokens() : limit + 1;
  }

  /** The encoding's name, {@code o200k_base}. */
  public String encodingName() {
    return encoding.getName();
  }
}
