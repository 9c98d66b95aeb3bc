package dev.symdex.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.testing.JGitWarmup;
import dev.symdex.grpc.ListenAddress;
import dev.symdex.proto.v1.AddProjectRequest;
import dev.symdex.proto.v1.FindDefinitionsRequest;
import dev.symdex.proto.v1.ListProjectsRequest;
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
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Privacy by default (issue 11, items 15-17), on real daemons: real LMDB, real gRPC over a Unix
 * socket and loopback TCP, real files whose modes are read back.
 */
class PrivacyTest {
  @BeforeAll
  static void jgitKnowsTheFileSystem() {
    JGitWarmup.ensure();
  }

  @TempDir Path root;
  @TempDir Path data;
  @TempDir Path other;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Daemon start(DaemonConfig config) throws Exception {
    Daemon d = Daemon.start(config);
    open.add(d);
    assertTrue(d.awaitInitialIndex(Duration.ofSeconds(60)));
    return d;
  }

  private static DaemonConfig config(Path root, Path data, ListenAddress listen) {
    return new DaemonConfig(root, data, Optional.ofNullable(listen), 20, 2, EngineOptions.DEFAULTS, Optional.empty());
  }

  private ManagedChannel channel(String target) {
    ManagedChannel ch = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    open.add(ch::shutdownNow);
    return ch;
  }

  private static SymdexServiceGrpc.SymdexServiceBlockingStub stub(ManagedChannel ch) {
    return SymdexServiceGrpc.newBlockingStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private static SymdexServiceGrpc.SymdexServiceBlockingStub withToken(SymdexServiceGrpc.SymdexServiceBlockingStub s, String token) {
    Metadata m = new Metadata();
    m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return s.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
  }

  private static Path repo(Path dir, String file, String text) throws Exception {
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      git.commit().setMessage("empty").setAuthor("t", "t@example.invalid").setCommitter("t", "t@example.invalid").setSign(false).call();
    }
    Files.writeString(dir.resolve(file), text);
    return dir;
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  // ---- item 15: a Unix socket is never taken from a live daemon, and lives in the data dir

  @Test
  void item15_aSecondDaemonOnALiveDaemonsSocketIsRefusedAndTheFirstStillAnswers() throws Exception {
    repo(root, "A.java", "class Foo { void bar() {} }\n");
    Path otherRoot = repo(other.resolve("tree"), "B.java", "class Other { void baz() {} }\n");
    start(config(root, data, null));
    Path sock = data.resolve("symdex.sock");

    // Another data dir, its socket pointed at the live one's (and allowed outside its data dir).
    IOException refused = assertThrows(IOException.class,
        () -> start(config(otherRoot, other.resolve("data"), new ListenAddress.Unix(sock)).withAllowSocketPath(true)));
    assertTrue(refused.getMessage().contains("answers"), refused.getMessage());
    assertTrue(Files.exists(sock), "the live daemon's socket file is left alone");
    assertFalse(Files.exists(other.resolve("data").resolve("index")), "refused before it opened an index");
    // The same data dir: the data dir lock refuses it first.
    assertThrows(Daemon.DataDirBusyException.class, () -> Daemon.start(config(root, data, new ListenAddress.Unix(sock))));

    StatusResponse st = stub(channel("unix://" + sock)).status(StatusRequest.getDefaultInstance());
    assertEquals(root.toRealPath().toString(), Path.of(st.getRoot()).toRealPath().toString(), "the first daemon still answers on its socket");
  }

  @Test
  void item15_aSocketOutsideTheDataDirNeedsAllowSocketPath() throws Exception {
    repo(root, "A.java", "class Foo { void bar() {} }\n");
    Path outside = other.resolve("elsewhere.sock");
    IOException refused = assertThrows(IOException.class, () -> start(config(root, data, new ListenAddress.Unix(outside))));
    assertTrue(refused.getMessage().contains("--allow-socket-path"), refused.getMessage());
    assertFalse(Files.exists(outside));
  }

  @Test
  void item15_aStaleSocketIsReplacedButAFileThatIsNoSocketIsKept() throws Exception {
    repo(root, "A.java", "class Foo { void bar() {} }\n");
    Path sock = data.resolve("symdex.sock");
    Files.writeString(data.resolve("SYMDEX"), "symdex data directory, layout 1\n");
    try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      stale.bind(UnixDomainSocketAddress.of(sock)); // closed without unlinking: a socket file nobody answers
    }
    Daemon d = start(config(root, data, null));
    assertEquals(1, stub(channel("unix://" + sock)).findDefinitions(FindDefinitionsRequest.newBuilder().setName("bar").build()).getResultsCount());
    d.close();

    Path notASocket = data.resolve("notes.sock");
    Files.writeString(notASocket, "mine\n");
    IOException refused = assertThrows(IOException.class, () -> start(config(root, data, new ListenAddress.Unix(notASocket))));
    assertTrue(refused.getMessage().contains("not a socket"), refused.getMessage());
    assertEquals("mine\n", Files.readString(notASocket), "a file that is not a socket is never deleted");
  }

