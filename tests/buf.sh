#!/usr/bin/env bash
# Checks the symdex.v1 API with buf: `buf lint` (STANDARD rules, proto/buf.yaml) and
# `buf breaking` (FILE rules) against the proto as first published (commit 211eb43): no field
# renumbered, renamed or retyped, no RPC or message removed.
#
# buf comes from the npm registry (@bufbuild/buf, pinned; its binary is the optional dependency
# @bufbuild/buf-linux-x64 and so on, also from npm: nothing is fetched from GitHub), installed
# once into target/buf/ (ignored by git).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$here"
BUF_VERSION=1.75.0
BASELINE=211eb43
dir=target/buf
buf=$dir/node_modules/.bin/buf
if [[ ! -x $buf ]] || [[ $("$buf" --version 2>/dev/null) != "$BUF_VERSION" ]]; then
  mkdir -p "$dir"
  npm install --silent --no-save --no-audit --no-fund --prefix "$dir" "@bufbuild/buf@$BUF_VERSION" >&2
fi
"$buf" lint proto
git cat-file -e "$BASELINE^{commit}" 2>/dev/null || { echo "buf.sh: baseline commit $BASELINE not in this clone" >&2; exit 1; }
"$buf" breaking proto --against ".git#ref=$BASELINE,subdir=proto/src/main/proto"
echo "buf: lint and breaking (against $BASELINE) clean"
