#!/usr/bin/env bash
# Generates symdex's Python messages and gRPC stub from the repository's proto into OUT (default:
# clients/python/generated, ignored by git), where symdex_client finds them (or set
# SYMDEX_PY_GENERATED=OUT). Needs protoc and grpc_python_plugin (Debian: protobuf-compiler and
# protobuf-compiler-grpc, of the same releases as python3-protobuf and python3-grpcio, so the
# code they generate fits those runtimes). Written to a temp dir, then moved into place.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
out=${1:-$here/generated}
proto_dir=$here/../../proto/src/main/proto
plugin=$(command -v grpc_python_plugin || true)
if ! command -v protoc >/dev/null || [ -z "$plugin" ]; then
  echo "generate.sh: needs protoc and grpc_python_plugin (apt-get install protobuf-compiler protobuf-compiler-grpc)" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d "$out.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
protoc -I "$proto_dir" --python_out="$tmp" --grpc_python_out="$tmp" \
  --plugin=protoc-gen-grpc_python="$plugin" symdex/v1/symdex.proto
rm -rf "$out"
mv "$tmp" "$out"
