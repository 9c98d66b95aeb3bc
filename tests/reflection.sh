#!/usr/bin/env bash
# A gRPC client that no one here wrote uses the API through server reflection over the Unix
# socket: `buf curl` (the buf CLI from the npm registry, pinned: tests/lib/buf.sh)
# lists the services, then calls Status and FindDefinitions with JSON requests it encodes from the
# descriptors the daemon serves. Run by bin/test after the Maven build (jars must exist).
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/.." && pwd)
S="$repo_root/bin/symdex"
export SYMDEX_NO_BUILD=1
. "$repo_root/tests/lib/buf.sh"

harness_name=reflect
. "$repo_root/tests/lib/harness.sh"

mkdir -p "$R"
git -C "$R" init -q -b main
printf 'class Foo { void bar() {} }\n' >"$R/A.java"
"$S" serve --root "$R" --data-dir "$D" >"$work/daemon.log" 2>&1 &
daemon_pid=$!
"$S" wait --data-dir "$D" --deadline-ms 60000 >/dev/null 2>&1 || { echo "daemon did not come up:"; cat "$work/daemon.log"; exit 1; }
"$S" sync --data-dir "$D" >/dev/null

# The command a README can show: plain gRPC (HTTP/2 without TLS) over the socket, schema by reflection.
sock=$D/symdex.sock
bcurl() { "$buf" curl --protocol grpc --http2-prior-knowledge --unix-socket "$sock" "$@"; }

out=$(bcurl --list-services http://localhost)
check "reflection lists symdex.v1.SymdexService, health and reflection" \
  grep -qx 'symdex.v1.SymdexService' <<<"$out"
out=$(bcurl http://localhost/symdex.v1.SymdexService/Status)
check "Status through reflection says serving, with the root" json_has \
  "d['state'] == 'serving' and d['root'] == '$R'" <<<"$out"
out=$(bcurl -d '{"name": "bar"}' http://localhost/symdex.v1.SymdexService/FindDefinitions)
check "FindDefinitions bar through reflection finds A.java" json_has \
  "[(r['path'], r['kind']) for r in d['results']] == [('A.java', 'method')]" <<<"$out"
rc=0; bcurl -d '{"name": ""}' http://localhost/symdex.v1.SymdexService/FindDefinitions >/dev/null 2>"$work/err" || rc=$?
check "an invalid request is refused with the gRPC status (invalid_argument)" grep -qi 'invalid_argument' "$work/err"

if [ "$fails" -gt 0 ]; then echo "reflection: $fails check(s) failed"; cat "$work/daemon.log"; exit 1; fi
echo "reflection: all checks passed"
