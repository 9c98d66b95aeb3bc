package dev.symdex.engine.extract;

import dev.symdex.engine.model.FileFacts;
import org.junit.jupiter.api.Test;

class ScratchTest {
  @Test
  void dump() throws Exception {
    String src = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("scratch.file", "/tmp/scratch/A.java")));
    FileFacts f = JavaExtractionTest.facts(src);
    for (int i = 0; i < f.calls().size(); i++) {
      System.out.println("CALL " + f.calls().get(i) + " " + (f.types().calls().isEmpty() ? "" : f.types().calls().get(i)));
    }
    f.types().definitions().forEach(d -> System.out.println("DEF " + f.definitions().get(d.definition()).qualifiedName() + " " + d));
    f.types().locals().forEach(l -> System.out.println("LOCAL " + l));
    f.types().anonymous().forEach(l -> System.out.println("ANON " + l));
  }
}
