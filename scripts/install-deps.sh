#!/usr/bin/env bash
# Installs what PawfectLive needs on a Debian machine that has the .NET SDK. Idempotent: does nothing
# when everything is already there.
set -euo pipefail
missing=()
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages..."
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts nothing without systemd, but stop any default instances that might hold our ports.
  $sudo_cmd service rabbitmq-server stop >/dev/null 2>&1 || true
  $sudo_cmd service redis-server stop >/dev/null 2>&1 || true
fi
