#!/usr/bin/env python3
"""Prints the definitions of a name as ``path:line``, one a line, from the daemon of the default
data dir ($SYMDEX_DATA_DIR or ~/.local/share/symdex):

    clients/python/example.py parseArgs

Exit codes as the CLI's: 0 found, 1 nothing found, 2 a request the daemon refused
(INVALID_ARGUMENT) or bad usage, 3 no daemon answers (UNAVAILABLE), 4 any other failure. A gRPC
failure is printed to stderr as ``error: CODE_NAME: details``.
"""
import sys

import grpc

import symdex_client


def main(args):
    if len(args) != 1:
        print("usage: example.py NAME", file=sys.stderr)
        return 2
    try:
        with symdex_client.connect() as symdex:
            found = symdex.find_definitions(args[0])
    except grpc.RpcError as e:
        print(f"error: {e.code().name}: {e.details()}", file=sys.stderr)
        return {grpc.StatusCode.INVALID_ARGUMENT: 2, grpc.StatusCode.UNAVAILABLE: 3}.get(e.code(), 4)
    for r in found.results:
        print(f"{r.path}:{r.line}")
    return 0 if found.results else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
