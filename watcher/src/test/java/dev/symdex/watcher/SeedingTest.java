package dev.symdex.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.grpc.ListenAddress;
import dev.symdex.proto.v1.AddProjectRequest;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.FindReferencesRequest;
import dev.symdex.proto.v1.Project;
import dev.symdex.proto.v1.Result;
import dev.symdex.proto.v1.StatusRequest;
import dev.symdex.proto.v1.StatusResponse;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import dev.symdex.proto.v1.SyncRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero-parse starts end to end: a second clone indexed one-shot in the same data dir, added to a
 * daemon serving the first, or started from a snapshot file parses nothing, says so (the index
 * command's totals, the project's status) and answers as the first clone does. Real git
 * repositories (JGit), a real daemon over its Unix socket.
 */
class SeedingTest {
  static final PersonIdent ME = new PersonIdent("Test", "test@example.com");

  @TempDir Path trees;
  @TempDir Path data;
  private Path first;
  private Daemon daemon;
  private ManagedChannel channel;
  private SymdexServiceGrpc.SymdexServiceBlockingStub stub;

  @BeforeEach
  void repo() throws Exception {
    first = Files.createDirectories(trees.resolve("first"));
    Files.createDirectories(first.resolve("src/a"));
    Files.createDirectories(first.resolve("src/b"));
    Files.writeString(first.resolve("src/a/Foo.java"), "package a;\npublic class Foo {\n  public void bar() {}\n}\n");
    Files.writeString(first.resolve("src/b/Use.java"), "package b;\nimport a.Foo;\nclass Use {\n  void run() { new Foo().bar(); }\n}\n");
    Files.writeString(first.resolve("util.py"), "def helper():\n    return 1\n");
    try (Git git = Git.init().setDirectory(first.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("one").setAuthor(ME).setCommitter(ME).setSign(false).call();
    }
  }

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (daemon != null) {
      daemon.close();
    }
  }

  private Path cloneOf(String name) throws Exception {
    Path to = trees.resolve(name);
    Git.cloneRepository().setURI(first.toUri().toString()).setDirectory(to.toFile()).call().close();
    return to;
  }

  /** Runs a one-shot index (JSON totals), as {@code symdex index DIR} does. */
  private String index(Path root, OneShotIndex.Seed seed) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OneShotIndex.run(new OneShotIndex.Request(root, DataDir.open(data), EngineOptions.DEFAULTS, 2, false, true, List.of(), seed),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static long number(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
    assertTrue(m.find(), key + " in " + json);
    return Long.parseLong(m.group(1));
  }

  private static String text(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":\"([^\"]*)\"").matcher(json);
    assertTrue(m.find(), key + " in " + json);
    return m.group(1);
  }

