package dev.symdex.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The config files' JSON reader and writer. */
class JsonTest {
  @Test
  void readsAndWritesBackTheSameValueWithNumbersAsWritten() throws Exception {
    String doc = "{\"a\": [1, -2.50e+3, true, false, null], \"s\": \"q\\\"\\\\\\n\\u00e9\\u2028/\", \"o\": {}, \"l\": []}";
    Object v = Json.parse(doc);
    assertEquals(List.of("a", "s", "o", "l"), List.copyOf(((Map<?, ?>) v).keySet()), "keys in file order");
    assertEquals(new Json.Num("-2.50e+3"), ((List<?>) ((Map<?, ?>) v).get("a")).get(1));
    assertEquals("q\"\\\n\u00e9\u2028/", ((Map<?, ?>) v).get("s"));
    assertEquals(v, Json.parse(Json.write(v)));
    assertEquals(v, Json.parse(Json.compact(v)));
    assertEquals("{\n  \"o\": {},\n  \"n\": [\n    1\n  ]\n}\n", Json.write(Json.parse("{\"o\":{},\"n\":[1]}")));
  }

  @Test
  void badDocumentsAreRefusedWithWhere() {
    for (String bad : List.of("{", "{\"a\" 1}", "[1,]", "{\"a\":1,\"a\":2}", "01", "\"\t\"", "{} {}", "nul", "")) {
      Json.SyntaxException e = assertThrows(Json.SyntaxException.class, () -> Json.parse(bad), bad);
      assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }
  }
}
