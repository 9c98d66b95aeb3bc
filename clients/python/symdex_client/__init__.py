"""A small Python client for a symdex daemon, with the defaults an agent wants (the same as the
Java client's, dev.symdex.client.SymdexClient): it finds the daemon from the data dir, puts a
deadline on every call, and retries a call that fails UNAVAILABLE (no daemon yet, or one still
starting) with bounded exponential backoff for a while before giving up.

    import symdex_client
    with symdex_client.connect() as symdex:   # $SYMDEX_DATA_DIR or ~/.local/share/symdex
        for r in symdex.find_definitions("parseArgs").results:
            print(f"{r.path}:{r.line}")

The messages and the stub are generated from proto/src/main/proto/symdex/v1/symdex.proto by
clients/python/generate.sh (into clients/python/generated, or the directory $SYMDEX_PY_GENERATED
names); they are not committed. ``symdex_client.pb`` is the messages module (``pb.PlanRequest``,
...). Needs grpcio and protobuf (Debian: python3-grpcio, python3-protobuf).
"""

import json
import os
import sys
import time

import grpc

_GENERATED = os.environ.get("SYMDEX_PY_GENERATED") or os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "generated")
if _GENERATED not in sys.path:
    sys.path.append(_GENERATED)
try:
    from symdex.v1 import symdex_pb2 as pb
    from symdex.v1 import symdex_pb2_grpc as pb_grpc
except ImportError as e:
    raise ImportError(
        f"symdex's Python stubs are not in {_GENERATED}: run clients/python/generate.sh "
        "(needs protoc and grpc_python_plugin: Debian's protobuf-compiler and protobuf-compiler-grpc)"
    ) from e

__all__ = ["SOCKET_NAME", "SymdexClient", "connect", "daemon_address", "default_data_dir", "pb", "pb_grpc"]

SOCKET_NAME = "symdex.sock"
"""The socket's file name inside a data dir."""


def default_data_dir():
    """``$SYMDEX_DATA_DIR`` if set and not blank, else ``~/.local/share/symdex``: where
    ``symdex serve`` keeps its data."""
    env = os.environ.get("SYMDEX_DATA_DIR", "")
    if env.strip():
        return os.path.abspath(env)
    return os.path.join(os.path.expanduser("~"), ".local", "share", "symdex")


def daemon_address(data_dir):
    """Where the daemon of ``data_dir`` listens, as ``(target, token_file)``: the address its
    ``daemon.json`` names when that file names a live process (a daemon started with
    ``--listen``), with its token file or None; else the data dir's ``symdex.sock`` (the default
    address, also where a daemon that is still starting will listen) and None."""
    socket = ("unix:" + os.path.join(os.path.abspath(data_dir), SOCKET_NAME), None)
    try:
        with open(os.path.join(data_dir, "daemon.json"), encoding="utf-8") as f:
            info = json.load(f)
    except (OSError, ValueError):
        return socket  # absent, unreadable or half-written: as good as no file
    if not isinstance(info, dict):
        return socket
    pid, address, token_file = info.get("pid"), info.get("address"), info.get("token_file")
    if not isinstance(pid, int) or not isinstance(address, str) or not _alive(pid):
        return socket
    token_file = token_file if isinstance(token_file, str) else None
    if address.startswith("unix:"):
        return address, token_file
    if address.startswith("tcp:"):
        return address[len("tcp:"):], token_file
    return socket


def _alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except PermissionError:
        return True
    except OSError:
        return False


def _read_token(path):
    with open(path, encoding="utf-8") as f:
        token = f.readline().strip()
    if not token:
        raise ValueError(f"the token file {path} is empty")
    return token


def connect(data_dir=None, *, target=None, token=None, deadline=10.0, startup_wait=10.0):
    """Connects to a symdex daemon (lazily: nothing is connected until the first call).

    ``data_dir``: the daemon of this data dir (default: ``default_data_dir()``), found by
    ``daemon_address``; or ``target``, a gRPC target (``unix:/abs/path.sock`` or ``host:port``).
    ``token``: sent as ``authorization: Bearer TOKEN`` (default: the first line of the token file
    daemon.json names, if any). ``deadline``: seconds per call. ``startup_wait``: seconds calls
    keep retrying UNAVAILABLE (0: never retry).
    """
    if target is None:
        target, token_file = daemon_address(data_dir if data_dir is not None else default_data_dir())
        if token is None and token_file is not None:
            token = _read_token(token_file)
    return SymdexClient(target, token=token, deadline=deadline, startup_wait=startup_wait)


