#!/usr/bin/env bash
# Runs every test of PawfectLive against real RabbitMQ and Redis nodes that the tests start themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build-web.sh
scripts/install-test-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
dotnet build PawfectLive.sln -c Release -nologo -v q
# Formatting and code style as .editorconfig says (the build already enforces analyzers and style warnings).
dotnet format PawfectLive.sln --verify-no-changes --no-restore -v q
status=0
dotnet test PawfectLive.sln -c Release --no-build --nologo -m:1 --logger "trx" --results-directory "$results" \
  --logger "console;verbosity=normal" -- RunConfiguration.TestSessionTimeout=1500000 || status=$?
# One closing line for any reader: totals over all test projects, from their TRX reports.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed")); failed += int(counters.get("failed")) + int(counters.get("error"))
    skipped += int(counters.get("total")) - int(counters.get("executed"))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
