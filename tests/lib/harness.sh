# Sourced by the end-to-end scripts: a work dir with a repo ($R) and a data dir ($D) under it,
# removed on exit along with the daemon ($daemon_pid, when set); TAP-like checks counted in $fails.
# Needs $harness_name (names the work dir).
work=$(mktemp -d "/tmp/symdex-$harness_name.XXXXXX")
R=$work/repo
D=$work/data
daemon_pid=
cleanup() {
  if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then kill "$daemon_pid"; wait "$daemon_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fails=0
pass() { echo "ok   - $*"; }
fail() { echo "FAIL - $*"; fails=$((fails + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }

# json_has FILTER: python expression over `d` (the parsed stdin JSON) must be true
json_has() { python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($1) else 1)"; }
