"""Drives `symdex mcp` over its real stdin/stdout as an MCP client would (JSON-RPC, one message a
line) and checks its answers against the real daemon; called by tests/mcp.sh. Prints one
"ok   - ..." or "FAIL - ..." line per check; the exit code is the number of failed checks.

usage: mcp_session.py REPO DATA_DIR -- COMMAND...   (COMMAND runs in REPO)
"""
import json
import os
import queue
import subprocess
import sys
import threading
import time

repo, data = sys.argv[1], sys.argv[2]
command = sys.argv[sys.argv.index("--") + 1:]
fails = 0


def check(what, ok, detail=""):
    global fails
    print(("ok   - " if ok else "FAIL - ") + what + ("" if ok or not detail else "\n       " + str(detail)[:2000]))
    if not ok:
        fails += 1


proc = subprocess.Popen(command, cwd=repo, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        stderr=open(os.path.join(data + "-mcp.stderr"), "wb"))
lines = queue.Queue()
seen = []


def read():
    for raw in proc.stdout:
        lines.put(raw.decode("utf-8"))
    lines.put(None)


threading.Thread(target=read, daemon=True).start()
next_id = [0]


def send(text):
    proc.stdin.write((text + "\n").encode("utf-8"))
    proc.stdin.flush()


def response(want, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        if line is None:
            raise AssertionError("stdout closed while waiting for a response to %r" % (want,))
        seen.append(line)
        msg = json.loads(line)  # anything on stdout that is not JSON fails here
        if msg.get("jsonrpc") != "2.0":
            raise AssertionError("not JSON-RPC on stdout: " + line)
        if "id" in msg and msg["id"] == want:
            return msg
    raise AssertionError("no response to %r within %d s" % (want, timeout))


def request(method, params=None):
    next_id[0] += 1
    message = {"jsonrpc": "2.0", "id": next_id[0], "method": method}
    if params is not None:
        message["params"] = params
    send(json.dumps(message))
    return response(next_id[0])


def tool(tool_name, **arguments):
    r = request("tools/call", {"name": tool_name, "arguments": arguments})
    if "result" not in r:
        raise AssertionError("tools/call %s: %s" % (tool_name, r))
    return r["result"]


def text(result):
    return result["content"][0]["text"]


try:
    init = request("initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                                  "clientInfo": {"name": "tests/mcp.sh", "version": "1"}})
    check("initialize answers as symdex with instructions",
          init["result"]["serverInfo"]["name"] == "symdex" and "grep" in init["result"]["instructions"], init)
    send(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}))
    tools = request("tools/list")["result"]["tools"]
    check("tools/list has the five tools", sorted(t["name"] for t in tools) == ["changes", "context", "map", "status", "symbols"], tools)

    # No daemon answered on the data dir: the server started one for its directory.
    st = tool("status")
    check("status answers from a daemon the server started, for the repo", not st.get("isError")
          and st["structuredContent"]["root"] == os.path.realpath(repo), st)
    for _ in range(150):
        if st["structuredContent"]["state"] == "serving":
            break
        time.sleep(0.2)
        st = tool("status")
    check("its first index completes (state serving)", st["structuredContent"]["state"] == "serving", st)
    check("status is stamped with head, generation and pending_changes",
          text(st).startswith("head ") and " generation " in text(st).split("\n")[0] and "pending_changes" in text(st).split("\n")[0], text(st))

    r = tool("symbols", name="bar")
    check("symbols: definitions of bar in A.java and a.py, with their source line",
          sorted((d["path"], d["source"]) for d in r["structuredContent"]["definitions"])
          == [("A.java", "class Foo { void bar() {} }"), ("a.py", "def bar(self):")], r)
    check("symbols: its text has a row per definition with path:line", "A.java:1  method  Foo.bar  | class Foo { void bar() {} }" in text(r), text(r))
    r = tool("symbols", name="Foo", what="references")
    check("symbols: references of Foo in B.java and b.py",
          sorted({d["path"] for d in r["structuredContent"]["references"]}) == ["B.java", "b.py"], r)
    check("symbols: a reference carries its source line and the definition it sits in, from the daemon",
          any(d["path"] == "b.py" and d["source"] == "Foo().bar()" and d.get("enclosing", {}).get("name") == "main"
              for d in r["structuredContent"]["references"]) and "(in main 3-4)  | Foo().bar()" in text(r), r)
    r = tool("symbols", name="bar", what="callers")
    check("symbols: callers of bar are run (B.java) and main (b.py)",
          sorted((d["path"], d["name"]) for d in r["structuredContent"]["callers"]) == [("B.java", "run"), ("b.py", "main")], r)
    r = tool("symbols", name="run", what="callees")
    check("symbols: callees of run include bar, resolved to A.java",
          any(d["name"] == "bar" and any(t.startswith("A.java:") for t in d.get("targets", [])) for d in r["structuredContent"]["callees"]), r)
    r = tool("symbols", what="outline", path="b.py")
    check("symbols: the outline of b.py lists main with its source line",
          [(d["name"], d["source"]) for d in r["structuredContent"]["outline"]] == [("main", "def main():")], r)
    r = tool("symbols", name="ba")
    check("symbols: a name with no definition falls back to fuzzy matches, said so", "fuzzy" in text(r), text(r))
    r = tool("symbols", what="outline", path="missing.py")
    check("symbols: an outline of a file not indexed is a tool error", r.get("isError") is True and "NOT_FOUND" in text(r), r)

    r = tool("context", task="change what bar does for Foo", budget=1000)
    check("context: the plan's packed text names the files that define bar",
          not r.get("isError") and ("A.java" in text(r) or "a.py" in text(r)) and any(f["path"] in ("A.java", "a.py") for f in r["structuredContent"]["files"][:2]), r)
    r = tool("map")
    check("map: a map of the project listing its languages", not r.get("isError") and "java" in text(r) and "python" in text(r), r)

    with open(os.path.join(repo, "a.py"), "w", encoding="utf-8") as f:
        f.write("class Foo:\n    def bar(self):\n        return 1\n")
    r = tool("changes")
    sc = r.get("structuredContent", {})
    check("changes: an uncommitted edit of a.py is listed, with bar modified",
          [f["path"] for f in sc.get("files", [])] == ["a.py"]
          and ("Foo.bar", "modified") in [(d["name"], d["change"]) for d in sc.get("definitions", [])], r)
    check("changes: b.py, which imports a.py, may break",
          [m["path"] for m in sc.get("may_break", [])] == ["b.py"] and "may break" in text(r), r)
    r = tool("symbols", what="outline", path="Many.java", max_chars=200)
    check("max_chars: the text is cut to fit and says how many rows were left out",
          len(text(r)) <= 200 and "more rows, raise max_chars" in text(r)
          and len(r["structuredContent"]["outline"]) + r["structuredContent"]["rows_omitted"] == 31, r)

    send("{not json")
    e = response(None)
    check("a line that is not JSON gets a JSON-RPC parse error (-32700)", e.get("error", {}).get("code") == -32700, e)
    e = request("tools/call", {"name": "grep", "arguments": {}})
    check("a call of an unknown tool gets a JSON-RPC error", "error" in e, e)
    r = tool("symbols", what="everything")
    check("bad arguments are a tool error", r.get("isError") is True, r)
    check("the server still answers after them", tool("status")["structuredContent"]["state"] == "serving")

    t0 = time.time()
    proc.stdin.close()
    rc = proc.wait(timeout=10)
    took = time.time() - t0
    print("mcp exited %.0f ms after stdin closed" % (took * 1000))
    check("stdin closed: the server exits 0 within 2 s", rc == 0 and took <= 2.0, "rc %s after %.2f s" % (rc, took))
    while True:
        line = lines.get(timeout=5)
        if line is None:
            break
        seen.append(line)
    check("stdout held JSON-RPC messages only", all(json.loads(l).get("jsonrpc") == "2.0" for l in seen))
except Exception as ex:  # a protocol failure: report it as a failed check, with the server's stderr
    check("the session ran to its end", False, repr(ex))
    with open(data + "-mcp.stderr", encoding="utf-8", errors="replace") as f:
        print(f.read()[-3000:])
finally:
    if proc.poll() is None:
        proc.kill()
sys.exit(fails)
