package dev.symdex.engine.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsView;
import dev.symdex.engine.index.ChangeSet;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.index.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolving by name reads the files defining a name once per resolver, and answers as before. */
class NameTiersCacheTest {
  @TempDir Path root;
  @TempDir Path data;

  @Test
  void theFilesDefiningANameAreReadOncePerResolver() throws Exception {
    Files.writeString(root.resolve("a.py"), "def helper():\n    pass\n\ndef run():\n    helper()\n    helper()\n");
    Files.writeString(root.resolve("b.py"), "def helper():\n    pass\n");
    Files.writeString(root.resolve("c.py"), "def go():\n    helper()\n");
    try (Engine e = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS)) {
      e.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
      try (IndexSnapshot s = e.snapshot()) {
        Map<String, Integer> asked = new HashMap<>();
        CallSources counting = new CallSources() {
          @Override
          public List<String> filesDefining(String name) throws SymdexException.CorruptIndex {
            asked.merge(name, 1, Integer::sum);
            return s.filesDefining(name);
          }

          @Override
          public Optional<FactsView> factsView(String path) throws SymdexException.CorruptIndex {
            return s.factsView(path);
          }

          @Override
          public List<String> importedBy(String path) throws SymdexException.CorruptIndex {
            return s.importedBy(path);
          }
        };
        NameTiers tiers = new NameTiers(counting);
        List<CallTarget> fromA = tiers.resolve("a.py", "helper");
        assertEquals(List.of("a.py:1 same-file"), fromA.stream().map(t -> t.path() + ":" + t.line() + " " + t.tier()).toList());
        assertEquals(fromA, tiers.resolve("a.py", "helper"), "the same answer the second time");
        assertEquals(List.of("a.py same-directory", "b.py same-directory"),
            tiers.resolve("c.py", "helper").stream().map(t -> t.path() + " " + t.tier()).toList());
        assertEquals(Map.of("helper", 1), asked, "read once for three resolutions");
      }
    }
  }

  @Test
  void eachDefiningFileIsReadOncePerNameAndAnswersAsBefore() throws Exception {
    Files.writeString(root.resolve("a.py"), "def helper():\n    pass\n");
    Files.writeString(root.resolve("b.py"), "def helper():\n    pass\n\nclass helper:\n    pass\n");
    Files.writeString(root.resolve("c.py"), "def go():\n    helper()\n    helper()\n");
    try (Engine e = Engine.open(root, data.resolve("index"), EngineOptions.DEFAULTS)) {
      e.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
      try (IndexSnapshot s = e.snapshot()) {
        Map<String, Integer> read = new HashMap<>();
        CallSources counting = new CallSources() {
          @Override
          public List<String> filesDefining(String name) throws SymdexException.CorruptIndex {
            return s.filesDefining(name);
          }

          @Override
          public Optional<FactsView> factsView(String path) throws SymdexException.CorruptIndex {
            read.merge(path, 1, Integer::sum);
            return s.factsView(path);
          }

          @Override
          public List<String> importedBy(String path) throws SymdexException.CorruptIndex {
            return s.importedBy(path);
          }
        };
        NameTiers tiers = new NameTiers(counting);
        List<CallTarget> first = tiers.resolve("c.py", "helper");
        assertEquals(List.of("a.py:1 function", "b.py:1 function", "b.py:4 class"),
            first.stream().map(t -> t.path() + ":" + t.line() + " " + t.kind()).toList());
        assertEquals(List.of(NameTiers.SAME_DIRECTORY / 3, NameTiers.SAME_DIRECTORY / 3, NameTiers.SAME_DIRECTORY / 3),
            first.stream().map(CallTarget::confidence).toList());
        for (int i = 0; i < 3; i++) {
          assertEquals(first, tiers.resolve("c.py", "helper"));
        }
        assertEquals(Map.of("a.py", 1, "b.py", 1), read, "each defining file read once for four resolutions");
      }
    }
  }
}
