package dev.symdex.engine;

/**
 * Options of an index. Those that change what is stored are hashed into the index's meta ({@link
 * #outputHash()}); a mismatch on open means the stored facts are rebuilt.
 *
 * @param fullFactsMaxBytes files larger than this are parsed for definitions and imports only
 * @param maxFileBytes files larger than this are skipped as too large ({@code >= fullFactsMaxBytes})
 * @param parseBudgetMillis parsing one file is abandoned after this long
 * @param errorRecovery whether extraction recovers what a syntax error swallowed (always, but to
 *     measure what recovery adds: {@code bench/quality})
 */
public record EngineOptions(long fullFactsMaxBytes, long maxFileBytes, long parseBudgetMillis, boolean errorRecovery) {
  public static final EngineOptions DEFAULTS = new EngineOptions(1 << 20, 16 << 20, 10_000);

  /** Options with error recovery on. */
  public EngineOptions(long fullFactsMaxBytes, long maxFileBytes, long parseBudgetMillis) {
    this(fullFactsMaxBytes, maxFileBytes, parseBudgetMillis, true);
  }

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
    return new EngineOptions(Math.min(fullFactsMaxBytes, bytes), bytes, parseBudgetMillis, errorRecovery);
  }

  /** These options with error recovery on or off. */
  public EngineOptions withErrorRecovery(boolean on) {
    return new EngineOptions(fullFactsMaxBytes, maxFileBytes, parseBudgetMillis, on);
  }

  /** Hash of the options that change stored output. */
  public long outputHash() {
    long h = (fullFactsMaxBytes * 31 + maxFileBytes) * 31 + dev.symdex.engine.extract.FactExtractor.VERSION;
    return errorRecovery ? h : h * 31 + 1;
  }
}
