#!/usr/bin/env bash
# Builds the services (which writes their OpenAPI documents to obj/openapi/) and copies the documents to docs/openapi/,
# the committed copies the gateway's /openapi/{service}.json routes describe. Run after changing a route; a unit test
# fails while a committed copy is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
for service in Streams Webhooks Notifications; do
  dotnet build "services/$service/PawfectLive.$service.csproj" -nologo -v q
  cp "services/$service/obj/openapi/PawfectLive.$service.json" "docs/openapi/${service,,}.json"
done
echo "docs/openapi/ is up to date."
