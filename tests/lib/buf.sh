# Sourced by tests/buf.sh and tests/reflection.sh: sets $buf to the buf CLI, pinned, installed
# once from the npm registry (@bufbuild/buf; its binary is the optional dependency
# @bufbuild/buf-linux-x64 and so on, also from npm: nothing is fetched from GitHub) into
# tests/.tools/ (ignored by git). Needs $repo_root.
BUF_VERSION=1.75.0
buf=$repo_root/tests/.tools/node_modules/.bin/buf
if ! [ -x "$buf" ] || [ "$("$buf" --version 2>/dev/null)" != "$BUF_VERSION" ]; then
  echo "installing @bufbuild/buf@$BUF_VERSION from npm into tests/.tools" >&2
  mkdir -p "$repo_root/tests/.tools"
  npm install --silent --no-save --no-audit --no-fund --prefix "$repo_root/tests/.tools" "@bufbuild/buf@$BUF_VERSION" >&2
fi
