package dev.symdex.engine.query.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TermsTest {
  @Test
  void termsSplitIdentifiersAndDropStopwords() {
    assertEquals(List.of("parse", "http", "header", "utf", "value", "200"), Terms.split("parseHTTPHeader utf8_value o200k"));
    assertEquals(List.of("fix", "parser", "src"), Terms.ofTask("Fix the parser in src/"));
  }

  @Test
  void compoundIdentifiersAreKeptWholeAndSingleWordsAreNot() {
    assertEquals(List.of("nametiers", "max_file_bytes", "parsehttpheader"),
        Terms.identifiers("NameTiers: read max_file_bytes once; parseHTTPHeader, Packer, x."));
  }

  @Test
  void formsOfAWordShareOneStem() {
    for (List<String> forms : List.of(
        List.of("resolve", "resolves", "resolved", "resolver", "resolving"),
        List.of("parse", "parser", "parses", "parsing", "parsed"),
        List.of("index", "indexes", "indexing", "indexer"),
        List.of("query", "queries"),
        List.of("stem", "stemming", "stems"),
        List.of("call", "calls", "calling", "called"))) {
      for (String form : forms) {
        assertEquals(Terms.stem(forms.get(0)), Terms.stem(form), form);
      }
    }
  }

  @Test
  void stemsStayDistinctAndNeverShort() {
    assertNotEquals(Terms.stem("class"), Terms.stem("call"));
    assertEquals("class", Terms.stem("class"));
    assertEquals("status", Terms.stem("status"));
    assertEquals("user", Terms.stem("user"), "a stem of two characters is not made");
    assertEquals("200", Terms.stem("200"));
  }
}
