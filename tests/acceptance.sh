#!/usr/bin/env bash
# End-to-end acceptance of the CLI contract, with the real launcher, daemon and CLI jars:
# a daemon on a temp git repo, files written and deleted, `sync`, and the answers of
# defs / refs / callers / callees / status / plan, their JSON and their exit codes. Run by bin/test
# after the Maven build (jars must exist; this script never builds).
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/.." && pwd)
S="$repo_root/bin/symdex"
export SYMDEX_NO_BUILD=1
harness_name=accept
. "$repo_root/tests/lib/harness.sh"

q() { "$S" "$@" --data-dir "$D"; }

start_daemon() {
  "$S" serve --root "$R" --data-dir "$D" >"$work/daemon.log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 1 150); do
    if q status --json 2>/dev/null | json_has 'd["state"] == "serving"' 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "daemon did not come up:"; cat "$work/daemon.log"; exit 1
}

mkdir -p "$R"
git -C "$R" init -q -b main
git -C "$R" -c user.email=t@example.invalid -c user.name=t commit -q --allow-empty -m empty
start_daemon

# --- Java and Python pairs
printf 'class Foo { void bar() {} }\n' >"$R/A.java"
printf 'class B { void run() { new Foo().bar(); } }\n' >"$R/B.java"
printf 'class Foo:\n    def bar(self):\n        pass\n' >"$R/a.py"
printf 'from a import Foo\n\ndef main():\n    Foo().bar()\n' >"$R/b.py"
check "sync exits 0" q sync --json
out=$(q defs bar --json); rc=$?
check "defs bar exits 0" test "$rc" = 0
check "defs bar lists A.java and a.py with the contract's fields" json_has \
  'sorted(r["path"] for r in d["results"]) == ["A.java","a.py"] and all(set(r) >= {"path","line","name","kind"} for r in d["results"]) and d["truncated"] is False and isinstance(d["generation"], int) and len(d["head"]) == 40' <<<"$out"
out=$(q callers bar --json)
check "callers bar lists run in B.java and main in b.py" json_has \
  'sorted((r["path"], r["name"]) for r in d["results"]) == [("B.java","run"),("b.py","main")]' <<<"$out"
out=$(q refs Foo --json)
check "refs Foo lists B.java and b.py" json_has 'sorted(set(r["path"] for r in d["results"])) == ["B.java","b.py"]' <<<"$out"
out=$(q callees run --json)
check "callees run lists bar" json_has '"bar" in [r["name"] for r in d["results"]]' <<<"$out"
check "text output names the file and line" bash -c "'$S' defs bar --data-dir '$D' | grep -q '^A.java:1: method bar'"

# --- deletes and edits
rm "$R/A.java" "$R/a.py"
q sync >/dev/null
set +e; out=$(q defs bar --json); rc=$?; set -e
check "defs bar after deleting A.java exits 1" test "$rc" = 1
check "defs bar after deleting A.java is empty" json_has 'd["results"] == []' <<<"$out"
printf 'class B { void run() { } }\n' >"$R/B.java"
printf 'def main():\n    pass\n' >"$R/b.py"
q sync >/dev/null
set +e; out=$(q callers bar --json); rc=$?; set -e
check "callers bar after the edit is empty (exit 1)" test "$rc" = 1 -a "$(json_has 'd["results"] == []' <<<"$out" && echo y)" = y

# --- bad input: the daemon keeps serving and says what it skipped
head -c 4096 /dev/urandom >"$R/blob.bin"; printf '\0' >>"$R/blob.bin"
python3 -c "open('$R/Big.java','w').write('class Big { void huge() {} }\n' + '// filler\n' * (2_100_000))"
printf 'class Lat { // \xe9\xc3(\n void ok() {} }\n' >"$R/Latin.java"
mkdir -p "$R/loop"; ln -s .. "$R/loop/self"
printf 'class Gone {}\n' >"$R/Gone.java"; rm "$R/Gone.java"
q sync >/dev/null
out=$(q status --json)
check "status lists binary, too-large, invalid-utf8 and symlink files" json_has \
  '{(i["path"], i["reason"]) for i in d["file_issues"]} >= {("blob.bin","binary"),("Big.java","too-large"),("Latin.java","invalid-utf8"),("loop/self","symlink")} and d["skipped_files"] >= 4' <<<"$out"
