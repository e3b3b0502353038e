#!/usr/bin/env bash
# Installs what the tests use besides RabbitMQ and Redis, idempotently:
#  - npm packages of the independent judges (LiveKit server SDK, SignalR JS client, the web-push-testing push service) in tests/js-conformance;
#  - Debian's Chromium and an emoji font for the web client's browser tests, and Debian's ffmpeg for the HLS rendition
#    its replay step plays (skipped, with a message, if apt cannot);
#  - the dotnet-dump local tool, which prints the async stacks of a test process that hung.
set -euo pipefail
cd "$(dirname "$0")/.."
(cd tests/js-conformance
 if [ ! -d node_modules/livekit-server-sdk ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
   npm ci --no-audit --no-fund --loglevel=error
 fi)
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/ffmpeg ] || [ ! -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  if ! { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium ffmpeg fonts-noto-color-emoji >/dev/null; }; then
    echo "Chromium or ffmpeg could not be installed: the web client's browser tests will be skipped." >&2
  fi
fi
# dotnet-dump (a local tool, .config/dotnet-tools.json): reads the async stacks of a hung test's process.
dotnet tool restore >/dev/null
