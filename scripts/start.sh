#!/usr/bin/env bash
# Starts the whole PawfectLive system with the Aspire dashboard. Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build-web.sh
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
export ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "Dashboard: http://localhost:15080   Gateway: http://localhost:5100"
exec dotnet run --project PawfectLive.AppHost --launch-profile http "$@"