  @Test
  void aSecondCloneIndexedOneShotInTheSameDataDirParsesNothing() throws Exception {
    String cold = index(first, OneShotIndex.Seed.SIBLING);
    assertEquals(3, number(cold, "files_parsed"));
    assertEquals("", text(cold, "seeded_from"));
    Path second = cloneOf("second");
    String warm = index(second, OneShotIndex.Seed.SIBLING);
    assertEquals(0, number(warm, "files_parsed"), warm);
    assertEquals(first.toString(), text(warm, "seeded_from"));
    assertEquals(number(cold, "symbols"), number(warm, "symbols"));
    assertEquals(number(cold, "references"), number(warm, "references"));

    Path third = cloneOf("third");
    Files.writeString(third.resolve("util.py"), "def helper():\n    return 2\n\ndef other():\n    pass\n");
    String edited = index(third, OneShotIndex.Seed.SIBLING);
    assertEquals(1, number(edited, "files_parsed"), edited);
    assertEquals(number(cold, "symbols") + 1, number(edited, "symbols"));

    String unseeded = index(cloneOf("fourth"), OneShotIndex.Seed.NONE);
    assertEquals(3, number(unseeded, "files_parsed"), "--no-seed indexes from nothing");
    try (Stream<Path> left = Files.list(data.resolve("index"))) {
      assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".")).toList(), "no temporary directory left");
    }
  }

  private void startDaemon(Path root) throws Exception {
    daemon = Daemon.start(new DaemonConfig(root, data, Optional.empty(), 20, 2, EngineOptions.DEFAULTS, Optional.empty()));
    assertTrue(daemon.awaitInitialIndex(Duration.ofSeconds(60)));
    channel = Grpc.newChannelBuilder("unix://" + ((ListenAddress.Unix) daemon.address()).path(), InsecureChannelCredentials.create()).build();
    stub = SymdexServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private StatusResponse serving(String project) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      StatusResponse s = stub.status(StatusRequest.newBuilder().setProject(project).build());
      if (s.getState().equals("serving") || System.nanoTime() > end) {
        return s;
      }
      Thread.sleep(20);
    }
  }

  private List<String> answers(String project) {
    stub.sync(SyncRequest.newBuilder().setProject(project).setTimeoutMs(30_000).build());
    List<String> out = new java.util.ArrayList<>();
    for (String name : List.of("Foo", "bar", "helper", "run")) {
      for (Result r : stub.findDefinitions(FindDefinitionsRequest.newBuilder().setProject(project).setName(name).build()).getResultsList()) {
        out.add("def " + name + " " + r.getPath() + ":" + r.getLine());
      }
      for (Result r : stub.findReferences(FindReferencesRequest.newBuilder().setProject(project).setName(name).build()).getResultsList()) {
        out.add("ref " + name + " " + r.getPath() + ":" + r.getLine());
      }
    }
    return out;
  }

  @Test
  void aSecondCloneAddedToADaemonServingTheFirstParsesNothingAndAnswersTheSame() throws Exception {
    startDaemon(first);
    Path second = cloneOf("second");
    Project p = stub.addProject(AddProjectRequest.newBuilder().setRoot(second.toString()).build()).getProject();
    List<String> one = answers("");
    assertFalse(one.isEmpty());
    assertEquals(one, answers(p.getId())); // after a sync: its first reconcile is done
    StatusResponse s = serving(p.getId());
    assertEquals("serving", s.getState(), s.getStateReason());
    assertEquals(0, s.getFilesParsedSinceStart(), "the copy of the first clone's index held every content");
    assertEquals(3, s.getFiles());
  }

  @Test
  void aDaemonStartedOnASecondCloneParsesNothing() throws Exception {
    index(first, OneShotIndex.Seed.SIBLING);
    startDaemon(cloneOf("second"));
    assertFalse(answers("").isEmpty());
    StatusResponse s = serving("");
    assertEquals(0, s.getFilesParsedSinceStart());
    assertEquals(3, s.getFiles());
  }

  @Test
  void aSnapshotExportedAndImportedOnAnotherCloneParsesNothing() throws Exception {
    index(first, OneShotIndex.Seed.SIBLING);
    Path file = trees.resolve("first.sdx");
    long bytes = SnapshotExport.run(DataDir.open(data), first.toString(), file);
    assertEquals(Files.size(file), bytes);
    Files.delete(DataDir.open(data).indexFor(first).resolve("data.mdb")); // no sibling left to seed from: the snapshot does it
    Path third = cloneOf("third");
    String json = index(third, new OneShotIndex.Seed.Snapshot(file));
    assertEquals(0, number(json, "files_parsed"), json);
    assertEquals(3, number(json, "files"));
    assertEquals(file.toString(), text(json, "seeded_from"));
    // A second import onto the same root is refused: it has an index now.
    SymdexException again = assertThrows(SymdexException.class, () -> index(third, new OneShotIndex.Seed.Snapshot(file)));
    assertTrue(again.getMessage().contains("has an index"), again.getMessage());
  }

  @Test
  void aSnapshotIsNotExportedWhileADaemonHoldsTheDataDir() throws Exception {
    startDaemon(first);
    Path file = trees.resolve("first.sdx");
    assertThrows(Daemon.DataDirBusyException.class, () -> SnapshotExport.run(DataDir.open(data), first.toString(), file));
    assertFalse(Files.exists(file));
  }
}
