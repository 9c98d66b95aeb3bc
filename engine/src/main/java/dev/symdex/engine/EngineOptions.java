package dev.symdex.engine;

/**
 * Options of an index. Those that change what is stored are hashed into the index's meta ({@link
 * #outputHash()}); a mismatch on open means the stored facts are rebuilt.
 *
 * @param fullFactsMaxBytes files larger than this are parsed for definitions and imports only
 * @param maxFileBytes files larger than this are skipped as too large ({@code >= fullFactsMaxBytes})
 * @param parseBudgetMillis parsing one file is abandoned after this long
 */
public record EngineOptions(long fullFactsMaxBytes, long maxFileBytes, long parseBudgetMillis) {
  public static final EngineOptions DEFAULTS = new EngineOptions(2 << 20, 16 << 20, 10_000);

  public EngineOptions {
    if (fullFactsMaxBytes < 1 || maxFileBytes < 1 || parseBudgetMillis < 1) {
      throw new IllegalArgumentException("options must be positive");
    }
    if (fullFactsMaxBytes > maxFileBytes) {
      throw new IllegalArgumentException("fullFactsMaxBytes > maxFileBytes");
    }
  }

  /** These options with another skip limit (the full-facts limit is lowered to it when above). */
  public EngineOptions withMaxFileBytes(long bytes) {
    return new EngineOptions(Math.min(fullFactsMaxBytes, bytes), bytes, parseBudgetMillis);
  }

  /** Hash of the options that change stored output. */
  public long outputHash() {
    return (fullFactsMaxBytes * 31 + maxFileBytes) * 31 + dev.symdex.engine.extract.FactExtractor.VERSION;
  }
}
