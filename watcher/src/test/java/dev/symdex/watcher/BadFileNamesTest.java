package dev.symdex.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.index.DiskAccess;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.StatusResponse;
import dev.symdex.proto.v1.SyncRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 13 with the real watcher: a file whose name is not UTF-8, created and deleted
 * while the daemon runs (by the shell: Java cannot name it), is listed as skipped while it exists
 * and leaves the list when it goes; the files around it are indexed, and the daemon stays current.
 */
class BadFileNamesTest {
  @TempDir Path root;
  @TempDir Path data;
  private TestDaemon d;

  @AfterEach
  void stop() {
    if (d != null) {
      d.close();
    }
  }

  private void sh(String script) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", script, "sh", root.toString()).inheritIO().start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, script);
  }

  private List<String> skipped() {
    assertEquals(0, d.within(60_000).sync(SyncRequest.newBuilder().setTimeoutMs(30_000).build()).getPendingChanges());
    StatusResponse st = d.status();
    assertEquals("serving", st.getState(), st.getStateReason());
    return st.getFileIssuesList().stream().map(i -> i.getPath() + " " + i.getReason()).toList();
  }

  @Test
  void aNameThatIsNotUtf8ComesAndGoesAsASkippedFile() throws Exception {
    Files.writeString(root.resolve("A.java"), "class A { void alpha() {} }\n");
    d = TestDaemon.start(root, data, DiskAccess.REAL);
    assertTrue(d.daemon.awaitInitialIndex(Duration.ofSeconds(60)));
    assertEquals(List.of(), skipped());

    sh("printf 'class X { void lost() {} }\\n' > \"$1/$(printf '\\377').java\"");
    Files.writeString(root.resolve("B.java"), "class B { void beta() {} }\n");
    assertEquals(List.of("\uFFFD.java bad-file-name"), skipped());
    assertEquals(List.of("B.java"), d.within(30_000).findDefinitions(FindDefinitionsRequest.newBuilder().setName("beta").build())
        .getResultsList().stream().map(Result::getPath).toList());

    sh("rm \"$1/$(printf '\\377').java\"");
    assertEquals(List.of(), skipped());
  }
}
