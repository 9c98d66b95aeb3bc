package dev.symdex.engine.model;

import java.util.HexFormat;

/**
 * The xxh3-64 hash of a file's bytes. Facts are keyed by it.
 *
 * @param value the 64-bit hash
 */
public record ContentHash(long value) {
  @Override
  public String toString() {
    return HexFormat.of().toHexDigits(value);
  }
}
