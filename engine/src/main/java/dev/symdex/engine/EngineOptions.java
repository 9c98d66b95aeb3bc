package dev.symdex.engine;

import dev.symdex.engine.extract.FactExtractor;

/**
 * Options of an index. Those that change what is stored are hashed into the index's meta ({@link
 * #outputHash()}); a mismatch on open means the stored facts are rebuilt.
 *
 * @param fullFactsMaxBytes files larger than this are parsed for definitions and imports only
 * @param maxFileBytes files larger than this are skipped as too large ({@code >= fullFactsMaxBytes})
 * @param parseBudgetMillis extracting one file (parsing, querying, collecting its facts) is abandoned
 *     after this long; the file is skipped as parse-failed
 * @param factsBudgetBytes extracting one file is abandoned when its facts would take more than this
 *     (names, dotted containers, references, calls, imports, as the engine holds them); the file is
 *     skipped as over-budget
 * @param errorRecovery whether extraction recovers what a syntax error swallowed (always, but to
 *     measure what recovery adds: {@code bench/quality})
 */
public record EngineOptions(long fullFactsMaxBytes, long maxFileBytes, long parseBudgetMillis, long factsBudgetBytes,
    boolean errorRecovery) {
  public static final EngineOptions DEFAULTS = new EngineOptions(2 << 20, 16 << 20, 10_000, FactExtractor.DEFAULT_FACTS_BUDGET_BYTES);

  /** Options with error recovery on. */
  public EngineOptions(long fullFactsMaxBytes, long maxFileBytes, long parseBudgetMillis, long factsBudgetBytes) {
    this(fullFactsMaxBytes, maxFileBytes, parseBudgetMillis, factsBudgetBytes, true);
  }

  /** Options with the default facts budget and error recovery on. */
  public EngineOptions(long fullFactsMaxBytes, long maxFileBytes, long parseBudgetMillis) {
    this(fullFactsMaxBytes, maxFileBytes, parseBudgetMillis, FactExtractor.DEFAULT_FACTS_BUDGET_BYTES);
  }

  public EngineOptions {
    if (fullFactsMaxBytes < 1 || maxFileBytes < 1 || parseBudgetMillis < 1 || factsBudgetBytes < 1) {
      throw new IllegalArgumentException("options must be positive");
    }
    if (fullFactsMaxBytes > maxFileBytes) {
      throw new IllegalArgumentException("fullFactsMaxBytes > maxFileBytes");
    }
  }

  /** These options with another skip limit (the full-facts limit is lowered to it when above). */
  public EngineOptions withMaxFileBytes(long bytes) {
    return new EngineOptions(Math.min(fullFactsMaxBytes, bytes), bytes, parseBudgetMillis, factsBudgetBytes, errorRecovery);
  }

  /** These options with another per-file facts budget. */
  public EngineOptions withFactsBudgetBytes(long bytes) {
    return new EngineOptions(fullFactsMaxBytes, maxFileBytes, parseBudgetMillis, bytes, errorRecovery);
  }

  /** These options with error recovery on or off. */
  public EngineOptions withErrorRecovery(boolean on) {
    return new EngineOptions(fullFactsMaxBytes, maxFileBytes, parseBudgetMillis, factsBudgetBytes, on);
  }

  /** Hash of the options that change stored output. */
  public long outputHash() {
    long h = ((fullFactsMaxBytes * 31 + maxFileBytes) * 31 + factsBudgetBytes) * 31 + FactExtractor.VERSION;
    return errorRecovery ? h : h * 31 + 1;
  }
}
