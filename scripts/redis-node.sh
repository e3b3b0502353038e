#!/usr/bin/env bash
# Runs an isolated Redis on loopback, state in one folder, in the foreground.
# Usage: redis-node.sh <state-dir> <port> [--persist]
set -euo pipefail
state_dir=$(mkdir -p "$1" && cd "$1" && pwd)
port=$2
if ! command -v redis-server >/dev/null; then
  echo "redis-server is not installed; run scripts/install-deps.sh" >&2
  exit 127
fi
if [ "${3:-}" = "--persist" ]; then
  exec redis-server --port "$port" --bind 127.0.0.1 --dir "$state_dir" --appendonly yes --save '' --protected-mode yes
fi
exec redis-server --port "$port" --bind 127.0.0.1 --dir "$state_dir" --appendonly no --save '' --protected-mode yes