class SymdexClient:
    """A client of one daemon. Contract: every call made through the typed methods and ``call``
    carries the deadline (10 s by default); a call failing with UNAVAILABLE is repeated, waiting
    50 ms, then twice as long each time up to 1 s, until ``startup_wait`` (10 s) has passed since
    the first attempt, then its ``grpc.RpcError`` is raised. Every RPC the daemon serves is
    read-only or idempotent, so repeating one is safe. Other failures raise ``grpc.RpcError`` at
    once (``e.code()`` is ``grpc.StatusCode.INVALID_ARGUMENT`` for a bad request, ...). Close it
    (or use it as a context manager) to release the channel. Thread-safe, as its gRPC channel."""

    def __init__(self, target, *, token=None, deadline=10.0, startup_wait=10.0):
        if not deadline > 0:
            raise ValueError("deadline must be positive")
        if not startup_wait >= 0:
            raise ValueError("startup_wait must not be negative")
        if token is not None and (not token.strip() or token.strip() != token):
            raise ValueError("the token must not be blank or padded")
        self.target = target
        self.deadline = deadline
        self.startup_wait = startup_wait
        self.metadata = (("authorization", f"Bearer {token}"),) if token is not None else ()
        """The metadata sent with every call: the bearer token, when there is one."""
        # The channel's own reconnect backoff follows ours (it defaults to 1 s growing to 2 min).
        self._channel = grpc.insecure_channel(target, options=[
            ("grpc.initial_reconnect_backoff_ms", 50),
            ("grpc.max_reconnect_backoff_ms", 1000),
        ])
        self.stub = pb_grpc.SymdexServiceStub(self._channel)
        """The generated stub, for anything the typed methods do not cover (not retried)."""

    def call(self, method, request):
        """One unary RPC by its proto name (``"FindDefinitions"``), with the deadline and the
        UNAVAILABLE retries of the class contract."""
        rpc = getattr(self.stub, method)
        start = time.monotonic()
        backoff = 0.05
        while True:
            try:
                return rpc(request, timeout=self.deadline, metadata=self.metadata)
            except grpc.RpcError as e:
                waited = time.monotonic() - start
                if e.code() != grpc.StatusCode.UNAVAILABLE or waited + backoff > self.startup_wait:
                    raise
                time.sleep(backoff)
                backoff = min(backoff * 2, 1.0)

    def status(self, **fields):
        return self.call("Status", pb.StatusRequest(**fields))

    def find_definitions(self, name, **fields):
        """Definitions of ``name`` (exact, at most 100 unless ``limit=``; any request field)."""
        return self.call("FindDefinitions", pb.FindDefinitionsRequest(name=name, **fields))

    def find_references(self, name, **fields):
        """Uses of ``name`` (exact, at most 100 unless ``limit=``)."""
        return self.call("FindReferences", pb.FindReferencesRequest(name=name, **fields))

    def callers(self, name, **fields):
        """Call sites of ``name``, each with its calling definition."""
        return self.call("Callers", pb.CallersRequest(name=name, **fields))

    def callees(self, name, **fields):
        """Calls made inside the definitions named ``name``."""
        return self.call("Callees", pb.CalleesRequest(name=name, **fields))

    def sync(self, **fields):
        """Returns once every file change made before the call is indexed (read-your-writes)."""
        return self.call("Sync", pb.SyncRequest(**fields))

    def delta(self, since, **fields):
        """What changed since a git revision, uncommitted edits included."""
        return self.call("Delta", pb.DeltaRequest(since=since, **fields))

    def dependents(self, path, **fields):
        """Files that import ``path``, directly or not."""
        return self.call("Dependents", pb.DependentsRequest(path=path, **fields))

    def imports(self, path, **fields):
        """The imports of ``path``, each resolved."""
        return self.call("Imports", pb.ImportsRequest(path=path, **fields))

    def file_outline(self, path, **fields):
        """The definitions of ``path``, in source order."""
        return self.call("FileOutline", pb.FileOutlineRequest(path=path, **fields))

    def list_projects(self):
        return self.call("ListProjects", pb.ListProjectsRequest())

    def explore(self, **fields):
        """A map of the project, in layers."""
        return self.call("Explore", pb.ExploreRequest(**fields))

    def plan(self, task, token_budget, **fields):
        """The files and definitions that matter to ``task``, the best packed into ``token_budget``."""
        return self.call("Plan", pb.PlanRequest(task=task, token_budget=token_budget, **fields))

    def subscribe(self, **fields):
        """Each index generation's changes as they happen: an iterator of SubscribeResponse, with
        no deadline and no retries; ``cancel()`` it (or close the client) when done."""
        return self.stub.Subscribe(pb.SubscribeRequest(**fields), metadata=self.metadata)

    def close(self):
        """Closes the channel; calls in flight fail with CANCELLED."""
        self._channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