  // ---- item 16: loopback TCP demands the token; AddProject over TCP without it is refused

  @Test
  void item16_loopbackTcpDemandsTheDataDirsTokenAndAddProjectWithoutItIsRefused() throws Exception {
    repo(root, "A.java", "class Foo { void bar() {} }\n");
    Path secret = Files.createDirectories(other.resolve("secret"));
    Files.writeString(secret.resolve("S.java"), "class Secret { void hidden() {} }\n");
    Daemon d = start(config(root, data, ListenAddress.parse("tcp:127.0.0.1:0")));
    ManagedChannel ch = channel("127.0.0.1:" + ((ListenAddress.Tcp) d.address()).port());

    StatusRuntimeException query = assertThrows(StatusRuntimeException.class,
        () -> stub(ch).findDefinitions(FindDefinitionsRequest.newBuilder().setName("bar").build()));
    assertEquals(Status.Code.UNAUTHENTICATED, query.getStatus().getCode());
    StatusRuntimeException add = assertThrows(StatusRuntimeException.class,
        () -> stub(ch).addProject(AddProjectRequest.newBuilder().setRoot(secret.toString()).build()));
    assertEquals(Status.Code.UNAUTHENTICATED, add.getStatus().getCode());
    assertEquals(HealthCheckResponse.ServingStatus.SERVING,
        HealthGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()).getStatus(),
        "health checks need no token");

