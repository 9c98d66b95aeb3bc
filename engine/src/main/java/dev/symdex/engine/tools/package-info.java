/**
 * Exports of an index as tab-separated text, for the benchmarks and quality checks that read
 * symdex's facts from outside ({@code bench/quality}, {@code bench/calls}, {@code bench/load}, ...):
 * one class per export, each writing one file from an {@link dev.symdex.engine.index.IndexSnapshot}.
 *
 * <p>Every file is UTF-8, one row per line, each line ended by {@code \n}, fields separated by
 * {@code \t}, with no header. Each class's javadoc is the column contract the scripts parse:
 * change it only together with them. A file is written whole or not at all: to {@code NAME.tmp}
 * beside it, then renamed over {@code NAME} (a failure may leave the temporary file behind).
 *
 * <p>The exports read the snapshot they are given, on the caller's thread; the caller owns and
 * closes it. None of them keeps state: they are safe to call from any thread with its own snapshot.
 */
package dev.symdex.engine.tools;
