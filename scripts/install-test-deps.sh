#!/usr/bin/env bash
# Installs the npm packages the conformance tests use (LiveKit's official server SDK). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../tests/livekit-conformance"
if [ ! -d node_modules/livekit-server-sdk ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
