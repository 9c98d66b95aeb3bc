package dev.symdex.engine.query;

import java.util.List;

/**
 * Rows of a query in (path, line) order, and whether more existed than the limit allowed.
 *
 * @param hits at most the requested limit
 * @param truncated true when rows were left out
 */
public record QueryResult(List<Hit> hits, boolean truncated) {
  public QueryResult {
    hits = List.copyOf(hits);
  }
}
