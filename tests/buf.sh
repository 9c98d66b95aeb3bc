#!/usr/bin/env bash
# Checks the symdex.v1 API with buf: `buf lint` (STANDARD rules, proto/buf.yaml) and
# `buf breaking` (FILE rules) against the proto as first published (commit 211eb43): no field
# renumbered, renamed or retyped, no RPC or message removed.
#
# buf comes from the npm registry, pinned, installed once (tests/lib/buf.sh).
set -euo pipefail
repo_root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$repo_root"
BASELINE=211eb43
. "$repo_root/tests/lib/buf.sh"
"$buf" lint proto
git cat-file -e "$BASELINE^{commit}" 2>/dev/null || { echo "buf.sh: baseline commit $BASELINE not in this clone" >&2; exit 1; }
# buf clones the ref's history to a depth (50 by default): reach back past the baseline.
depth=$(( $(git rev-list --count "$BASELINE..HEAD") + 1 ))
"$buf" breaking proto --against ".git#ref=$BASELINE,depth=$depth,subdir=proto/src/main/proto"
echo "buf: lint and breaking (against $BASELINE) clean"
