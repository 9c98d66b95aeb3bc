#!/usr/bin/env bash
# End-to-end check of `symdex mcp` and of starting a daemon on demand, with the real launcher,
# daemon and CLI jars: with no daemon on the data dir, `bin/symdex mcp` (driven over stdio by
# tests/lib/mcp_session.py, as an agent would) starts one for its directory and answers every tool
# from it; then `serve --detach` and a query's `--start`. Run by bin/test after the Maven build
# (jars must exist; this script never builds).
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/.." && pwd)
S="$repo_root/bin/symdex"
export SYMDEX_NO_BUILD=1
harness_name=mcp
. "$repo_root/tests/lib/harness.sh"

q() { "$S" "$@" --data-dir "$D"; }
# Daemons started detached are not this shell's children: stop them through the data dir.
trap '"$S" stop --data-dir "$D" >/dev/null 2>&1 || true; cleanup' EXIT
daemon_pid_file() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$D/daemon.json"; }

mkdir -p "$R"
printf 'class Foo { void bar() {} }\n' >"$R/A.java"
printf 'class B { void run() { new Foo().bar(); } }\n' >"$R/B.java"
printf 'class Foo:\n    def bar(self):\n        pass\n' >"$R/a.py"
printf 'from a import Foo\n\ndef main():\n    Foo().bar()\n' >"$R/b.py"
python3 -c 'import sys; print("class Many {\n" + "".join("  void m%d() {}\n" % i for i in range(30)) + "}")' >"$R/Many.java"
git -C "$R" init -q -b main
git -C "$R" add -A
git -C "$R" -c user.email=t@example.invalid -c user.name=t commit -q -m init

# --- mcp with no daemon: it starts one, then every tool answers from it
check "no daemon answers on the data dir before the session" bash -c '! "$1" status --data-dir "$2" >/dev/null 2>&1' _ "$S" "$D"
set +e
python3 "$repo_root/tests/lib/mcp_session.py" "$R" "$D" -- "$S" mcp --data-dir "$D"
session_fails=$?
set -e
fails=$((fails + session_fails))
pid=$(daemon_pid_file)
check "the daemon mcp started outlives the session" kill -0 "$pid"
check "it runs in a session of its own (setsid: no terminal's hang-up reaches it)" \
  bash -c '[ "$(ps -o sid= -p "$1" | tr -d " ")" = "$1" ]' _ "$pid"
check "its output goes to logs/serve-detached.log, mode 0600" \
  bash -c '[ "$(stat -c %a "$1")" = 600 ] && grep -q "serving" "$1"' _ "$D/logs/serve-detached.log"
check "the data dir holds only owner-only files (0600) and directories (0700)" \
  bash -c '[ -z "$(find "$1" -mindepth 1 \( -type f -o -type d \) -perm /077)" ]' _ "$D"

# --- serve --detach: leaves a daemon that answers alone, else starts one and returns once it answers
out=$("$S" serve --detach --root "$R" --data-dir "$D")
check "serve --detach with a daemon running says so and starts nothing" grep -q "pid $pid already running" <<<"$out"
q stop >/dev/null
check "stopped" bash -c '! "$1" status --data-dir "$2" >/dev/null 2>&1' _ "$S" "$D"
out=$("$S" serve --detach --root "$R" --data-dir "$D")
check "serve --detach starts a daemon and returns once it answers" bash -c \
  'grep -q "started, answering on unix:$2/symdex.sock" <<<"$1" && "$3" status --data-dir "$2" >/dev/null' _ "$out" "$D" "$S"
q stop >/dev/null
set +e; err=$("$S" serve --detach --listen tcp:127.0.0.1:1 --data-dir "$D" 2>&1); rc=$?; set -e
check "serve --detach refuses --listen (exit 2)" bash -c '[ "$1" = 2 ] && grep -q -- "--listen" <<<"$2"' _ "$rc" "$err"

# --- a query's --start: starts a daemon for the current directory when none answers
set +e; (cd "$R" && "$S" defs bar --data-dir "$D" >/dev/null 2>&1); rc=$?; set -e
check "without --start a query with no daemon exits 3" test "$rc" = 3
out=$(cd "$R" && "$S" defs bar --start --sync --json --data-dir "$D")
check "with --start it starts one for the current directory and answers" json_has \
  'sorted(r["path"] for r in d["results"]) == ["A.java", "a.py"]' <<<"$out"

echo
if [ "$fails" -gt 0 ]; then echo "mcp: $fails check(s) failed"; cat "$D/logs/serve-detached.log" 2>/dev/null || true; exit 1; fi
echo "mcp: all checks passed"
