#!/usr/bin/env bash
# End-to-end: a CLI that knows where you are, with the real launcher, daemon and CLI jars. One
# daemon serves two trees; a command run from inside either answers from that tree, --path may be
# relative to the current directory, --project takes an id prefix or a directory name (an
# ambiguous one is exit 2 naming the candidates), rows carry their source line with --with-source,
# a daemon on TCP is found from its data dir alone, and `symdex install` links the launcher.
# Run by bin/test after the Maven build (jars must exist; this script never builds).
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/.." && pwd)
S="$repo_root/bin/symdex"
export SYMDEX_NO_BUILD=1
harness_name=cwd
. "$repo_root/tests/lib/harness.sh"

R2=$work/elsewhere/tool     # a second project
R3=$work/more/tool          # a third, with the same directory name
mkdir -p "$R/src/shop" "$R2/src/util" "$R3"
printf 'package shop;\nclass Shop {\n  void sell() { new Ledger().record(); }\n}\n' >"$R/src/shop/Shop.java"
printf 'package shop;\nclass Ledger {\n  void record() {}\n}\n' >"$R/src/shop/Ledger.java"
printf 'package util;\nclass Strings {\n  static String pad(String s) { return s; }\n  void record() {}\n}\n' >"$R2/src/util/Strings.java"
printf 'class Other { void record() {} }\n' >"$R3/Other.java"

"$S" serve --root "$R" --data-dir "$D" >"$work/daemon.log" 2>&1 &
daemon_pid=$!
q() { "$S" "$@" --data-dir "$D"; }
for _ in $(seq 1 150); do
  if q status --json 2>/dev/null | json_has 'd["state"] == "serving"' 2>/dev/null; then break; fi
  sleep 0.2
done
q add-project --root "$R2" >/dev/null
q add-project --root "$R3" >/dev/null
q sync --project "$R2" >/dev/null
q sync --project "$R3" >/dev/null

out=$(cd "$R2/src/util" && q defs record --json)
check "inside the second project, defs answers from it" json_has '[r["path"] for r in d["results"]] == ["src/util/Strings.java"]' <<<"$out"
out=$(cd "$R/src" && q defs record --json)
check "inside the default project, defs answers from it" json_has '[r["path"] for r in d["results"]] == ["src/shop/Ledger.java"]' <<<"$out"
out=$(cd "$work" && q defs record --json)
check "outside every project, the default one answers" json_has '[r["path"] for r in d["results"]] == ["src/shop/Ledger.java"]' <<<"$out"
out=$(cd "$R/src/shop" && q file-outline --path ./Ledger.java --json)
check "--path ./Ledger.java is relative to the current directory" json_has '{r["path"] for r in d["results"]} == {"src/shop/Ledger.java"} and "record" in [r["name"] for r in d["results"]]' <<<"$out"
out=$(cd "$work" && q file-outline --path "$R2/src/util/Strings.java" --json)
check "an absolute --path names its project and file" json_has '"pad" in [r["name"] for r in d["results"]]' <<<"$out"
out=$(cd "$R2/src" && q defs record --path-prefix util/ --json)
check "--path-prefix is relative to the current directory too" json_has '[r["path"] for r in d["results"]] == ["src/util/Strings.java"]' <<<"$out"
out=$(cd "$R/src/shop" && "$S" defs record --data-dir "$D" --json)
check "the fast path and the full CLI agree (same answer with --json)" json_has '[r["path"] for r in d["results"]] == ["src/shop/Ledger.java"]' <<<"$out"

id2=$(q list-projects --json | python3 -c "import json,sys; print([p['id'] for p in json.load(sys.stdin)['projects'] if p['root']=='$R2'][0])")
out=$(cd "$work" && q defs record --project "${id2:0:8}" --json)
check "--project takes a unique id prefix ($id2)" json_has '[r["path"] for r in d["results"]] == ["src/util/Strings.java"]' <<<"$out"
base=$(basename "$R")
out=$(cd "$work" && q defs record --project "$base" --json)
check "--project takes a root's directory name" json_has '[r["path"] for r in d["results"]] == ["src/shop/Ledger.java"]' <<<"$out"
rc=0; err=$(cd "$work" && q defs record --project tool 2>&1 >/dev/null) || rc=$?
check "an ambiguous --project is exit 2 naming both candidates" bash -c '[ "$1" = 2 ] && grep -q ambiguous <<<"$2" && grep -qF "$3" <<<"$2" && grep -qF "$4" <<<"$2"' _ "$rc" "$err" "$R2" "$R3"

out=$(cd "$R/src/shop" && q callers record --with-source)
check "--with-source prints each row's line under it" bash -c 'grep -q "^src/shop/Shop.java:3: method sell" <<<"$1" && grep -qF "    void sell() { new Ledger().record(); }" <<<"$1"' _ "$out"
out=$(cd "$R" && q refs Ledger --json)
check "references name their enclosing definition" json_has 'd["results"][0]["enclosing"]["name"] == "sell"' <<<"$out"
kill -STOP "$daemon_pid"   # an edit the daemon has not indexed yet: its lines are not shown
printf 'package shop;\n// moved\nclass Ledger {\n  void record() {}\n}\n' >"$R/src/shop/Ledger.java"
kill -CONT "$daemon_pid"
out=$(cd "$R" && q defs record --with-source --json)
check "a file edited since indexing gives no wrong line" json_has \
  'all((r["source_stale"] and r["source"] == "") or r["source"] == "void record() {}" for r in d["results"])' <<<"$out"
kill -TERM "$daemon_pid"; wait "$daemon_pid" || true; daemon_pid=

# --- a daemon on loopback TCP: its data dir alone finds it (daemon.json), token and all
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$S" serve --root "$R" --data-dir "$work/tcpdata" --listen "tcp:127.0.0.1:$port" >"$work/tcp.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 1 150); do
  if "$S" status --json --data-dir "$work/tcpdata" 2>/dev/null | json_has 'd["state"] == "serving"' 2>/dev/null; then break; fi
  sleep 0.2
done
out=$(cd "$R/src" && "$S" defs record --json --data-dir "$work/tcpdata")
check "a TCP daemon is found from its data dir (no --connect)" json_has '[r["path"] for r in d["results"]] == ["src/shop/Ledger.java"]' <<<"$out"
kill -TERM "$daemon_pid"; wait "$daemon_pid" || true; daemon_pid=

# --- symdex install
bindir=$work/home/.local/bin
out=$(HOME=$work/home PATH=/usr/bin:/bin "$S" install 2>&1)
check "install links ~/.local/bin/symdex to this launcher" test "$(readlink -f "$bindir/symdex")" = "$(readlink -f "$S")"
check "install says when ~/.local/bin is not on PATH" grep -q "not on your PATH" <<<"$out"
check "install again is a no-op" env HOME="$work/home" PATH="$bindir:/usr/bin:/bin" "$S" install
rm "$bindir/symdex"; printf 'mine\n' >"$bindir/symdex"
rc=0; err=$(HOME=$work/home "$S" install 2>&1) || rc=$?
check "install never replaces another file (exit 2, says why)" bash -c '[ "$1" = 2 ] && grep -q "not a link" <<<"$2" && [ "$(cat "$3")" = mine ]' _ "$rc" "$err" "$bindir/symdex"

echo
if [ "$fails" -gt 0 ]; then echo "cwd: $fails check(s) failed"; echo "--- daemon log"; cat "$work/daemon.log"; exit 1; fi
echo "cwd: all checks passed"
