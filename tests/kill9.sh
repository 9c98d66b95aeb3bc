#!/usr/bin/env bash
# kill -9 torture: a daemon indexing a tree that an editor keeps changing is killed with SIGKILL at
# random moments (during its first index and during the commits of later edits), ROUNDS times.
# After every kill the data dir must open again (the next daemon starts and serves); at the end the
# index in that data dir, brought up to date, must equal a cold index of the same tree, definition
# for definition and import for import. Run by bin/test after the acceptance checks.
#
#   tests/kill9.sh [ROUNDS]        (default 50)
set -euo pipefail
rounds=${1:-50}
repo_root=$(cd "$(dirname "$0")/.." && pwd)
S="$repo_root/bin/symdex"
export SYMDEX_NO_BUILD=1
work=$(mktemp -d /tmp/symdex-kill9.XXXXXX)
T=$work/tree
D=$work/data
daemon_pid=
editor_pid=
cleanup() {
  [ -n "$editor_pid" ] && kill "$editor_pid" 2>/dev/null || true
  [ -n "$daemon_pid" ] && kill -9 "$daemon_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A tree large enough that the first index spans several kills: 6,000 small Java and Python files.
python3 - "$T" <<'PY'
import os, sys
root = sys.argv[1]
for i in range(6000):
    d = os.path.join(root, f"p{i % 40}", f"q{i % 7}")
    os.makedirs(d, exist_ok=True)
    if i % 3 == 0:
        with open(os.path.join(d, f"m{i}.py"), "w") as f:
            f.write(f"import os\n\ndef f{i}():\n    return g{(i + 1) % 6000}()\n")
    else:
        with open(os.path.join(d, f"C{i}.java"), "w") as f:
            f.write(f"import java.util.List;\n\nclass C{i} {{\n  void m{i}() {{ m{(i + 7) % 6000}(); }}\n}}\n")
PY
git -C "$T" init -q -b main
git -C "$T" add -A
git -C "$T" -c user.email=t@example.invalid -c user.name=t commit -q -m tree

# The editor: rewrites, adds and deletes files without pause, and commits now and then.
python3 - "$T" "$work/editor.stop" <<'PY' &
import os, random, subprocess, sys, time
root, stop = sys.argv[1], sys.argv[2]
rnd = random.Random(9)
n = 0
while not os.path.exists(stop):
    n += 1
    i = rnd.randrange(6000)
    d = os.path.join(root, f"p{i % 40}", f"q{i % 7}")
    op = rnd.random()
    path = os.path.join(d, f"E{rnd.randrange(30)}.java")
    if op < 0.6:
        with open(path, "w") as f:
            f.write(f"class E{n} {{\n  void e{n}() {{ m{i}(); }}\n  int v{rnd.randrange(50)};\n}}\n")
    elif op < 0.8:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
    else:
        with open(os.path.join(d, f"C{i}.java" if i % 3 else f"m{i}.py"), "a") as f:
            f.write(f"// edit {n}\n")
    if n % 50 == 0:
        subprocess.run(["git", "-C", root, "add", "-A"], check=False)
        subprocess.run(["git", "-C", root, "-c", "user.email=t@example.invalid", "-c", "user.name=t",
                        "commit", "-q", "-m", f"edit {n}"], check=False, stdout=subprocess.DEVNULL)
    time.sleep(0.02)
PY
editor_pid=$!

fails=0
served=0
for round in $(seq 1 "$rounds"); do
  "$S" serve --root "$T" --data-dir "$D" >"$work/daemon.log" 2>&1 &
  daemon_pid=$!
  # Kill at a random moment: early ones land in the first index, later ones in commits of edits.
  sleep "$(python3 -c "import random; print(random.Random($round).uniform(0.5, 6.0))")"
  if ! kill -0 "$daemon_pid" 2>/dev/null; then
    echo "FAIL - round $round: the daemon did not start on the data dir left by the last kill:"
    cat "$work/daemon.log"
    fails=$((fails + 1))
    daemon_pid=
    continue
  fi
  if grep -qi "corrupt" "$work/daemon.log"; then
    echo "FAIL - round $round: the daemon found the index left by the last kill corrupt:"
    grep -i "corrupt" "$work/daemon.log" | head -3
    fails=$((fails + 1))
  fi
  grep -q "rescan done" "$work/daemon.log" && served=$((served + 1))
  kill -9 "$daemon_pid"
  wait "$daemon_pid" 2>/dev/null || true
  daemon_pid=
done
touch "$work/editor.stop"
wait "$editor_pid" || true
editor_pid=

# The data dir opens, and once brought up to date it answers as a cold index does.
"$S" index "$T" --warm --data-dir "$D" --json --defs-tsv "$work/warm-defs.tsv" --imports-tsv "$work/warm-imports.tsv" --graph-tsv "$work/warm-graph.tsv" \
  >"$work/warm.json" 2>"$work/warm.log" || { echo "FAIL - the data dir does not open after $rounds kills:"; cat "$work/warm.log"; exit 1; }
"$S" index "$T" --data-dir "$work/cold" --json --defs-tsv "$work/cold-defs.tsv" --imports-tsv "$work/cold-imports.tsv" --graph-tsv "$work/cold-graph.tsv" \
  >"$work/cold.json" 2>"$work/cold.log"
ok=1
for what in defs imports graph; do
  if ! cmp -s <(sort "$work/warm-$what.tsv") <(sort "$work/cold-$what.tsv"); then
    echo "FAIL - after $rounds kills the $what differ from a cold index:"
    diff <(sort "$work/warm-$what.tsv") <(sort "$work/cold-$what.tsv") | head -20
    ok=0
  fi
done
parsed=$(python3 -c "import json; print(json.load(open('$work/warm.json'))['files_parsed'])")
files=$(python3 -c "import json; print(json.load(open('$work/cold.json'))['files'])")
if [ "$ok" = 1 ] && [ "$fails" = 0 ]; then
  echo "kill9: $rounds SIGKILLs ($served after the daemon had caught up, killed amid edits; the others during its catch-up index); the data dir always opened;"
  echo "kill9: the index then equals a cold one ($(wc -l < "$work/cold-defs.tsv") definitions, $files files; $parsed files re-parsed to catch up)"
else
  exit 1
fi
