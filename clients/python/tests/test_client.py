"""symdex_client against a real daemon, run by tests/clients.sh: $SYMDEX_DATA_DIR is the data dir
of a daemon serving a tree whose A.java defines ``bar`` on line 4, already indexed."""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import grpc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import symdex_client  # noqa: E402


class SymdexClientTest(unittest.TestCase):
    def setUp(self):
        self.data_dir = os.environ["SYMDEX_DATA_DIR"]
        self.empty = tempfile.mkdtemp(prefix="symdex-py-")
        self.addCleanup(shutil.rmtree, self.empty)

    def test_connect_finds_the_daemon_of_the_data_dir_and_answers_with_path_and_line(self):
        with symdex_client.connect() as symdex:
            self.assertEqual(symdex.target, "unix:" + os.path.join(self.data_dir, "symdex.sock"))
            found = symdex.find_definitions("bar")
        self.assertEqual([(r.path, r.line, r.kind, r.container) for r in found.results], [("A.java", 4, "method", "Foo")])
        self.assertEqual(len(found.head), 40)
        self.assertGreater(found.generation, 0)

    def test_request_fields_pass_through(self):
        with symdex_client.connect() as symdex:
            prefixed = symdex.find_definitions("ba", match=symdex_client.pb.MATCH_MODE_PREFIX)
            other_language = symdex.find_definitions("bar", languages=["python"])
        self.assertEqual([r.name for r in prefixed.results], ["bar"])
        self.assertEqual(list(other_language.results), [])

    def test_a_bad_request_is_invalid_argument_at_once(self):
        with symdex_client.connect() as symdex:
            with self.assertRaises(grpc.RpcError) as caught:
                symdex.find_definitions("")
        self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)

    def test_every_call_carries_the_deadline(self):
        # A socket that accepts and never speaks: only the deadline can end the call.
        path = os.path.join(self.empty, "silent.sock")
        silent = socket.socket(socket.AF_UNIX)
        self.addCleanup(silent.close)
        silent.bind(path)
        silent.listen()
        with symdex_client.connect(target="unix:" + path, deadline=0.3) as symdex:
            with self.assertRaises(grpc.RpcError) as caught:
                symdex.status()
        self.assertEqual(caught.exception.code(), grpc.StatusCode.DEADLINE_EXCEEDED)

    def test_no_daemon_is_unavailable_after_the_startup_wait(self):
        start = time.monotonic()
        with symdex_client.connect(self.empty, startup_wait=0.5) as symdex:
            with self.assertRaises(grpc.RpcError) as caught:
                symdex.status()
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAVAILABLE)
        # Retried with waits of 0.05 + 0.1 + 0.2 s before giving up (the next, 0.4 s, would pass 0.5 s).
        self.assertGreaterEqual(time.monotonic() - start, 0.35)

    def test_daemon_json_of_a_live_daemon_names_its_address(self):
        with open(os.path.join(self.data_dir, "daemon.json"), encoding="utf-8") as f:
            info = json.load(f)
        self.write_daemon_json(info)  # a data dir with no socket, whose daemon.json names the real one
        with symdex_client.connect(self.empty) as symdex:
            self.assertEqual(symdex.target, info["address"])
            self.assertEqual([r.path for r in symdex.find_definitions("bar").results], ["A.java"])

    def test_daemon_json_of_a_dead_process_is_ignored(self):
        with open(os.path.join(self.data_dir, "daemon.json"), encoding="utf-8") as f:
            info = json.load(f)
        gone = subprocess.Popen(["true"])
        gone.wait()
        self.write_daemon_json(dict(info, pid=gone.pid))
        self.assertEqual(symdex_client.daemon_address(self.empty), ("unix:" + os.path.join(self.empty, "symdex.sock"), None))

    def test_daemon_json_token_file_is_sent(self):
        token_file = os.path.join(self.empty, "token")
        with open(token_file, "w", encoding="utf-8") as f:
            f.write("s3cret\n")
        self.write_daemon_json({"pid": os.getpid(), "address": "tcp:127.0.0.1:1", "token_file": token_file})
        self.assertEqual(symdex_client.daemon_address(self.empty), ("127.0.0.1:1", token_file))
        with symdex_client.connect(self.empty) as symdex:
            self.assertEqual(symdex.metadata, (("authorization", "Bearer s3cret"),))

    def write_daemon_json(self, info):
        with open(os.path.join(self.empty, "daemon.json"), "w", encoding="utf-8") as f:
            json.dump(info, f)


if __name__ == "__main__":
    unittest.main()