    Path tokenFile = data.resolve("token");
    assertEquals("rw-------", mode(tokenFile));
    String info = Files.readString(data.resolve("daemon.json"));
    assertTrue(info.contains("\"address\":\"" + d.address() + "\"") && info.contains("\"token_file\":\"" + tokenFile + "\""), info);
    var owner = withToken(stub(ch), Files.readString(tokenFile).strip());
    assertEquals(1, owner.findDefinitions(FindDefinitionsRequest.newBuilder().setName("bar").build()).getResultsCount());
    assertEquals(1, owner.listProjects(ListProjectsRequest.getDefaultInstance()).getProjectsCount(), "the refused AddProject added nothing");
    owner.addProject(AddProjectRequest.newBuilder().setRoot(secret.toString()).build());
    assertEquals(2, owner.listProjects(ListProjectsRequest.getDefaultInstance()).getProjectsCount(), "with the token it is added");
  }

  @Test
  void item16_theUnixSocketStaysTokenFree() throws Exception {
    repo(root, "A.java", "class Foo { void bar() {} }\n");
    start(config(root, data, null));
    var s = stub(channel("unix://" + data.resolve("symdex.sock")));
    s.sync(SyncRequest.newBuilder().setTimeoutMs(30_000).build());
    assertEquals(1, s.findDefinitions(FindDefinitionsRequest.newBuilder().setName("bar").build()).getResultsCount());
    assertFalse(Files.exists(data.resolve("token")), "no token is made for the socket");
  }

  // ---- item 17: files 0600, directories 0700; a data dir others can read is warned about

  @Test
  void item17_everythingADaemonCreatesIsPrivate() throws Exception {
    repo(root, "A.java", "class Foo { void bar() {} }\n");
    Path added = repo(other.resolve("added"), "B.java", "class B { void baz() {} }\n");
    Path dd = other.resolve("fresh").resolve("data");
    Daemon d = start(config(root, dd, ListenAddress.parse("tcp:127.0.0.1:0")));
    d.projects().add(added.toRealPath());
    d.close();
    start(config(root, dd, null)).close(); // a restart rewrites daemon.json and the registry

    List<String> loose = new ArrayList<>();
    try (var s = Files.walk(dd)) {
      for (Path p : s.toList()) {
        String m = mode(p);
        String want = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "rwx------" : "rw-------";
        if (!m.equals(want)) {
          loose.add(dd.relativize(p) + " " + m);
        }
      }
    }
    assertEquals(List.of(), loose, "every file 0600 and every directory 0700");
    assertTrue(Files.exists(dd.resolve("token")) && Files.exists(dd.resolve("projects")), "the walk saw the token and the registry");
    assertEquals("rwx------", mode(dd.getParent()), "a parent symdex made is private too");
  }

  @Test
  void item17_aDataDirOthersCanReadIsWarnedAboutInStatus() throws Exception {
    repo(root, "A.java", "class Foo { void bar() {} }\n");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    start(config(root, data, null));
    StatusResponse st = stub(channel("unix://" + data.resolve("symdex.sock"))).status(StatusRequest.getDefaultInstance());
    assertEquals(1, st.getWarningsCount(), st.toString());
    assertTrue(st.getWarnings(0).contains(data + " is rwxr-xr-x"), st.getWarnings(0));
    assertEquals("rwxr-xr-x", mode(data), "the data dir's own mode is left to its owner");
    assertEquals("rw-------", mode(data.resolve("daemon.json")));
  }

  @Test
  void item17_whatAnEarlierRunLeftOpenIsMadePrivateAndLogged() throws Exception {
    repo(root, "A.java", "class Foo { void bar() {} }\n");
    start(config(root, data, null)).close();
    Path mdb;
    try (var s = Files.walk(data.resolve("index"))) {
      mdb = s.filter(p -> p.getFileName().toString().equals("data.mdb")).findFirst().orElseThrow();
    }
    Files.setPosixFilePermissions(mdb, PosixFilePermissions.fromString("rw-r--r--")); // as symdex made it before
    Files.setPosixFilePermissions(mdb.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> logged = new ArrayList<>();
    Logger log = Logger.getLogger(Daemon.class.getName());
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord r) {
        logged.add(r.getLevel() + " " + r.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(h);
    try {
      start(config(root, data, null));
    } finally {
      log.removeHandler(h);
    }
    assertEquals("rw-------", mode(mdb));
    assertEquals("rwx------", mode(mdb.getParent()));
    assertTrue(logged.contains("INFO made " + mdb + " private (was rw-r--r--)"), logged.toString());
    StatusResponse st = stub(channel("unix://" + data.resolve("symdex.sock"))).status(StatusRequest.getDefaultInstance());
    assertEquals(List.of(), st.getWarningsList());

    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-x---"));
    st = stub(channel("unix://" + data.resolve("symdex.sock"))).status(StatusRequest.getDefaultInstance());
    assertEquals(1, st.getWarningsCount(), "a chmod while it runs shows at the next Status");
  }

  @Test
  void item17_logFilesArePrivateThroughRotation() throws Exception {
    Path logs = data.resolve("logs");
    LogFile log = new LogFile(logs, "symdex", 200, 3);
    log.setFormatter(new SimpleFormatter());
    try {
      for (int i = 0; i < 20; i++) {
        log.publish(new LogRecord(Level.INFO, "line " + i + " of a log that rotates"));
      }
    } finally {
      log.close();
    }
    assertEquals("rwx------", mode(logs));
    List<String> names = new ArrayList<>();
    try (var s = Files.list(logs)) {
      for (Path p : s.sorted().toList()) {
        names.add(p.getFileName() + " " + mode(p));
      }
    }
    assertEquals(List.of("symdex.0.log rw-------", "symdex.1.log rw-------", "symdex.2.log rw-------"), names);
    assertTrue(Files.readString(logs.resolve("symdex.0.log")).contains("line 19 of"), "the newest record is in generation 0");
  }
}
