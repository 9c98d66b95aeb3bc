package dev.symdex.engine;

/**
 * Options of an index. Those that change what is stored are hashed into the index's meta ({@link
 * #outputHash()}); a mismatch on open means the stored facts are rebuilt.
 *
 * @param maxFileBytes files larger than this are skipped as too large
 * @param parseBudgetMillis parsing one file is abandoned after this long
 */
public record EngineOptions(long maxFileBytes, long parseBudgetMillis) {
  public static final EngineOptions DEFAULTS = new EngineOptions(1 << 20, 5_000);

  public EngineOptions {
    if (maxFileBytes < 1 || parseBudgetMillis < 1) {
      throw new IllegalArgumentException("options must be positive");
    }
  }

  public EngineOptions withMaxFileBytes(long bytes) {
    return new EngineOptions(bytes, parseBudgetMillis);
  }

  /** Hash of the options that change stored output. */
  public long outputHash() {
    return maxFileBytes * 31 + dev.symdex.engine.extract.FactExtractor.VERSION;
  }
}
