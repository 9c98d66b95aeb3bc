package dev.symdex.engine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.scan.IgnoreRules;
import dev.symdex.engine.scan.SourceTree;
import dev.symdex.engine.store.LmdbStore;
import dev.symdex.engine.store.ReadTxn;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full reconcile whose walk cannot list the root itself for a passing reason (too many open
 * files) proves nothing about what is below it: no stored file is removed.
 */
class UnlistedRootTest {
  @TempDir Path root;
  @TempDir Path data;

  @Test
  void aRootThatCouldNotBeListedKeepsEveryStoredFile() throws Exception {
    Files.writeString(root.resolve("a.py"), "def a():\n    pass\n");
    Files.createDirectories(root.resolve("pkg"));
    Files.writeString(root.resolve("pkg/b.py"), "def b():\n    pass\n");
    Path index = data.resolve("index");
    try (Engine e = Engine.open(root, index, EngineOptions.DEFAULTS)) {
      e.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
    }
    // The walk lists nothing (here: the files are gone; in life: the root could not be listed)
    // and says the root could not be listed for a passing reason.
    Files.delete(root.resolve("a.py"));
    Files.delete(root.resolve("pkg/b.py"));
    CandidateScan scan = scan();
    scan.walkFailed("", new FileSystemException(root.toString(), null, "Too many open files"));
    try (LmdbStore store = LmdbStore.open(index); ReadTxn r = store.read()) {
      assertEquals(List.of(), scan.gone(r).stream().map(CandidateScan.Gone::path).toList(), "nothing below the root is known gone");
    }
    scan = scan();
    scan.walkFailed("pkg", new FileSystemException(root.resolve("pkg").toString(), null, "Too many open files"));
    try (LmdbStore store = LmdbStore.open(index); ReadTxn r = store.read()) {
      assertEquals(List.of("a.py"), scan.gone(r).stream().map(CandidateScan.Gone::path).toList(),
          "a file gone outside the unlisted directory is still removed");
    }
  }

  private CandidateScan scan() throws Exception {
    return CandidateScan.of(new SourceTree(root.toAbsolutePath().normalize(), IgnoreRules.load(root)), ChangeSet.everything());
  }
}
