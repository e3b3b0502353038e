#!/usr/bin/env bash
# Builds the web client (web/dist) that the gateway serves at /, when its sources changed. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../web"
if [ ! -d node_modules/vite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -f dist/index.html ] || [ -n "$(find src index.html package-lock.json vite.config.ts -newer dist/index.html -print -quit)" ]; then
  npm run build --silent
fi
