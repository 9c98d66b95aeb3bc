package dev.symdex.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.testing.JGitWarmup;
import dev.symdex.grpc.ListenAddress;
import dev.symdex.proto.v1.CallersRequest;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.FindReferencesRequest;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.StatusRequest;
import dev.symdex.proto.v1.StatusResponse;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import dev.symdex.proto.v1.SyncRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon end to end: a real watcher on a real temp git repo (JGit), real LMDB, real gRPC over
 * the Unix socket. Every answer is read after a Sync barrier.
 */
class DaemonTest {
  @BeforeAll
  static void jgitKnowsTheFileSystem() {
    JGitWarmup.ensure();
  }

  @TempDir Path root;
  @TempDir Path data;

  private Git git;
  private Daemon daemon;
  private ManagedChannel channel;
  private SymdexServiceGrpc.SymdexServiceBlockingStub stub;

  @BeforeEach
  void init() throws Exception {
    git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call();
    git.commit().setMessage("empty").setAuthor("t", "t@example.invalid").setCommitter("t", "t@example.invalid").setSign(false).call();
  }

  @AfterEach
  void stop() {
    closeDaemon();
    git.close();
  }

  private void startDaemon(EngineOptions options) throws Exception {
    daemon = Daemon.start(new DaemonConfig(root, data, Optional.empty(), 20, 2, options, Optional.empty()));
    assertTrue(daemon.awaitInitialIndex(Duration.ofSeconds(60)));
    Path sock = ((ListenAddress.Unix) daemon.address()).path();
    channel = Grpc.newChannelBuilder("unix://" + sock, InsecureChannelCredentials.create()).build();
    stub = SymdexServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private void closeDaemon() {
    if (channel != null) {
      channel.shutdownNow();
      channel = null;
    }
    if (daemon != null) {
      daemon.close();
      daemon = null;
    }
  }

  private void sync() {
    stub.sync(SyncRequest.newBuilder().setTimeoutMs(30_000).build());
  }

  private List<String> defs(String name) {
    return paths(stub.findDefinitions(FindDefinitionsRequest.newBuilder().setName(name).build()).getResultsList());
  }

  private List<String> callers(String name) {
    return stub.callers(CallersRequest.newBuilder().setName(name).build()).getResultsList().stream()
        .map(r -> r.getPath() + ":" + r.getName()).toList();
  }

  private List<String> refs(String name) {
    return paths(stub.findReferences(FindReferencesRequest.newBuilder().setName(name).build()).getResultsList()).stream().distinct().toList();
  }

  private static List<String> paths(List<Result> results) {
    return results.stream().map(Result::getPath).toList();
  }

  private void write(String rel, String text) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void answersFollowEditsAfterSync() throws Exception {
    startDaemon(EngineOptions.DEFAULTS);
    write("A.java", "class Foo { void bar() {} }\n");
    write("B.java", "class B { void run() { new Foo().bar(); } }\n");
    write("a.py", "class Foo:\n    def bar(self):\n        pass\n");
    write("b.py", "from a import Foo\n\ndef main():\n    Foo().bar()\n");
    sync();
    assertEquals(List.of("A.java", "a.py"), defs("bar"));
    assertEquals(List.of("B.java:run", "b.py:main"), callers("bar"));
    assertEquals(List.of("B.java", "b.py"), refs("Foo"));

    Files.delete(root.resolve("A.java"));
    Files.delete(root.resolve("a.py"));
    sync();
    assertEquals(List.of(), defs("bar"));

    write("B.java", "class B { void run() { } }\n");
    write("b.py", "def main():\n    pass\n");
    sync();
    assertEquals(List.of(), callers("bar"));
  }

  @Test
  void directoriesAppearMoveAndDisappear() throws Exception {
    startDaemon(EngineOptions.DEFAULTS);
    write("pkg/deep/er/One.java", "class One { void uno() {} }\n");
    write("pkg/Two.java", "class Two { void dos() {} }\n");
    sync();
    assertEquals(List.of("pkg/deep/er/One.java"), defs("uno"));
    Files.move(root.resolve("pkg"), root.resolve("moved"));
    sync();
    assertEquals(List.of("moved/deep/er/One.java"), defs("uno"));
    assertEquals(List.of("moved/Two.java"), defs("dos"));
    deleteTree(root.resolve("moved"));
    sync();
    assertEquals(List.of(), defs("uno"));
    assertEquals(0, stub.status(StatusRequest.getDefaultInstance()).getFiles());
  }

  @Test
  void gitignoreDecidesWhatIsIndexed() throws Exception {
    write("build/Gen.java", "class Gen { void generated() {} }\n");
    write("src/Main.java", "class Main { void main() {} }\n");
    write(".gitignore", "build/\n");
    startDaemon(EngineOptions.DEFAULTS);
    assertEquals(List.of(), defs("generated"));
    write("build/More.java", "class More { void generated() {} }\n");
    write("src/Ignored.log.java", "class L { void logged() {} }\n");
    sync();
    assertEquals(List.of(), defs("generated"));
    write(".gitignore", "*.log.java\n");
    sync();
    assertEquals(List.of("build/Gen.java", "build/More.java"), defs("generated"));
    assertEquals(List.of(), defs("logged"));
  }

  @Test
  void restartAnswersAtOnceAndParsesNothing() throws Exception {
    write("A.java", "class Foo { void bar() {} }\n");
    write("b.py", "def baz():\n    pass\n");
    startDaemon(EngineOptions.DEFAULTS);
    assertEquals(List.of("A.java"), defs("bar"));
    long generation = stub.status(StatusRequest.getDefaultInstance()).getGeneration();
    closeDaemon();

    startDaemon(EngineOptions.DEFAULTS);
    StatusResponse s = stub.status(StatusRequest.getDefaultInstance());
    assertEquals(0, s.getFilesParsedSinceStart());
    assertEquals(2, s.getFiles());
    assertEquals("serving", s.getState());
    assertTrue(s.getGeneration() >= generation);
    assertEquals(List.of("A.java"), defs("bar"));
    assertEquals(List.of("b.py"), defs("baz"));
  }

  @Test
  void secondDaemonOnTheSameDataDirFailsFastAndSaysWho() throws Exception {
    startDaemon(EngineOptions.DEFAULTS);
    IOException e = assertThrows(IOException.class, () -> Daemon.start(DaemonConfig.defaults(root, data)));
    assertTrue(e.getMessage().contains("in use by pid " + ProcessHandle.current().pid()), e.getMessage());
    assertEquals(0, defs("nothing").size(), "the first daemon still serves");
  }

  @Test
  void foreignDataDirIsRefused() throws Exception {
    Path foreign = data.resolve("someone-elses");
    Files.createDirectories(foreign);
    Files.writeString(foreign.resolve("notes.txt"), "mine");
    IOException e = assertThrows(IOException.class, () -> Daemon.start(DaemonConfig.defaults(root, foreign)));
    assertTrue(e.getMessage().contains("not a symdex data dir"), e.getMessage());
    assertEquals("mine", Files.readString(foreign.resolve("notes.txt")));
  }

  @Test
  void commitsAndBranchSwitchesMoveTheHead() throws Exception {
    startDaemon(EngineOptions.DEFAULTS);
    write("A.java", "class A { void first() {} }\n");
    git.add().addFilepattern("A.java").call();
    RevCommit c1 = git.commit().setMessage("one").setAuthor("t", "t@example.invalid").setCommitter("t", "t@example.invalid").setSign(false).call();
    sync();
    StatusResponse s = stub.status(StatusRequest.getDefaultInstance());
    assertEquals(c1.getName(), s.getHead());

    git.checkout().setCreateBranch(true).setName("feature").call();
    write("A.java", "class A { void second() {} }\n");
    git.add().addFilepattern("A.java").call();
    RevCommit c2 = git.commit().setMessage("two").setAuthor("t", "t@example.invalid").setCommitter("t", "t@example.invalid").setSign(false).call();
    sync();
    assertEquals(c2.getName(), stub.status(StatusRequest.getDefaultInstance()).getHead());
    assertEquals(List.of("A.java"), defs("second"));

    git.checkout().setName("main").call();
    sync();
    assertEquals(c1.getName(), stub.status(StatusRequest.getDefaultInstance()).getHead());
    assertEquals(List.of("A.java"), defs("first"));
    assertEquals(List.of(), defs("second"));
  }

  @Test
  void badInputIsSkippedReportedAndTheDaemonKeepsServing() throws Exception {
    startDaemon(EngineOptions.DEFAULTS);
    write("Good.java", "class Good { void fine() {} }\n");
    byte[] binary = new byte[4096];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) (i * 31);
    }
    Files.write(root.resolve("blob.bin"), binary);
    Files.write(root.resolve("Bin.java"), binary);
    byte[] big = ("class Big { void huge() {} }\n" + "// filler line to make the file large\n".repeat(20 << 20 >> 5)).getBytes(StandardCharsets.UTF_8);
    Files.write(root.resolve("Big.java"), big);
    Files.write(root.resolve("Latin.java"), new byte[] {'c', 'l', 'a', 's', 's', ' ', 'L', 'a', 't', ' ', '{', ' ', '/', '/', ' ', (byte) 0xE9, (byte) 0xC3, '(', '\n', 'v', 'o', 'i', 'd', ' ', 'o', 'k', '(', ')', ' ', '{', '}', '}', '\n'});
    Files.createDirectories(root.resolve("loop"));
    Files.createSymbolicLink(root.resolve("loop/self"), Path.of(".."));
    Files.createSymbolicLink(root.resolve("Link.java"), Path.of("Good.java"));
    write("Gone.java", "class Gone { void vanish() {} }\n");
    Files.delete(root.resolve("Gone.java"));
    sync();

