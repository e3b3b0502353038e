#!/usr/bin/env bash
# Installs the npm packages the tests use as independent judges (LiveKit server SDK, SignalR JS client). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../tests/js-conformance"
if [ ! -d node_modules/livekit-server-sdk ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
