package dev.symdex.engine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fuzzy tiers: exact, case-insensitive, prefix, camel humps, substring, subsequence. */
class NameMatchTest {
  private static int tier(String pattern, String name) {
    NameMatch m = new NameMatch(pattern);
    int t = m.tier(name);
    if (t != NameMatch.NO_MATCH) {
      assertTrue(m.mayMatch(name.getBytes(StandardCharsets.UTF_8)), "the prefilter never drops a match: " + pattern + " " + name);
    }
    return t;
  }

  @Test
  void camelHumpsMatchFromTheFirstHumpBeforeLaterOnes() {
    for (String p : List.of("gSN", "getSN", "get_s_n", "gSymN", "getSymN")) {
      assertEquals(3, tier(p, "getSymbolName"), p);
    }
    assertEquals(3, tier("gSN", "get_symbol_name"));
    assertEquals(3, tier("gSN", "getSN"), "every capital starts a hump");
    assertEquals(3, tier("HS", "HTTPServer"));
    assertEquals(3, tier("HtS", "HTTPServer"));
    assertEquals(2, tier("HttpS", "HTTPServer"), "a prefix ignoring case");
    assertEquals(4, tier("SN", "getSymbolName"));
    assertEquals(4, tier("N", "getSymbolName"));
    assertEquals(NameMatch.NO_MATCH, tier("gNS", "getSymbolName"), "humps in order");
  }

  @Test
  void tiersRankExactCaseAndPrefixAboveHumpsAndLettersLast() {
    assertEquals(0, tier("getSymbolName", "getSymbolName"));
    assertEquals(1, tier("getsymbolname", "getSymbolName"));
    assertEquals(2, tier("getsym", "getSymbolName"));
    assertEquals(2, tier("getSymbolN", "getSymbolName"), "a prefix ranks above humps");
    assertEquals(5, tier("mbolna", "getSymbolName"));
    assertEquals(6, tier("gsn", "getSymbolName"));
    assertEquals(6, tier("gtsyme", "getSymbolName"));
    assertEquals(NameMatch.NO_MATCH, tier("gsx", "getSymbolName"));
    assertEquals(NameMatch.NO_MATCH, tier("nameget", "getSymbolName"));
  }

  @Test
  void thePrefilterRejectsOnTheBytes() {
    NameMatch m = new NameMatch("gSN");
    assertTrue(m.mayMatch("xgysn".getBytes(StandardCharsets.UTF_8)));
    assertFalse(m.mayMatch("nsg".getBytes(StandardCharsets.UTF_8)));
    assertFalse(m.mayMatch("getSymbol".getBytes(StandardCharsets.UTF_8)));
  }
}
