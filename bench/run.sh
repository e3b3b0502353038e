#!/usr/bin/env bash
# Runs the benchmarks and writes bench/RESULTS.md. Not part of the test command.
#   ./bench/run.sh            (BENCH_SECONDS=10 per load by default)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
if ! command -v wrk >/dev/null; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wrk >/dev/null
fi
(cd bench/js && { [ -d node_modules/socket.io ] && [ -d node_modules/express ] && [ -d node_modules/livekit-server-sdk ] || npm ci --no-audit --no-fund --loglevel=error; })
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build PawfectLive.sln -c Release -nologo -v q
dotnet bench/PawfectLive.Benchmarks/bin/Release/net10.0/PawfectLive.Benchmarks.dll