check "status has files, symbols, head, generation, files_parsed_since_start" json_has \
  'all(k in d for k in ["files","symbols","head","generation","files_parsed_since_start"])' <<<"$out"
out=$(q defs ok --json)
check "the invalid UTF-8 file is still indexed" json_has '[r["path"] for r in d["results"]] == ["Latin.java"]' <<<"$out"

# --- delta: what changed since a revision, at the symbol level, uncommitted edits included
git -C "$R" add -A
git -C "$R" -c user.email=t@example.invalid -c user.name=t commit -q -m "pairs"
printf 'class B { void run() { } void later() { } }\n' >"$R/B.java"
q sync >/dev/null
out=$(q delta --since HEAD --json)
check "delta --since HEAD lists the uncommitted edit of B.java and its new method" json_has \
  '[f["path"] for f in d["files"]] == ["B.java"] and {(x["name"], x["change"]) for x in d["definitions"]} >= {("later", "added")} and len(d["since_commit"]) == 40' <<<"$out"
set +e; q delta --since no-such-rev --json >/dev/null 2>&1; rc=$?; set -e
check "delta of an unknown revision is a usage error (exit 2)" test "$rc" = 2

# --- plan: a new definition matching the task is in the plan after one sync
printf 'class Refunds {\n  void refundPayment(long cents) { }\n}\n' >"$R/Refunds.java"
q sync >/dev/null
out=$(q plan "refund the payment" --budget 2000 --json)
check "plan ranks the file defining the task's method first, with reasons and spans, within the budget" json_has \
  'd["items"][0]["path"] == "Refunds.java" and d["items"][0]["reasons"] and d["items"][0]["spans"][0]["name"] == "Refunds.refundPayment" and 0 < d["packing"]["tokens"] <= 2000 and "refundPayment" in d["text"]' <<<"$out"
check "plan's text starts with its summary line and lists the file" bash -c \
  "'$S' plan 'refund the payment' --budget 2000 --data-dir '$D' | head -2 | grep -q '^ 1. Refunds.java'"
set +e; q plan "refund" --budget 10 >/dev/null 2>&1; rc=$?; set -e
check "a plan budget out of bounds is a usage error (exit 2)" test "$rc" = 2

# --- one daemon per data dir
set +e; "$S" serve --root "$R" --data-dir "$D" >"$work/second.log" 2>&1; rc=$?; set -e
check "a second daemon on the same data dir fails fast" test "$rc" != 0
check "and says who holds it" grep -q "in use by pid $daemon_pid" "$work/second.log"

# --- a live daemon's socket is never taken over; a socket outside the data dir needs the flag
set +e; "$S" serve --root "$R" --data-dir "$work/data6" --listen "unix:$D/symdex.sock" --allow-socket-path >"$work/taker.log" 2>&1; rc=$?; set -e
check "a second daemon on a live daemon's socket is refused (non-zero exit)" bash -c '[ "$1" != 0 ] && grep -q "answers on" "$2"' _ "$rc" "$work/taker.log"
check "and the first still answers on it" bash -c "'$S' status --json --data-dir '$D' | grep -q '\"root\"'"
set +e; "$S" serve --root "$R" --data-dir "$work/data6" --listen "unix:$work/elsewhere.sock" >"$work/elsewhere.log" 2>&1; rc=$?; set -e
check "a socket outside the data dir without --allow-socket-path is refused" bash -c '[ "$1" != 0 ] && grep -q -- "--allow-socket-path" "$2"' _ "$rc" "$work/elsewhere.log"
check "the data dir holds only owner-only files (0600) and directories (0700)" \
  bash -c '[ -z "$(find "$1" -mindepth 1 \( -type f -o -type d \) -perm /077)" ]' _ "$D"