    assertEquals(List.of("Good.java"), defs("fine"));
    assertEquals(List.of("Latin.java"), defs("ok"), "invalid UTF-8 is indexed with replacement characters");
    assertEquals(List.of(), defs("huge"));
    assertEquals(List.of(), defs("vanish"));
    StatusResponse s = stub.status(StatusRequest.getDefaultInstance());
    List<String> issues = s.getFileIssuesList().stream().map(i -> i.getPath() + "=" + i.getReason()).toList();
    assertTrue(issues.contains("blob.bin=binary"), issues.toString());
    assertTrue(issues.contains("Bin.java=binary"), issues.toString());
    assertTrue(issues.contains("Big.java=too-large"), issues.toString());
    assertTrue(issues.contains("Latin.java=invalid-utf8"), issues.toString());
    assertTrue(issues.contains("loop/self=symlink"), issues.toString());
    assertTrue(issues.contains("Link.java=symlink"), issues.toString());
    assertEquals(issues.size(), s.getSkippedFiles());
    assertFalse(issues.stream().anyMatch(i -> i.startsWith("Good.java")));

    // still serving, and still current
    write("Later.java", "class Later { void after() {} }\n");
    sync();
    assertEquals(List.of("Later.java"), defs("after"));
  }

  @Test
  void aDataDirInsideTheTreeStaysOutOfTheIndexAndDoesNotFeedTheWatcher() throws Exception {
    data = root.resolve(".symdex-data");
    startDaemon(EngineOptions.DEFAULTS);
    write("A.java", "class A { void inside() {} }\n");
    sync();
    assertEquals(List.of("A.java"), defs("inside"));
    sync();
    long generation = stub.status(StatusRequest.getDefaultInstance()).getGeneration();
    sync();
    sync();
    StatusResponse s = stub.status(StatusRequest.getDefaultInstance());
    assertEquals(generation, s.getGeneration(), "the daemon's own writes must not count as changes");
    assertEquals(0, s.getSkippedFiles(), s.getFileIssuesList().toString());
    assertEquals(1, s.getFiles());
  }

  @Test
  void aBurstOfFiveThousandCreatesIsFullyIndexed() throws Exception {
    startDaemon(EngineOptions.DEFAULTS);
    for (int i = 0; i < 5000; i++) {
      write("burst/d" + (i % 40) + "/B" + i + ".java", "class B" + i + " { void burst" + i + "() {} }\n");
    }
    sync();
    assertEquals(5000, stub.status(StatusRequest.getDefaultInstance()).getFiles());
    assertEquals(List.of("burst/d17/B4977.java"), defs("burst4977"));
  }

  @Test
  void aRealEventOverflowIsRecoveredByARescan() throws Exception {
    startDaemon(EngineOptions.DEFAULTS);
    // Directories first, so they are watched; then the listener stalls on its first event until
    // every file is written: more than 512 events pile up per directory and the JDK's watch
    // service overflows for real.
    for (int d = 0; d < 20; d++) {
      write("flood/f" + d + "/Seed.java", "class Seed" + d + " {}\n");
    }
    sync();
    CountDownLatch stall = new CountDownLatch(1);
    TreeWatcher.stallFirstEventForTests = stall;
    try {
      for (int i = 0; i < 20_000; i++) {
        write("flood/f" + (i % 20) + "/F" + i + ".java", "class F" + i + " {}\n");
      }
      stall.countDown();
      // The watcher reports the overflow once it works through its backlog.
      StatusResponse s = stub.status(StatusRequest.getDefaultInstance());
      for (int i = 0; i < 600 && s.getRecentIssuesList().stream().noneMatch(DaemonTest::isOverflow); i++) {
        Thread.sleep(50);
        s = stub.status(StatusRequest.getDefaultInstance());
      }
      assertTrue(s.getRecentIssuesList().stream().anyMatch(DaemonTest::isOverflow), s.getRecentIssuesList().toString());
      sync();
      assertEquals(20_020, stub.status(StatusRequest.getDefaultInstance()).getFiles());
    } finally {
      stall.countDown();
      TreeWatcher.stallFirstEventForTests = null;
    }
  }

  @Test
  void headWaitsWhileGitHoldsItsIndexLock() throws Exception {
    startDaemon(EngineOptions.DEFAULTS);
    write("A.java", "class A {}\n");
    git.add().addFilepattern("A.java").call();
    RevCommit c1 = git.commit().setMessage("one").setAuthor("t", "t@example.invalid").setCommitter("t", "t@example.invalid").setSign(false).call();
    git.branchCreate().setName("other").call();
    git.checkout().setName("other").call();
    write("A.java", "class A { void two() {} }\n");
    git.add().addFilepattern("A.java").call();
    RevCommit c2 = git.commit().setMessage("two").setAuthor("t", "t@example.invalid").setCommitter("t", "t@example.invalid").setSign(false).call();
    git.checkout().setName("main").call();
    sync();
    assertEquals(c1.getName(), stub.status(StatusRequest.getDefaultInstance()).getHead());

    // git mid-operation: the lock is held and the branch already points elsewhere
    Path lock = root.resolve(".git/index.lock");
    Files.writeString(lock, "");
    Files.writeString(root.resolve(".git/refs/heads/main"), c2.getName() + "\n");
    sync();
    assertEquals(c1.getName(), stub.status(StatusRequest.getDefaultInstance()).getHead(), "HEAD is not read while git holds the lock");
    Files.delete(lock);
    sync();
    assertEquals(c2.getName(), stub.status(StatusRequest.getDefaultInstance()).getHead());
  }

  @Test
  void directoriesBeyondTheWatchLimitArePolledAndReported() throws Exception {
    write("watched/A.java", "class A {}\n");
    write("crowded/B.java", "class B {}\n");
    TreeWatcher.failRegistrationForTests = rel -> rel.startsWith("crowded");
    try {
      startDaemon(EngineOptions.DEFAULTS);
      write("crowded/deeper/C.java", "class C { void polled() {} }\n");
      StatusResponse s = stub.status(StatusRequest.getDefaultInstance());
      assertEquals(1, s.getUnwatchedDirectories());
      assertTrue(s.getRecentIssuesList().stream().anyMatch(i -> i.contains("watch limit reached: polling crowded")), s.getRecentIssuesList().toString());
      // no event comes from an unwatched directory: the poller (or sync's rescan) finds the change
      sync();
      assertEquals(List.of("crowded/deeper/C.java"), defs("polled"));
    } finally {
      TreeWatcher.failRegistrationForTests = null;
    }
  }

  @Test
  void anIdleDaemonStopsByItselfAndReleasesTheDataDir() throws Exception {
    Daemon idle = Daemon.start(new DaemonConfig(root, data, Optional.empty(), 20, 2, EngineOptions.DEFAULTS,
        Optional.of(Duration.ofMillis(300))));
    idle.awaitClosed(); // returns only because the daemon stopped itself
    Daemon next = Daemon.start(DaemonConfig.defaults(root, data));
    next.close();
  }

  @Test
  void aRemoteAddressDemandsTheDataDirsToken() throws Exception {
    write("A.java", "class Foo { void bar() {} }\n");
    daemon = Daemon.start(new DaemonConfig(root, data, Optional.of(ListenAddress.parse("tcp:0.0.0.0:0", true)), 20, 2,
        EngineOptions.DEFAULTS, Optional.empty()));
    assertTrue(daemon.awaitInitialIndex(Duration.ofSeconds(60)));
    Path token = data.resolve("token");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
    assertTrue(Files.readString(data.resolve("daemon.json")).contains("\"token_file\":"), "daemon.json says where the token is");
    channel = Grpc.newChannelBuilder("127.0.0.1:" + ((ListenAddress.Tcp) daemon.address()).port(), InsecureChannelCredentials.create()).build();
    stub = SymdexServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> defs("bar"));
    assertEquals(Status.Code.UNAUTHENTICATED, refused.getStatus().getCode());
    Metadata auth = new Metadata();
    auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + Files.readString(token).strip());
    stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
    assertEquals(List.of("A.java"), defs("bar"));
    String first = Files.readString(token);
    closeDaemon();
    daemon = Daemon.start(new DaemonConfig(root, data, Optional.of(ListenAddress.parse("tcp:0.0.0.0:0", true)), 20, 2,
        EngineOptions.DEFAULTS, Optional.empty()));
    assertEquals(first, Files.readString(token), "the token outlives a restart");
  }

  private static boolean isOverflow(String issue) {
    return issue.contains("watcher error") || issue.contains("overflow");
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
