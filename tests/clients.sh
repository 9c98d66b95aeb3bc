#!/usr/bin/env bash
# The Python and TypeScript clients (clients/python, clients/typescript) against a real daemon on
# a temp git tree: their stubs and types are generated from the proto here (never committed), each
# example prints the definition found as path:line, from the data dir found by default
# (~/.local/share/symdex under $HOME) and through $SYMDEX_DATA_DIR, and exits 2 with the gRPC code
# INVALID_ARGUMENT for a bad request; then each client's own tests (deadline, UNAVAILABLE retries,
# daemon.json). Needs Debian's python3-grpcio, python3-protobuf, protobuf-compiler and
# protobuf-compiler-grpc (.ci/run installs them) and npm (for `npm ci`). Run by bin/test after the
# Maven build (jars must exist).
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/.." && pwd)
S="$repo_root/bin/symdex"
export SYMDEX_NO_BUILD=1
# Debian's python3, whose packages have grpcio and protobuf (python3 on PATH may be another one).
py=/usr/bin/python3

missing=()
"$py" -c 'import grpc, google.protobuf' 2>/dev/null || missing+=(python3-grpcio python3-protobuf)
command -v protoc >/dev/null || missing+=(protobuf-compiler)
command -v grpc_python_plugin >/dev/null || missing+=(protobuf-compiler-grpc)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "clients: missing ${missing[*]} (apt-get install ${missing[*]})" >&2
  exit 1
fi

harness_name=clients
. "$repo_root/tests/lib/harness.sh"
home=$work/home
D=$home/.local/share/symdex # the default data dir of $home

mkdir -p "$R"
git -C "$R" init -q -b main
printf 'package demo;\n\nclass Foo {\n  void bar() {}\n}\n' >"$R/A.java"
git -C "$R" add -A
git -C "$R" -c user.email=t@example.invalid -c user.name=t commit -q -m one
"$S" serve --root "$R" --data-dir "$D" >"$work/daemon.log" 2>&1 &
daemon_pid=$!

# Generate and build while the daemon starts; the TypeScript build goes on during the Python checks.
export SYMDEX_PY_GENERATED=$work/py-generated
"$repo_root/clients/python/generate.sh" "$SYMDEX_PY_GENERATED"
ts=$repo_root/clients/typescript
(cd "$ts" && npm ci --silent --no-audit --no-fund && npm run --silent build) >"$work/npm.log" 2>&1 &
npm_pid=$!
trap 'wait "$npm_pid" 2>/dev/null; cleanup' EXIT # never leave npm writing node_modules behind

"$S" wait --data-dir "$D" --deadline-ms 60000 >/dev/null 2>&1 || { echo "daemon did not come up:"; cat "$work/daemon.log"; exit 1; }
"$S" sync --data-dir "$D" >/dev/null

# example_checks NAME CMD...: the example run by CMD finds bar, both ways, and refuses ""
example_checks() {
  local lang=$1; shift
  local out rc
  out=$(env -u SYMDEX_DATA_DIR HOME="$home" "$@" bar)
  check "$lang example prints A.java:4 from the default data dir" test "$out" = A.java:4
  out=$(env HOME="$work/elsewhere" SYMDEX_DATA_DIR="$D" "$@" bar)
  check "$lang example prints A.java:4 from \$SYMDEX_DATA_DIR" test "$out" = A.java:4
  rc=0; env SYMDEX_DATA_DIR="$D" "$@" "" >/dev/null 2>"$work/err" || rc=$?
  check "$lang example: an empty name is refused with INVALID_ARGUMENT (exit 2)" \
    bash -c "test $rc = 2 && grep -q '^error: INVALID_ARGUMENT: ' '$work/err'"
}

# logged LOG CMD...: runs CMD with its output in LOG, shown only when it fails
logged() { local log=$1; shift; "$@" >"$log" 2>&1 || { cat "$log"; return 1; }; }

example_checks python "$py" "$repo_root/clients/python/example.py"
check "python client tests pass" logged "$work/python-tests.log" \
  env SYMDEX_DATA_DIR="$D" "$py" -m unittest discover -s "$repo_root/clients/python/tests"

wait "$npm_pid" || { echo "clients: npm ci / build failed:"; cat "$work/npm.log"; exit 1; }
example_checks typescript node "$ts/dist/src/example.js"
check "typescript client tests pass" logged "$work/typescript-tests.log" \
  env SYMDEX_DATA_DIR="$D" node --test "$ts/dist/test/client.test.js"

if [ "$fails" -gt 0 ]; then echo "clients: $fails check(s) failed"; cat "$work/daemon.log"; exit 1; fi
echo "clients: all checks passed"