# --- restart: warm, nothing parsed
"$S" stop --data-dir "$D" >/dev/null 2>&1
wait "$daemon_pid" 2>/dev/null || true
daemon_pid=
set +e; q status >/dev/null 2>&1; rc=$?; set -e
check "no daemon answers: exit 3" test "$rc" = 3
start_daemon
out=$(q status --json)
check "after restart files_parsed_since_start is 0" json_has 'd["files_parsed_since_start"] == 0 and d["files"] > 0' <<<"$out"
out=$(q defs run --json)
check "after restart queries answer at once" json_has '[r["path"] for r in d["results"]] == ["B.java"]' <<<"$out"

# --- a daemon on loopback TCP with a token: the CLI sends it (--token-file, or $SYMDEX_TOKEN_FILE)
TK=$work/token; printf 'tok-%s%s\n' "$RANDOM" "$RANDOM" > "$TK"; chmod 600 "$TK"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$S" serve --root "$R" --data-dir "$work/data4" --listen "tcp:127.0.0.1:$port" --token-file "$TK" > "$work/tcp.log" 2>&1 &
tcp_pid=$!
tq() { "$S" "$@" --connect "tcp:127.0.0.1:$port"; }
for _ in $(seq 1 300); do
  if tq status --json --token-file "$TK" 2>/dev/null | json_has 'd["state"] == "serving"' 2>/dev/null; then break; fi
  sleep 0.2
done
out=$(tq defs run --json --token-file "$TK")
check "TCP with a token: the CLI sends --token-file's token" json_has '[r["path"] for r in d["results"]] == ["B.java"]' <<<"$out"
out=$(SYMDEX_TOKEN_FILE=$TK tq defs run --json)
check "TCP with a token: the CLI sends \$SYMDEX_TOKEN_FILE's token" json_has '[r["path"] for r in d["results"]] == ["B.java"]' <<<"$out"
rc=0; err=$(tq defs run 2>&1 >/dev/null) || rc=$?
check "TCP with a token: a call without it fails (exit 4, UNAUTHENTICATED)" bash -c '[ "$1" = 4 ] && grep -q UNAUTHENTICATED <<<"$2"' _ "$rc" "$err"
printf 'wrong\n' > "$work/wrong-token"
rc=0; err=$(tq defs run --token-file "$work/wrong-token" 2>&1 >/dev/null) || rc=$?
check "TCP with a token: a wrong token fails (exit 4, UNAUTHENTICATED)" bash -c '[ "$1" = 4 ] && grep -q UNAUTHENTICATED <<<"$2"' _ "$rc" "$err"
kill -TERM "$tcp_pid"; wait "$tcp_pid" || true

# --- loopback TCP without --token-file: the data dir's token is demanded, and the CLI finds it
port5=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$S" serve --root "$R" --data-dir "$work/data5" --listen "tcp:127.0.0.1:$port5" > "$work/tcp5.log" 2>&1 &
tcp5_pid=$!
t5() { "$S" "$@" --connect "tcp:127.0.0.1:$port5" --data-dir "$work/data5"; }
for _ in $(seq 1 300); do
  if t5 status --json 2>/dev/null | json_has 'd["state"] == "serving"' 2>/dev/null; then break; fi
  sleep 0.2
done
out=$(t5 defs run --json)
check "loopback TCP: the CLI sends its data dir's daemon's token by itself" json_has '[r["path"] for r in d["results"]] == ["B.java"]' <<<"$out"
mkdir -p "$work/other"
rc=0; err=$("$S" add-project --root "$work/other" --connect "tcp:127.0.0.1:$port5" --data-dir "$work/data6" 2>&1 >/dev/null) || rc=$?
check "loopback TCP: a call without the token (AddProject) fails (exit 4, UNAUTHENTICATED)" bash -c '[ "$1" = 4 ] && grep -q UNAUTHENTICATED <<<"$2"' _ "$rc" "$err"
kill -TERM "$tcp5_pid"; wait "$tcp5_pid" || true

# --- file names under LC_ALL=C (systemd, cron, containers): a UTF-8 name is indexed, a name that
# is not UTF-8 is listed as skipped with its reason, and neither crashes nor loops the scan
NR=$work/names; ND=$work/data-names; mkdir -p "$NR"
printf 'class E { void accent() {} }\n' >"$NR/$(printf 'caf\303\251').java"
printf 'class F { void lost() {} }\n' >"$NR/$(printf '\377').java"
printf 'class G { void plain() {} }\n' >"$NR/Plain.java"
LC_ALL=C "$S" serve --root "$NR" --data-dir "$ND" >"$work/names.log" 2>&1 &
names_pid=$!
nq() { LC_ALL=C "$S" "$@" --data-dir "$ND"; }
for _ in $(seq 1 150); do
  if nq status --json 2>/dev/null | json_has 'd["state"] == "serving"' 2>/dev/null; then break; fi
  sleep 0.2
done
out=$(nq defs accent --json || true)
check "LC_ALL=C: caf\u00e9.java is indexed" json_has '[r["path"] for r in d["results"]] == ["caf\u00e9.java"]' <<<"$out"
nq sync >/dev/null || true
out=$(nq status --json || true)
check "LC_ALL=C: the non-UTF-8 name is listed as skipped (bad-file-name), not silently absent" json_has \
  '("\ufffd.java", "bad-file-name") in [(i["path"], i["reason"]) for i in d["file_issues"]] and d["skipped_files"] == 1 and d["files"] == 2' <<<"$out"
gen() { nq status --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["generation"])' 2>/dev/null || echo none; }
g1=$(gen); sleep 2; g2=$(gen)
check "LC_ALL=C: the scan does not loop (generation $g1 then $g2, one rescan in the log)" \
  bash -c '[ "$1" = "$2" ] && [ "$(grep -c "rescan:" "$3")" = 1 ] && ! grep -q "indexer failed\|InvalidPathException" "$3"' _ "$g1" "$g2" "$ND/logs/symdex.0.log"
kill -TERM "$names_pid"; wait "$names_pid" || true

# --- the CLI covers every RPC
help=$("$S" --help 2>&1)
for cmd in status find-definitions find-references callers callees sync; do
  check "CLI has subcommand $cmd" grep -q "$cmd" <<<"$help"
done
check "find-definitions takes --limit from the request message" bash -c "'$S' find-definitions --help | grep -q -- '--limit'"

# --- one-shot cold index
out=$("$S" index "$R" --data-dir "$work/data2" --json)
check "index --json prints the contract's keys" json_has \
  'all(isinstance(d[k], int) for k in ["files","symbols","references","calls","imports","parse_errors","elapsed_ms"]) and d["files"] >= 3' <<<"$out"

# --- SIGTERM during a large first index: the data dir reopens, what was committed is not parsed again
BIG=$work/big; BD=$work/data3; big_files=30000
python3 - "$BIG" "$big_files" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(root, f"p{i // 500}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"C{i}.java"), "w") as f:
        f.write(f"class C{i} {{\n  int f{i};\n  void m{i}(C{(i + 1) % n} next) {{ next.m{(i + 1) % n}(null); }}\n}}\n")
PY
"$S" serve --root "$BIG" --data-dir "$BD" >"$work/big.log" 2>&1 &
big_pid=$!
bq() { "$S" "$@" --data-dir "$BD"; }
done_before=0
for _ in $(seq 1 300); do
  st=$(bq status --json 2>/dev/null || true)
  done_before=$(python3 -c "import json,sys; d=json.loads(sys.argv[1] or '{}'); print(d.get('files',0) if d.get('state')=='indexing' else (-1 if d.get('state')=='serving' else 0))" "$st")
  if [ "$done_before" -ge 4096 ] || [ "$done_before" -lt 0 ]; then break; fi
  sleep 0.1
done
kill -TERM "$big_pid"
big_rc=0; wait "$big_pid" || big_rc=$?
check "SIGTERM during the first index: the daemon exits cleanly (rc $big_rc)" test "$big_rc" = 0 -o "$big_rc" = 143
check "SIGTERM came while indexing, after a checkpoint (committed files: $done_before)" test "$done_before" -ge 4096
"$S" serve --root "$BIG" --data-dir "$BD" >"$work/big2.log" 2>&1 &
big_pid=$!
for _ in $(seq 1 600); do
  if bq status --json 2>/dev/null | json_has 'd["state"] == "serving"' 2>/dev/null; then break; fi
  sleep 0.2
done
out=$(bq status --json)
check "after the restart the index is complete and the committed files were not parsed again" json_has \
  "d['state'] == 'serving' and d['files'] == $big_files and 0 < d['files_parsed_since_start'] <= $big_files - $done_before" <<<"$out"
out=$(bq defs m29999 --json)
check "and answers for the last file" json_has '[r["path"] for r in d["results"]] == ["p59/C29999.java"]' <<<"$out"
kill -TERM "$big_pid"; wait "$big_pid" || true

# --- hostile nesting (issue 11): 20,000 nested classes took 5.5 GB and wedged the index loop,
# SIGTERM was ignored, and a restart wedged again. SIGTERM mid-apply must end the daemon; after a
# restart the deep file is indexed flattened and a file over the facts budget is skipped, with why.
HOST=$work/hostile; HD=$work/data-hostile
python3 - "$HOST" <<'PY'
import os, sys
root = sys.argv[1]
for i in range(6000):
    d = os.path.join(root, f"p{i // 300}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"C{i}.java"), "w") as f:
        f.write(f"class C{i} {{\n  void m{i}() {{ m{(i + 1) % 6000}(); }}\n}}\n")
with open(os.path.join(root, "Deep.java"), "w") as f:
    f.write("".join(f"class D{i} {{\n" for i in range(20000)) + "void leaf() { leaf(); }\n" + "}\n" * 20000)
with open(os.path.join(root, "Wide.java"), "w") as f:
    f.write("class W {\n" + "".join(f"  class X{i} {{ void w{i}() {{ w{i}(); }} }}\n" for i in range(20000)) + "}\n")
PY
hq() { "$S" "$@" --data-dir "$HD"; }
# exits_within PID SECONDS: true once the process is gone (a wedged daemon never goes)
exits_within() { for _ in $(seq 1 $(($2 * 10))); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; return 1; }
"$S" serve --root "$HOST" --data-dir "$HD" --facts-budget-mb 8 >"$work/hostile.log" 2>&1 &
host_pid=$!
state=none
for _ in $(seq 1 600); do
  st=$(hq status --json 2>/dev/null || true)
  state=$(python3 -c "import json,sys; d=json.loads(sys.argv[1] or '{}'); print(d.get('state','none') if d.get('progress_done',0) > 0 or d.get('state') == 'serving' else 'none')" "$st")
  if [ "$state" != none ]; then break; fi
  sleep 0.05
done
kill -TERM "$host_pid"
if exits_within "$host_pid" 60; then host_rc=0; wait "$host_pid" || host_rc=$?; else host_rc=wedged; kill -9 "$host_pid"; fi
check "SIGTERM while indexing the hostile tree (state $state) ends the daemon (rc $host_rc)" test "$host_rc" = 0 -o "$host_rc" = 143
"$S" serve --root "$HOST" --data-dir "$HD" --facts-budget-mb 8 >"$work/hostile2.log" 2>&1 &
host_pid=$!
for _ in $(seq 1 900); do
  if hq status --json 2>/dev/null | json_has 'd["state"] == "serving"' 2>/dev/null; then break; fi
  sleep 0.2
done
out=$(hq status --json)
check "the restart indexes the hostile tree (no wedge): serving, 6,001 files indexed (Wide.java skipped)" json_has "d['state'] == 'serving' and d['files'] == 6001 and d['skipped_files'] == 2" <<<"$out"
check "the deep file is listed as flattened, the wide one as over the budget, each with its detail" json_has \
  '{i["path"]: (i["reason"], i["detail"]) for i in d["file_issues"]} == {"Deep.java": ("nesting too deep: flattened", "19968 definitions nested deeper than 32 levels kept under their level-32 container"), "Wide.java": ("over-budget", "facts would take more than 8 MB (budget per file)")}' <<<"$out"
out=$(hq defs D19999 --json)
check "a class 20,000 deep is found, under its 32nd-level container" json_has \
  '[(r["path"], len(r["container"].split("."))) for r in d["results"]] == [("Deep.java", 32)]' <<<"$out"
kill -TERM "$host_pid"
if exits_within "$host_pid" 60; then host_rc=0; wait "$host_pid" || host_rc=$?; else host_rc=wedged; kill -9 "$host_pid"; fi
check "and SIGTERM ends it again (rc $host_rc)" test "$host_rc" = 0 -o "$host_rc" = 143

# --- a damaged index (issue 12): a truncated or bit-flipped data.mdb crashed the JVM inside LMDB
# (SIGBUS, SIGSEGV) on every start. Now it is checked before it is opened, moved aside (kept) and
# rebuilt, with a log line saying why; one cut short under a running daemon fails queries
# (DATA_LOSS) instead of killing it, and the next start rebuilds.
DR=$work/damaged; DDD=$work/data-damaged
mkdir -p "$DR"
for i in $(seq 0 39); do printf 'class K%d {\n  void k%d() { k%d(); }\n  String s = "%s";\n}\n' "$i" "$i" "$(( (i + 1) % 40 ))" "$(head -c $((i * 60)) /dev/zero | tr '\0' x)" >"$DR/K$i.java"; done
dq() { "$S" "$@" --data-dir "$DDD"; }
serve_damaged() {
  "$S" serve --root "$DR" --data-dir "$DDD" >>"$work/damaged.log" 2>&1 &
  dmg_pid=$!
  for _ in $(seq 1 300); do
    if dq status --json 2>/dev/null | json_has 'd["state"] == "serving"' 2>/dev/null; then return 0; fi
    kill -0 "$dmg_pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
stop_damaged() { kill -TERM "$dmg_pid"; wait "$dmg_pid" || true; }
serve_damaged
check "a damaged-index daemon serves, then stops" test -n "$(find "$DDD/index" -name data.mdb)"
stop_damaged
mdb=$(find "$DDD/index" -name data.mdb)
truncate -s $(( $(stat -c %s "$mdb") / 2 )) "$mdb"
check "restarted over a data.mdb cut in half, the daemon comes up" serve_damaged
check "its log says the index was damaged, why, and where it was moved" grep -q "was damaged and is rebuilt from the tree: .*moved aside to .*corrupt-" "$work/damaged.log"
check "the damaged index is kept aside" test "$(find "$DDD/index" -maxdepth 1 -name '*.corrupt-*' | wc -l)" = 1
out=$(dq defs k39 --json)
check "and the rebuilt index answers" json_has '[r["path"] for r in d["results"]] == ["K39.java"]' <<<"$out"
stop_damaged
python3 - "$mdb" <<'PY'
import random, sys
p = sys.argv[1]
with open(p, "r+b") as f:
    data = bytearray(f.read())
    rnd = random.Random(11)
    for _ in range(8):  # bits flipped in data pages (past the two meta pages)
        i = rnd.randrange(2 * 4096, len(data))
        data[i] ^= 1 << rnd.randrange(8)
    f.seek(0); f.write(data)
PY
seen=$(wc -l <"$work/damaged.log")
check "restarted over a data.mdb with 8 flipped bits, the daemon comes up" serve_damaged
out=$(dq defs k39 --json)
check "and answers right (walked and kept, or rebuilt)" json_has '[r["path"] for r in d["results"]] == ["K39.java"]' <<<"$out"
check "the start walked the index, changed since its clean close" bash -c "tail -n +$((seen + 1)) '$work/damaged.log' | grep -Eq 'index .*(verified in [0-9]+ ms|was damaged and is rebuilt)'"
truncate -s 16384 "$mdb"
rc=0; dq defs k39 --json >/dev/null 2>&1 || rc=$?
sleep 2.5 # the poller checks the file every 2 s, and says so once
dq defs k39 --json >/dev/null 2>&1 || rc=$?
check "data.mdb cut short under the running daemon: a query fails (rc $rc)" test "$rc" != 0
check "and the daemon is still alive (no SIGBUS)" kill -0 "$dmg_pid"
check "its log says the index file was truncated while open" grep -q "data.mdb was truncated while open" "$work/damaged.log"
stop_damaged
check "the next start rebuilds it" serve_damaged
out=$(dq defs k39 --json)
check "and answers again" json_has '[r["path"] for r in d["results"]] == ["K39.java"]' <<<"$out"
stop_damaged

echo
if [ "$fails" -gt 0 ]; then echo "acceptance: $fails check(s) failed"; echo "--- daemon log"; cat "$work/daemon.log"; exit 1; fi
echo "acceptance: all checks passed"
